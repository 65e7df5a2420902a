"""A patient's bookings in their data export, and what deleting their account does to them.

privacy/ calls these two, beside the same pair from the other domains holding a patient's data
(see privacy/services.py). Future bookings are cancelled, with the practitioner told; every
booking then loses the patient's name, phone and notes, keeping only what the practitioner needs
for their records: what was done or booked, where and when.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from booking import emails
from booking.models import ACTIVE, Booking
from booking.services.bookings import _cancel, _lock
from core.extensions import db

ERASED_NAME = "Patient who deleted their account"
DELETION_REASON = "The patient deleted their Verity account."


def _bookings_of(patient) -> list[Booking]:
    """The patient's bookings, oldest first."""
    return list(db.session.scalars(select(Booking).where(Booking.patient_id == patient.id)
                                   .order_by(Booking.starts_at, Booking.id)))


def _instant(value: datetime | None) -> str | None:
    """An instant as ISO 8601 with its offset (UTC), or None."""
    return value.isoformat() if value else None


def _exported(booking: Booking) -> dict:
    """One booking as the patient downloads it."""
    return {
        "id": booking.id, "status": booking.status, "kind": booking.kind, "treatment": booking.treatment.name,
        "practitioner": booking.practitioner.name, "clinic": booking.clinic_name, "address": booking.clinic_address,
        "starts_at": _instant(booking.starts_at), "ends_at": _instant(booking.ends_at), "time_zone": booking.time_zone,
        "price_from": {"amount_minor": booking.price_from_minor, "currency": booking.currency},
        "name_given": booking.patient_name, "phone_given": booking.patient_phone, "notes": booking.notes,
        "consent": {"version": booking.consent_version, "accepted_at": _instant(booking.consent_accepted_at),
                    "text": booking.consent_text} if booking.consent_version else None,
        "booked_at": _instant(booking.created_at), "cancelled_at": _instant(booking.cancelled_at),
        "cancellation_reason": booking.cancellation_reason,
    }


def export_for_patient(user) -> dict:
    """The patient's bookings, JSON-ready, for their data download."""
    return {"bookings": [_exported(booking) for booking in _bookings_of(user)]}


def erase_for_patient(user, now: datetime) -> list[Booking]:
    """Cancel the patient's future bookings (telling each practitioner), then anonymise all of them.

    Runs inside the delete-account transaction; the cut-off for patients' cancellations does not
    apply, since the account is going. Returns the bookings it cancelled.
    """
    cancelled = []
    for booking in _bookings_of(user):
        if booking.status in ACTIVE and booking.starts_at > now:
            _lock(booking)
            cancelled.append(_cancel(booking, user, now, DELETION_REASON))
        booking.patient_name, booking.patient_phone, booking.notes = ERASED_NAME, "", ""
        if booking.cancelled_by_id == user.id:
            booking.cancellation_reason = DELETION_REASON if booking in cancelled else ""
    for booking in cancelled:
        emails.queue_practitioner_note(booking, "cancelled")
    return cancelled
