"""Bookings: a patient's own list of appointments."""
from flask import Blueprint, render_template

from roles import role_required

bp = Blueprint("booking", __name__)


@bp.get("/bookings")
@role_required("patient")
def my_bookings():
    """The patient's upcoming and past bookings."""
    return render_template("booking/my_bookings.html", upcoming=[], past=[])
