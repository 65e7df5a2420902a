"""Review requests: every attended booking is asked once, the day after, whatever the practitioner thinks of it.

No incentive is offered and none is selected: the request goes to every booking marked attended (never
only to happy patients, FTC 16 CFR 465 and the CMA's guidance), at 10:00 on the clinic's clocks the day
after the appointment. Each booking is claimed by inserting its request row (its key is the booking), and
the email is queued in the same transaction, committed at once, so overlapping runs never both send it.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from booking.models import Booking, BookingStatus
from core import mail
from core.extensions import db
from reviews import links, rules
from reviews.models import Review, ReviewRequest


def due_requests(now: datetime) -> list[Booking]:
    """Attended bookings whose request is due now and not sent (nor their review written), oldest first."""
    candidates = db.session.scalars(
        select(Booking).outerjoin(ReviewRequest, ReviewRequest.booking_id == Booking.id)
        .outerjoin(Review, Review.booking_id == Booking.id)
        .where(Booking.status == BookingStatus.ATTENDED.value, ReviewRequest.booking_id.is_(None),
               Review.id.is_(None), Booking.starts_at >= now - rules.REQUEST_WINDOW, Booking.starts_at < now)
        .order_by(Booking.starts_at, Booking.id))
    return [b for b in candidates if rules.request_due_at(b.starts_at, b.time_zone) <= now]


def _claim(booking: Booking, now: datetime) -> ReviewRequest | None:
    """Insert the booking's request row, or None when another run already has."""
    request = ReviewRequest(booking_id=booking.id, nonce=secrets.token_hex(16), sent_at=now)
    db.session.add(request)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None
    return request


def queue_request(booking: Booking, request: ReviewRequest) -> None:
    """Queue the patient's review request: one neutral wording for everyone, with the single-use link."""
    mail.queue(booking.patient.email, f"How was your appointment with {booking.practitioner.name}?",
               "reviews/request", {"booking": booking, "link": links.link_for(request, booking.patient),
                                   "policy": url_for("reviews.policy", _external=True),
                                   "days": rules.LINK_DAYS})


def send_review_requests(now: datetime) -> int:
    """Queue the review request of each attended booking that is due, once; returns how many."""
    sent = 0
    for booking_id in [b.id for b in due_requests(now)]:
        booking = db.session.get(Booking, booking_id)
        request = _claim(booking, now)
        if request is not None:
            queue_request(booking, request)
            sent += 1
        db.session.commit()
    return sent
