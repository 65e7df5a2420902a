"""Signed, expiring links in booking emails that let a patient cancel or move without logging in.

A token names the booking, the booking's change counter (so a link from before a change stops
working), the patient's password generation (so a password change retires every link in the
mailbox) and when it expires (the appointment's start, or sooner). Each purpose has its own
salt, so a cancel link cannot be used to move a booking or the other way round.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from booking.models import Booking
from core.extensions import db

SALTS = {"cancel": "verity.booking-cancel-link", "reschedule": "verity.booking-reschedule-link",
         "view": "verity.booking-view-link"}
DEFAULT_MAX_AGE_DAYS = 120
# Links signed before they carried the patient's password generation stand for the first one.
FIRST_GENERATION = 1


class LinkInvalid(ValueError):
    """A booking link that was tampered with, has expired or is out of date, with a message."""


class LinkOutdated(LinkInvalid):
    """A genuine link to a booking that has changed since: it can still show where the booking stands."""

    def __init__(self, message: str, booking: Booking):
        super().__init__(message)
        self.booking = booking


def _serializer(purpose: str) -> URLSafeSerializer:
    """Sign with the app's key and a salt naming the link's purpose."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALTS[purpose])


def make_token(booking: Booking, purpose: str, now: datetime) -> str:
    """A token for one purpose on this version of the booking, valid until it starts (at most the max age)."""
    max_age = timedelta(days=current_app.config.get("BOOKING_LINK_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS))
    expires = min(booking.starts_at, now + max_age)
    return _serializer(purpose).dumps({"b": booking.id, "s": booking.sequence, "x": int(expires.timestamp()),
                                       "v": booking.patient.session_version})


def read_token(token: str, purpose: str, now: datetime) -> Booking:
    """The booking a token names, or LinkInvalid saying why it cannot be used."""
    try:
        data = _serializer(purpose).loads(token)
    except BadSignature as exc:
        raise LinkInvalid("This link is not valid. Please use the link in your latest booking email, "
                          "or log in to see your bookings.") from exc
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in ("b", "s", "x")):
        raise LinkInvalid("This link is not valid. Please log in to see your bookings.")
    if now.timestamp() > data["x"]:
        raise LinkInvalid("This link has expired. Please log in to see your bookings.")
    booking = db.session.get(Booking, data["b"])
    if booking is None:
        raise LinkInvalid("We could not find this booking. Please log in to see your bookings.")
    if data.get("v", FIRST_GENERATION) != booking.patient.session_version:
        raise LinkInvalid("This link is no longer valid. Please log in to see your bookings.")
    if booking.sequence != data["s"]:
        raise LinkOutdated("This booking has changed since that email was sent. Please use the link in your "
                           "latest booking email, or log in to see your bookings.", booking)
    return booking


def link_for(booking: Booking, purpose: str, now: datetime) -> str:
    """The full URL of a signed link, for an email."""
    return url_for(f"booking.link_{purpose}", token=make_token(booking, purpose, now), _external=True)
