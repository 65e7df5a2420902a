"""The single-use link in a review request email: it names the booking and its request's nonce.

Posting the review marks the request used, so the link opens nothing more afterwards; a link also
stops working LINK_DAYS after it was sent, or when the patient's password generation has moved on.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from booking.models import Booking
from core.extensions import db
from reviews.models import ReviewRequest
from reviews.rules import LINK_DAYS

SALT = "verity.review-link"


class LinkInvalid(ValueError):
    """A review link that was tampered with, has expired or was used, with a message for the person."""


def _serializer() -> URLSafeSerializer:
    """Sign with the app's key and a salt of its own."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(request: ReviewRequest, patient) -> str:
    """The token for one review request."""
    return _serializer().dumps({"b": request.booking_id, "n": request.nonce, "v": patient.session_version})


def link_for(request: ReviewRequest, patient) -> str:
    """The full URL of the link, for the email."""
    return url_for("reviews.write", token=make_token(request, patient), _external=True)


def read_token(token: str, now: datetime) -> ReviewRequest:
    """The unused review request a token names, or LinkInvalid saying why it cannot be used."""
    try:
        data = _serializer().loads(token)
    except BadSignature as exc:
        raise LinkInvalid("This link is not valid. Please use the link in your email.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("b"), int) or not isinstance(data.get("n"), str):
        raise LinkInvalid("This link is not valid. Please use the link in your email.")
    request = db.session.get(ReviewRequest, data["b"])
    if request is None or request.nonce != data["n"]:
        raise LinkInvalid("This link is not valid any more.")
    booking = db.session.get(Booking, request.booking_id)
    if booking.patient is None or booking.patient.session_version != data.get("v"):
        raise LinkInvalid("This link is no longer valid. Please log in to see your bookings.")
    if request.used_at is not None:
        raise LinkInvalid("You have already reviewed this appointment, thank you. Each link works once.")
    if now > request.sent_at + timedelta(days=LINK_DAYS):
        raise LinkInvalid(f"This link has expired: reviews can be written within {LINK_DAYS} days of our email.")
    return request
