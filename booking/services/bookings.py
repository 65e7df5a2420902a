"""Making, moving, cancelling, confirming and closing bookings, so that two of one practitioner's never overlap.

The guarantee lives in the database. PostgreSQL refuses an overlapping active booking with an
exclusion constraint (see booking/models.py). SQLite has no such constraint, so every writer
first takes SQLite's single write lock (`BEGIN IMMEDIATE`) and re-checks for an overlap while
holding it. Both paths end in `SlotTaken`, carrying the nearest free alternatives.

Nothing here commits: the caller does once the whole change is accepted. On `SlotTaken` the
transaction is rolled back here (the one exception, for the race), to let go of the lock before
the alternatives are looked up.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from audit.services import record, snapshot
from booking import prerequisites
from booking.bookable import check_bookable
from booking.models import ACTIVE, Booking, BookingStatus
from booking.queries import Requirements, offering_of, requirements
from booking.schedule import (REASON_MAX, Slot, Visit, check_changeable, check_movable, check_slot, nearest_slots,
                              overlaps)
from core.extensions import db
from core.refusal import Refusal
from directory.models import Offering
from directory.listing import is_listed

AUDITED = ("status", "kind", "starts_at", "ends_at", "blocked_from", "blocked_until", "clinic_name", "time_zone",
           "treatment_id", "patient_id", "consent_version")
EXCLUSION_VIOLATION = "23P01"  # PostgreSQL's SQLSTATE for an exclusion constraint
# Two bookings inserted at once can each wait on the other's uncommitted row under the exclusion
# constraint; PostgreSQL then aborts one with this SQLSTATE. That one lost the race: a clash too.
DEADLOCK_DETECTED = "40P01"


class SlotTaken(Refusal):
    """Someone else booked an overlapping time first; `alternatives` are the nearest free slots."""

    def __init__(self, alternatives: list[Slot], time_zone: str):
        super().__init__("slot_taken", "Sorry, this time was just taken by someone else. Please choose another time.",
                         "starts_at", status=409)
        self.alternatives, self.time_zone = alternatives, time_zone


class _Clash(Exception):
    """Internal: the overlap check or the database constraint found a clash."""


@dataclass
class BookingRequest:
    """What a patient asks for: who, what, where, when, and what they confirmed."""

    practitioner: object
    offering: Offering
    clinic: object
    starts_at: datetime
    patient_name: str
    patient_phone: str = ""
    notes: str = ""
    adult_confirmed: bool = False
    consent_version: str | None = None


def take_write_lock() -> None:
    """On SQLite, start the transaction with BEGIN IMMEDIATE so no other writer runs until we commit.

    pysqlite only begins a transaction before a write; reads before this point ran on their own,
    so the next query (the overlap check) sees every booking committed before the lock was taken.
    """
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _clash_exists(practitioner_id: int, start: datetime, end: datetime, ignore_id: int | None) -> bool:
    """True when an active booking of the practitioner overlaps [start, end)."""
    query = select(Booking.id).where(Booking.practitioner_id == practitioner_id, Booking.status.in_(ACTIVE),
                                     overlaps(Booking.blocked_from, Booking.blocked_until, start, end))
    if ignore_id is not None:
        query = query.where(Booking.id != ignore_id)
    with db.session.no_autoflush:
        return db.session.scalar(query.limit(1)) is not None


def _hold_listing(practitioner) -> None:
    """Re-read the practitioner's listing under the write lock (FOR SHARE on PostgreSQL) before booking them.

    A suspension committed a moment ago is seen, and one still in flight waits for this booking to
    commit, so booking.services.delisting cancels it: no new booking slips past a suspension.
    """
    take_write_lock()
    db.session.refresh(practitioner, ["listed_until", "suspended_at"], with_for_update={"read": True})


def _lock(booking: Booking) -> None:
    """Hold the booking (and re-read it and its practitioner's listing) so a concurrent cancel cannot be undone."""
    take_write_lock()
    db.session.refresh(booking, with_for_update=True)
    db.session.refresh(booking.practitioner, ["listed_until", "suspended_at"])


def _reserve(booking: Booking, visit: Visit, starts_at: datetime) -> None:
    """Give the booking its time under the write lock, or raise _Clash; flushes the row."""
    blocked_from, blocked_until = visit.blocked(starts_at)
    take_write_lock()
    if _clash_exists(booking.practitioner_id, blocked_from, blocked_until, booking.id):
        raise _Clash
    booking.starts_at, booking.ends_at = starts_at, starts_at + timedelta(minutes=visit.minutes)
    booking.blocked_from, booking.blocked_until = blocked_from, blocked_until
    db.session.add(booking)
    try:
        db.session.flush()
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) not in (EXCLUSION_VIOLATION, DEADLOCK_DETECTED):
            raise
        raise _Clash from error


