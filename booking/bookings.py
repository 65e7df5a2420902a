"""Making and moving bookings, so that two of one practitioner's bookings can never overlap.

The guarantee lives in the database. PostgreSQL refuses an overlapping active booking with an
exclusion constraint (see booking/models.py). SQLite has no such constraint, so every writer
first takes SQLite's single write lock (`BEGIN IMMEDIATE`) and re-checks for an overlap while
holding it. Both paths end in `SlotTaken`, carrying the nearest free alternatives.

Nothing here commits: the caller does once the whole change is accepted. On `SlotTaken` the
transaction is rolled back here, to let go of the lock before the alternatives are looked up.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from audit.services import record, snapshot
from booking.models import ACTIVE, Booking, BookingKind, BookingStatus
from booking.overlap import overlaps
from booking.slots import Slot, Visit, bookable_slots, nearest_slots, zone_of
from directory.models import Offering
from directory.listing import is_listed
from core.extensions import db

AUDITED = ("status", "kind", "starts_at", "ends_at", "blocked_from", "blocked_until", "clinic_name", "time_zone",
           "treatment_id", "patient_id", "consent_version")
EXCLUSION_VIOLATION = "23P01"  # PostgreSQL's SQLSTATE for an exclusion constraint
# Two bookings inserted at once can each wait on the other's uncommitted row under the exclusion
# constraint; PostgreSQL then aborts one with this SQLSTATE. That one lost the race: a clash too.
DEADLOCK_DETECTED = "40P01"


class BookingError(ValueError):
    """A booking or change the rules refuse, with a message for the person; `field` names the input."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


class SlotTaken(BookingError):
    """Someone else booked an overlapping time first; `alternatives` are the nearest free slots."""

    def __init__(self, alternatives: list[Slot], time_zone: str):
        super().__init__("Sorry, this time was just taken by someone else. Please choose another time.", "starts_at")
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


@dataclass
class Requirements:
    """What a patient must do before booking an offering: which visit, age and consent."""

    kind: str
    adults_only: bool
    consent: tuple[str, str] | None  # (version, text) of the exosome consent, or None
    refusal: str | None = None  # why it cannot be booked online at all, if it cannot


def consent_for_clinic(clinic) -> tuple[str, str] | None:
    """The exosome-adjunct consent (version, text) of the clinic's jurisdiction, or None if we have none."""
    from compliance.consent import UnknownJurisdiction, consent_for

    try:
        return consent_for(clinic.country)
    except UnknownJurisdiction:
        return None


def had_consultation(patient, offering: Offering, now: datetime) -> bool:
    """True when the patient has had a consultation for this treatment with this practitioner."""
    return db.session.scalar(select(Booking.id).where(
        Booking.patient_id == patient.id, Booking.practitioner_id == offering.practitioner_id,
        Booking.treatment_id == offering.treatment_id, Booking.kind == BookingKind.CONSULTATION.value,
        Booking.status.in_(ACTIVE), Booking.ends_at <= now).limit(1)) is not None


def requirements(patient, offering: Offering, clinic, now: datetime) -> Requirements:
    """Which visit this patient books next for an offering, and what they must confirm for it."""
    kind = BookingKind.TREATMENT.value
    if offering.requires_consultation and (patient is None or not had_consultation(patient, offering, now)):
        kind = BookingKind.CONSULTATION.value
    if not (offering.treatment.exosome_adjunct or offering.includes_exosome_adjunct) \
            or kind != BookingKind.TREATMENT.value:
        return Requirements(kind, offering.treatment.adults_only, None)
    consent = consent_for_clinic(clinic)
    refusal = None if consent else "Treatments with an exosome adjunct cannot be booked online at this clinic."
    return Requirements(kind, offering.treatment.adults_only, consent, refusal)


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


