"""Cancelling the bookings a practitioner's listing no longer allows: suspended, a credential revoked, a registration lapsed.

Directory and credentials sit below booking and cannot call it, so the admin screens call
`cancel_for_delisting` right after the suspension or revocation, in the same transaction, and
the daily `cancel-unlisted-bookings` job calls it for registrations that ran out.

A future booking goes when the practitioner is not listed on its local date at the clinic
(directory/listing.py) and that is settled: they are not listed tomorrow there either. So a
suspension cancels everything ahead at once, while a registration expiring on 30 June cancels the
bookings from 1 July on the expiry date itself, unless a renewal was verified first. Cancelling
makes the booking inactive, so a second run finds nothing and sends nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from booking import emails
from booking.models import ACTIVE, Booking
from booking.schedule import listing_allows
from booking.services.bookings import cancel_for_listing, take_write_lock
from core.extensions import db
from directory.listing import NO_EXPIRY, is_listed
from directory.models import Practitioner

SUSPENDED, CREDENTIAL_REVOKED, REGISTRATION_LAPSED = "suspended", "credential_revoked", "registration_lapsed"
# What the patient reads on the booking page and in the email; the codes stay in the data and the API.
REASONS = {
    SUSPENDED: "{name} is suspended from Verity, so they cannot take bookings through Verity for now.",
    CREDENTIAL_REVOKED: "Verity can no longer verify {name}'s professional registration, so they cannot take "
                        "bookings through Verity.",
    REGISTRATION_LAPSED: "{name}'s professional registration is not verified with Verity as current on the day of "
                         "your appointment, so they cannot take bookings through Verity for that day.",
}


@dataclass
class Delisting:
    """What one call cancelled, for the admin's message and the job's summary."""

    practitioner: Practitioner
    bookings: list[Booking]


def reason_text(practitioner: Practitioner, code: str) -> str:
    """The plain-language reason a patient reads for a cancellation with this code."""
    return REASONS[code].format(name=practitioner.name)


def no_longer_allowed(practitioner: Practitioner, booking: Booking, now: datetime) -> bool:
    """Whether the listing no longer allows this booking (booking.schedule.listing_allows, on its clinic's dates)."""
    return not listing_allows(practitioner, booking.starts_at, booking.time_zone, now)


def _future_bookings(practitioner: Practitioner, now: datetime) -> list[Booking]:
    """The practitioner's active bookings starting after now, locked for this transaction, soonest first."""
    take_write_lock()
    db.session.flush()  # the suspension or revocation, so listed_until is recomputed before it is read
    db.session.refresh(practitioner, ["listed_until"])
    return list(db.session.scalars(select(Booking).where(
        Booking.practitioner_id == practitioner.id, Booking.status.in_(ACTIVE), Booking.starts_at > now)
        .order_by(Booking.starts_at, Booking.id).with_for_update()))


def cancel_for_delisting(practitioner: Practitioner, reason_code: str, now: datetime, actor=None) -> Delisting:
    """Cancel every future booking the listing no longer allows; email each patient and, once, the practitioner."""
    reason = reason_text(practitioner, reason_code)
    cancelled = [cancel_for_listing(booking, actor, now, reason, reason_code)
                 for booking in _future_bookings(practitioner, now) if no_longer_allowed(practitioner, booking, now)]
    if cancelled:
        db.session.flush()
        for booking in cancelled:
            emails.queue_delisting_notice(booking, now)
        emails.queue_delisting_summary(practitioner, cancelled, reason)
    return Delisting(practitioner, cancelled)


def lapse_code(practitioner: Practitioner) -> str:
    """Why the daily job finds a practitioner unlisted: suspended, or no registration verified as current."""
    return SUSPENDED if practitioner.suspended_at is not None else REGISTRATION_LAPSED


def practitioners_to_check(now: datetime) -> list[int]:
    """Ids of practitioners with future active bookings whose listing ends at some date (or is gone)."""
    return list(db.session.scalars(
        select(Booking.practitioner_id).join(Practitioner, Practitioner.id == Booking.practitioner_id)
        .where(Booking.status.in_(ACTIVE), Booking.starts_at > now,
               or_(Practitioner.listed_until.is_(None), Practitioner.listed_until < NO_EXPIRY))
        .distinct().order_by(Booking.practitioner_id)))


def cancel_unlisted(now: datetime) -> list[Delisting]:
    """The daily job: cancel what each practitioner's listing no longer allows, one commit per practitioner."""
    done = []
    for practitioner_id in practitioners_to_check(now):
        practitioner = db.session.get(Practitioner, practitioner_id)
        delisting = cancel_for_delisting(practitioner, lapse_code(practitioner), now)
        db.session.commit()
        if delisting.bookings:
            done.append(delisting)
    return done