def _check_patient(patient, request: BookingRequest, needs: Requirements) -> None:
    """Refuse a patient who may not book, or who has not confirmed what the treatment needs."""
    if patient is None or not patient.has_role("patient"):
        raise Refusal("not_a_patient", "Only patient accounts can book. Please log in as a patient.")
    if not patient.email_verified:
        raise Refusal("email_unverified", "Please confirm your email address before booking: we sent you a link.")
    if not (request.patient_name or "").strip() or len(request.patient_name) > 120:
        raise Refusal("invalid_name", "Enter your name (up to 120 characters).", "patient_name")
    if len(request.patient_phone or "") > 40 or len(request.notes or "") > 1000:
        raise Refusal("too_long", "Keep the phone number to 40 characters and the notes to 1,000.", "notes")
    if needs.refusal:
        raise Refusal("not_bookable_online", needs.refusal)
    if needs.adults_only and not request.adult_confirmed:
        raise Refusal("adult_not_confirmed",
                      "This treatment is for adults only: please confirm that you are 18 or over.", "adult")
    if needs.consent and request.consent_version != needs.consent[0]:
        raise Refusal("consent_not_accepted", "Please read the consent below and tick the box to accept it.",
                      "consent")


def book(patient, request: BookingRequest, now: datetime) -> Booking:
    """Book a slot for a patient, or raise Refusal / SlotTaken; records it in the audit trail."""
    practitioner, offering, clinic = request.practitioner, request.offering, request.clinic
    _hold_listing(practitioner)
    if not is_listed(practitioner, now.date()):
        raise Refusal("not_listed", "This practitioner is not taking bookings on Verity at the moment.")
    check_bookable(practitioner)
    if offering.practitioner_id != practitioner.id or clinic.practitioner_id != practitioner.id:
        raise Refusal("not_offered_here", "This practitioner does not offer that treatment at that clinic.")
    if not is_listed(clinic, now.date()):
        raise Refusal("clinic_not_listed", "This clinic is not listed on Verity, so it takes no bookings here.")
    needs = requirements(patient, offering, clinic, now)
    _check_patient(patient, request, needs)
    prerequisites.check(patient, offering, now)
    check_slot(practitioner, offering, clinic, request.starts_at, now, needs.kind)
    prerequisites.check_visit(patient, offering, clinic, request.starts_at)
    booking = Booking(
        practitioner_id=practitioner.id, patient_id=patient.id, clinic_id=clinic.id,
        treatment_id=offering.treatment_id, kind=needs.kind, status=BookingStatus.BOOKED.value,
        time_zone=clinic.time_zone, clinic_name=clinic.name,
        clinic_address=", ".join(p for p in (clinic.address, clinic.city, clinic.postcode) if p),
        price_from_minor=offering.price_from_minor, currency=offering.currency,
        # One line each: the name goes into the practitioner's email subject, where a line break is refused.
        patient_name=" ".join(request.patient_name.split()),
        patient_phone=" ".join((request.patient_phone or "").split()),
        notes=(request.notes or "").strip(), created_at=now, updated_at=now,
        adult_confirmed_at=now if needs.adults_only else None)
    if needs.consent:
        booking.consent_version, booking.consent_text = needs.consent
        booking.consent_accepted_at = now
    visit = Visit.of(offering, needs.kind)
    try:
        _reserve(booking, visit, request.starts_at)
    except _Clash:
        db.session.rollback()
        raise SlotTaken(nearest_slots(practitioner, offering, clinic, request.starts_at, now, kind=needs.kind),
                        clinic.time_zone) from None
    prerequisites.attach(booking, now)
    record(patient, "booking.created", "booking", booking.id, practitioner_id=practitioner.id,
           after=snapshot(booking, AUDITED))
    return booking


def reschedule(booking: Booking, starts_at: datetime, actor, now: datetime) -> Booking:
    """Move a booking to another free slot, under the same no-overlap guarantee as booking it."""
    _lock(booking)
    check_changeable(booking, now, "moved")
    check_movable(booking, starts_at, now)
    offering, clinic = offering_of(booking), booking.clinic
    if offering is None or clinic is None:
        raise Refusal("no_longer_offered", "This booking cannot be moved online any more: the practitioner no "
                                           "longer offers it there. Please cancel it and book again.")
    if starts_at == booking.starts_at:
        raise Refusal("same_time", "That is already the time of this booking.", "starts_at")
    barred = prerequisites.barred(offering, clinic, now)  # e.g. a licensing requirement no longer met
    if barred:
        raise Refusal("not_bookable_online", barred)
    check_slot(booking.practitioner, offering, clinic, starts_at, now, booking.kind, ignore_id=booking.id)
    prerequisites.check_visit(booking.patient, offering, clinic, starts_at)
    before = snapshot(booking, AUDITED)
    try:
        _reserve(booking, Visit.of(offering, booking.kind), starts_at)
    except _Clash:
        db.session.rollback()
        raise SlotTaken(nearest_slots(booking.practitioner, offering, clinic, starts_at, now, kind=booking.kind,
                                      ignore_booking_id=booking.id), clinic.time_zone) from None
    booking.status, booking.confirmed_at = BookingStatus.BOOKED.value, None
    booking.sequence += 1
    booking.reminder_sent_at, booking.updated_at = None, now
    record(actor, "booking.rescheduled", "booking", booking.id, practitioner_id=booking.practitioner_id,
           before=before, after=snapshot(booking, AUDITED))
    return booking


