"""The practitioner reads a patient's health answers for one of their own bookings (never another's: 404).

Admins cannot read them (this is a practitioner page: 403). Each read is on the audit trail, and the
page is never cached.
"""
from functools import partial

from flask import Blueprint, abort
from flask_login import current_user

from booking import queries as bookings
from booking.display import local_dt
from core.extensions import db
from intake import crypto, queries, services
from intake.pages import UNREADABLE_STATUS, private, rows
from practice.booking_views import practitioner_required

bp = Blueprint("intake_practice", __name__, url_prefix="/practice/booking")


@bp.get("/bookings/<int:booking_id>/health")
@practitioner_required
def answers(practitioner, booking_id: int):
    """The health answers the patient gave for this booking, read now and recorded as read."""
    booking = bookings.practitioners_booking(practitioner, booking_id) or abort(404)
    page = partial(private, "intake/answers.html", booking=booking, rows=[], problem=None, saved_at=None,
                   agenda_day=local_dt(booking.starts_at, booking.time_zone).date().isoformat())
    row = queries.of_booking(booking.id)
    if row is None:
        return page()
    try:
        data = services.read(row, current_user)
    except crypto.Unreadable as error:
        return page(UNREADABLE_STATUS, problem=str(error))
    db.session.commit()
    return page(rows=rows(data), saved_at=row.saved_at)
