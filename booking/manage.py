"""After a booking is made: cancel, confirm, no-show, the cut-off, and who may see which booking.

Nothing here commits: the caller does once the whole change is accepted.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from audit.services import record, snapshot
from booking.bookings import AUDITED, BookingError
from booking.models import ACTIVE, Booking, BookingStatus
from booking.slots import zone_of
from core.extensions import db

DEFAULT_CUTOFF_HOURS = 24
REASON_MAX = 1000


class PastCutoff(BookingError):
    """A patient tried to cancel or move a booking after the clinic's cut-off."""


def cutoff_hours(booking: Booking) -> int:
    """Hours before the appointment after which a patient can no longer change it online."""
    clinic = booking.clinic
    return clinic.cancellation_cutoff_hours if clinic is not None else DEFAULT_CUTOFF_HOURS


def change_deadline(booking: Booking) -> datetime:
    """The last instant a patient may cancel or move the booking online."""
    return booking.starts_at - timedelta(hours=cutoff_hours(booking))


def can_change(booking: Booking, now: datetime) -> bool:
    """Whether the patient may still cancel or move the booking."""
    return booking.is_active and now <= change_deadline(booking)


def check_changeable(booking: Booking, now: datetime, verb: str) -> None:
    """Refuse a patient's change to a booking that is no longer active or is past the cut-off."""
    if not booking.is_active:
        raise BookingError(f"This booking is {booking.status_label.lower()}, so it cannot be {verb}.")
    if now > change_deadline(booking):
        hours = cutoff_hours(booking)
        deadline = change_deadline(booking).astimezone(zone_of(booking.time_zone))
        raise PastCutoff(
            f"This booking can no longer be {verb} online: changes close {hours} hour{'s' if hours != 1 else ''} "
            f"before the appointment, which was at {deadline.strftime('%H:%M on %A %-d %B')} "
            f"({booking.time_zone} time). Please contact {booking.practitioner.name} directly.")


def _end(booking: Booking, status: BookingStatus, actor, now: datetime, reason: str) -> None:
    """Cancel the booking, recording who did it and why."""
    before = snapshot(booking, AUDITED)
    booking.status, booking.cancelled_at = status.value, now
    booking.cancelled_by_id, booking.cancellation_reason = getattr(actor, "id", None), reason
    booking.sequence += 1
    booking.updated_at = now
    record(actor, "booking.cancelled", "booking", booking.id, practitioner_id=booking.practitioner_id,
           before=before, after=snapshot(booking, AUDITED), reason=reason)


def cancel_by_patient(booking: Booking, actor, now: datetime, reason: str = "") -> Booking:
    """The patient cancels, before the cut-off; the time becomes free again."""
    check_changeable(booking, now, "cancelled")
    _end(booking, BookingStatus.CANCELLED, actor, now, (reason or "").strip()[:REASON_MAX])
    return booking


def cancel_by_practitioner(booking: Booking, actor, now: datetime, reason: str) -> Booking:
    """The practitioner cancels, at any time before it ends, giving the patient a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise BookingError("Give the patient a reason: it is sent to them in the cancellation email.", "reason")
    if len(reason) > REASON_MAX:
        raise BookingError("Keep the reason to 1,000 characters.", "reason")
    if not booking.is_active:
        raise BookingError(f"This booking is already {booking.status_label.lower()}.")
    if booking.ends_at <= now:
        raise BookingError("This appointment is over: mark it as not attended instead of cancelling it.")
    _end(booking, BookingStatus.CANCELLED, actor, now, reason)
    return booking


def confirm(booking: Booking, actor, now: datetime) -> Booking:
    """The practitioner confirms a booking they have not confirmed yet."""
    if booking.status != BookingStatus.BOOKED.value:
        raise BookingError(f"Only bookings awaiting confirmation can be confirmed; this one is "
                           f"{booking.status_label.lower()}.")
    if booking.ends_at <= now:
        raise BookingError("This appointment is over and can no longer be confirmed.")
    before = snapshot(booking, AUDITED)
    booking.status, booking.confirmed_at, booking.updated_at = BookingStatus.CONFIRMED.value, now, now
    record(actor, "booking.confirmed", "booking", booking.id, practitioner_id=booking.practitioner_id,
           before=before, after=snapshot(booking, AUDITED))
    return booking


def mark_no_show(booking: Booking, actor, now: datetime) -> Booking:
    """The practitioner records that the patient did not come."""
    if not booking.is_active:
        raise BookingError(f"This booking is {booking.status_label.lower()}.")
    if booking.starts_at > now:
        raise BookingError("You can mark a no-show only once the appointment time has come.")
    before = snapshot(booking, AUDITED)
    booking.status, booking.no_show_at, booking.updated_at = BookingStatus.NO_SHOW.value, now, now
    record(actor, "booking.no_show", "booking", booking.id, practitioner_id=booking.practitioner_id,
           before=before, after=snapshot(booking, AUDITED))
    return booking


# Who sees what


def patients_booking(patient, booking_id: int) -> Booking | None:
    """The patient's own booking with this id, or None (another's is treated as missing)."""
    booking = db.session.get(Booking, booking_id)
    return booking if booking is not None and booking.patient_id == patient.id else None


def practitioners_booking(practitioner, booking_id: int) -> Booking | None:
    """The practitioner's own booking with this id, or None (another's is treated as missing)."""
    booking = db.session.get(Booking, booking_id)
    return booking if booking is not None and booking.practitioner_id == practitioner.id else None


def patient_bookings(patient, now: datetime) -> tuple[list[Booking], list[Booking]]:
    """The patient's bookings: upcoming (soonest first) and past or cancelled (latest first)."""
    rows = list(db.session.scalars(select(Booking).where(Booking.patient_id == patient.id)
                                   .options(selectinload(Booking.practitioner), selectinload(Booking.treatment))
                                   .order_by(Booking.starts_at)))
    upcoming = [b for b in rows if b.is_active and b.ends_at > now]
    past = [b for b in reversed(rows) if b not in upcoming]
    return upcoming, past[:100]


@dataclass
class AgendaDay:
    """One local date of a practitioner's agenda with its bookings in time order."""

    day: date
    bookings: list[Booking]


def agenda(practitioner, first_day: date, days: int, include_cancelled: bool = True) -> list[AgendaDay]:
    """The practitioner's bookings on `days` dates from `first_day`, each placed on its clinic's local date."""
    start = datetime.combine(first_day - timedelta(days=1), time(), timezone.utc)
    end = start + timedelta(days=days + 2)
    query = (select(Booking).where(Booking.practitioner_id == practitioner.id, Booking.starts_at >= start,
                                   Booking.starts_at < end)
             .options(selectinload(Booking.treatment)).order_by(Booking.starts_at))
    if not include_cancelled:
        query = query.where(or_(Booking.status.in_(ACTIVE), Booking.status == BookingStatus.NO_SHOW.value))
    by_day = {first_day + timedelta(days=n): [] for n in range(days)}
    for booking in db.session.scalars(query):
        local_day = booking.starts_at.astimezone(zone_of(booking.time_zone)).date()
        if local_day in by_day:
            by_day[local_day].append(booking)
    return [AgendaDay(day, rows) for day, rows in by_day.items()]
