"""The practitioner's own pages: profile, clinics and treatments."""
from flask import Blueprint, render_template

from roles import role_required

bp = Blueprint("practice", __name__, url_prefix="/practice")


@bp.get("/")
@role_required("practitioner")
def dashboard():
    """The practitioner's own overview of their profile, clinics and bookings."""
    return render_template("practice/dashboard.html")