def _change(booking: Booking, actor, action: str, now: datetime, reason: str = "", **values) -> Booking:
    """Set a booking's fields and record the change in the audit trail, with what it was before."""
    before = snapshot(booking, AUDITED)
    for name, value in values.items():
        setattr(booking, name, value)
    booking.updated_at = now
    record(actor, action, "booking", booking.id, practitioner_id=booking.practitioner_id,
           before=before, after=snapshot(booking, AUDITED), reason=reason)
    return booking


def _cancel(booking: Booking, actor, now: datetime, reason: str, **extra) -> Booking:
    """Cancel the booking, recording who did it and why; the time becomes free again."""
    return _change(booking, actor, "booking.cancelled", now, reason, status=BookingStatus.CANCELLED.value,
                   cancelled_at=now, cancelled_by_id=getattr(actor, "id", None), cancellation_reason=reason,
                   sequence=booking.sequence + 1, **extra)


def cancel_for_listing(booking: Booking, actor, now: datetime, reason: str, code: str) -> Booking:
    """Verity cancels: the practitioner's listing no longer allows the booking (`code` says why, for the API)."""
    return _cancel(booking, actor, now, reason, cancellation_code=code)


def cancel_by_patient(booking: Booking, actor, now: datetime, reason: str = "") -> Booking:
    """The patient cancels, before the cut-off; the time becomes free again."""
    _lock(booking)
    check_changeable(booking, now, "cancelled")
    return _cancel(booking, actor, now, (reason or "").strip()[:REASON_MAX])


def cancel_by_practitioner(booking: Booking, actor, now: datetime, reason: str) -> Booking:
    """The practitioner cancels, at any time before it ends, giving the patient a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("reason_missing", "Give the patient a reason: it is sent to them in the cancellation email.",
                      "reason")
    if len(reason) > REASON_MAX:
        raise Refusal("reason_too_long", "Keep the reason to 1,000 characters.", "reason")
    _lock(booking)
    if not booking.is_active:
        raise Refusal("booking_inactive", f"This booking is already {booking.status_label.lower()}.")
    if booking.ends_at <= now:
        raise Refusal("appointment_over", "This appointment is over: mark it as not attended instead of "
                                          "cancelling it.")
    return _cancel(booking, actor, now, reason)


def confirm(booking: Booking, actor, now: datetime) -> Booking:
    """The practitioner confirms a booking they have not confirmed yet."""
    if booking.status != BookingStatus.BOOKED.value:
        raise Refusal("not_awaiting_confirmation", f"Only bookings awaiting confirmation can be confirmed; this one "
                                                   f"is {booking.status_label.lower()}.")
    if booking.ends_at <= now:
        raise Refusal("appointment_over", "This appointment is over and can no longer be confirmed.")
    return _change(booking, actor, "booking.confirmed", now, status=BookingStatus.CONFIRMED.value, confirmed_at=now)


def _check_markable(booking: Booking, now: datetime, what: str) -> None:
    """Refuse to mark a booking that is not active, or whose appointment has not started yet."""
    if not booking.is_active:
        raise Refusal("booking_inactive", f"This booking is {booking.status_label.lower()}.")
    if booking.starts_at > now:
        raise Refusal("appointment_not_started", f"You can mark {what} only once the appointment time has come.")


def mark_no_show(booking: Booking, actor, now: datetime) -> Booking:
    """The practitioner records that the patient did not come."""
    _check_markable(booking, now, "a no-show")
    return _change(booking, actor, "booking.no_show", now, status=BookingStatus.NO_SHOW.value, no_show_at=now)


def mark_attended(booking: Booking, actor, now: datetime) -> Booking:
    """The practitioner records that the patient came: only then may the patient review the booking.

    For a prescription-only medicine's consultation this is the prescriber marking it done: only then
    may the patient book the treatment (booking.queries.had_consultation), so it is audited as such.
    """
    _check_markable(booking, now, "an appointment attended")
    action = "booking.consultation_done" if booking.is_prescriber_consultation else "booking.attended"
    return _change(booking, actor, action, now, status=BookingStatus.ATTENDED.value, attended_at=now)