def check_slot(practitioner, offering: Offering, clinic, starts_at: datetime, now: datetime, kind: str,
               ignore_id: int | None = None) -> None:
    """Refuse a time the clinic's rules do not offer (hours, notice, horizon, time off), with why."""
    if starts_at < now + timedelta(minutes=clinic.min_notice_minutes or 0):
        raise BookingError(f"That time is too soon: {clinic.name} needs at least "
                           f"{notice_text(clinic.min_notice_minutes)} notice.", "starts_at")
    if starts_at > now + timedelta(days=clinic.horizon_days or 0):
        raise BookingError(f"That time is too far ahead: {clinic.name} takes bookings up to "
                           f"{clinic.horizon_days} days ahead.", "starts_at")
    day = starts_at.astimezone(zone_of(clinic.time_zone)).date()
    allowed = bookable_slots(practitioner, offering, clinic, day, 1, now, kind=kind, ignore_booking_id=ignore_id,
                             include_bookings=False)
    if not any(slot.starts_at == starts_at for slot in allowed):
        raise BookingError("That time is not one we can offer: please choose one of the times shown.", "starts_at")


def notice_text(minutes: int) -> str:
    """Minimum notice in words, such as '24 hours' or '90 minutes'."""
    if minutes and minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minutes"


def _check_patient(patient, request: BookingRequest, needs: Requirements) -> None:
    """Refuse a patient who may not book, or who has not confirmed what the treatment needs."""
    if patient is None or not patient.has_role("patient"):
        raise BookingError("Only patient accounts can book. Please log in as a patient.")
    if not patient.email_verified:
        raise BookingError("Please confirm your email address before booking: we sent you a link.")
    if not (request.patient_name or "").strip() or len(request.patient_name) > 120:
        raise BookingError("Enter your name (up to 120 characters).", "patient_name")
    if len(request.patient_phone or "") > 40 or len(request.notes or "") > 1000:
        raise BookingError("Keep the phone number to 40 characters and the notes to 1,000.", "notes")
    if needs.refusal:
        raise BookingError(needs.refusal)
    if needs.adults_only and not request.adult_confirmed:
        raise BookingError("This treatment is for adults only: please confirm that you are 18 or over.", "adult")
    if needs.consent and request.consent_version != needs.consent[0]:
        raise BookingError("Please read the consent below and tick the box to accept it.", "consent")


def book(patient, request: BookingRequest, now: datetime) -> Booking:
    """Book a slot for a patient, or raise BookingError / SlotTaken; records it in the audit trail."""
    practitioner, offering, clinic = request.practitioner, request.offering, request.clinic
    if not is_listed(practitioner, now.date()):
        raise BookingError("This practitioner is not taking bookings on Verity at the moment.")
    if offering.practitioner_id != practitioner.id or clinic.practitioner_id != practitioner.id:
        raise BookingError("This practitioner does not offer that treatment at that clinic.")
    needs = requirements(patient, offering, clinic, now)
    _check_patient(patient, request, needs)
    check_slot(practitioner, offering, clinic, request.starts_at, now, needs.kind)
    booking = Booking(
        practitioner_id=practitioner.id, patient_id=patient.id, clinic_id=clinic.id,
        treatment_id=offering.treatment_id, kind=needs.kind, status=BookingStatus.BOOKED.value,
        time_zone=clinic.time_zone, clinic_name=clinic.name,
        clinic_address=", ".join(p for p in (clinic.address, clinic.city, clinic.postcode) if p),
        price_from_minor=offering.price_from_minor, currency=offering.currency,
        patient_name=request.patient_name.strip(), patient_phone=(request.patient_phone or "").strip(),
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
    record(patient, "booking.created", "booking", booking.id, practitioner_id=practitioner.id,
           after=snapshot(booking, AUDITED))
    return booking


def offering_of(booking: Booking) -> Offering | None:
    """The practitioner's current offering of the booked treatment, if they still offer it."""
    return db.session.scalar(select(Offering).where(Offering.practitioner_id == booking.practitioner_id,
                                                    Offering.treatment_id == booking.treatment_id))


def reschedule(booking: Booking, starts_at: datetime, actor, now: datetime) -> Booking:
    """Move a booking to another free slot, under the same no-overlap guarantee as booking it."""
    from booking.manage import check_changeable

    check_changeable(booking, now, "moved")
    offering, clinic = offering_of(booking), booking.clinic
    if offering is None or clinic is None:
        raise BookingError("This booking cannot be moved online any more: the practitioner no longer offers it "
                           "there. Please cancel it and book again.")
    if starts_at == booking.starts_at:
        raise BookingError("That is already the time of this booking.", "starts_at")
    check_slot(booking.practitioner, offering, clinic, starts_at, now, booking.kind, ignore_id=booking.id)
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
