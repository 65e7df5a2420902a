"""Reading bookings for the screens: whose booking is whose, lists, the agenda, hours and what a patient needs.

Nothing here changes a row; booking.services does.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from booking.models import ACTIVE, TOOK_PLACE, Booking, BookingKind, BookingStatus, CalendarFeed, DateOverride, \
    OpeningHours, TimeOff
from booking import prerequisites
from booking.schedule import overlaps, zone_of
from compliance.consent import UnknownJurisdiction, consent_for
from core.extensions import db
from directory.models import PRESCRIBERS, Offering, Practitioner
from directory.listing import is_listed

REMINDER_AHEAD = timedelta(hours=24)


# What a patient must do before booking


@dataclass
class Requirements:
    """What a patient must do before booking an offering: which visit, age and consent."""

    kind: str
    adults_only: bool
    consent: tuple[str, str] | None  # (version, text) of the exosome consent, or None
    refusal: str | None = None  # why it cannot be booked online at all, if it cannot
    still_to_do: str | None = None  # before the treatment itself can be booked (UK-POM-CONSULT), in words
    barred: bool = False  # the refusal is a barrier's (licensing/): nobody can book it here, so it is not bookable


def consent_for_clinic(clinic) -> tuple[str, str] | None:
    """The exosome-adjunct consent (version, text) of the clinic's jurisdiction, or None if we have none."""
    try:
        return consent_for(clinic.country)
    except UnknownJurisdiction:
        return None


def _consultations(patient, offering: Offering):
    """The query for the patient's consultations for this treatment with this practitioner."""
    return select(Booking).where(
        Booking.patient_id == patient.id, Booking.practitioner_id == offering.practitioner_id,
        Booking.treatment_id == offering.treatment_id, Booking.kind == BookingKind.CONSULTATION.value)


def had_consultation(patient, offering: Offering, now: datetime) -> bool:
    """True when the patient has had a consultation for this treatment with this practitioner.

    For a prescription-only medicine it counts only once the prescriber marked it done (attended), not
    merely because its time passed: the prescriber decides after seeing the patient (UK-POM-CONSULT).
    """
    if offering.treatment.prescription_only:
        done = Booking.status == BookingStatus.ATTENDED.value
    else:
        done = Booking.status.in_(TOOK_PLACE) & (Booking.ends_at <= now)
    return db.session.scalar(_consultations(patient, offering).with_only_columns(Booking.id).where(done)
                             .limit(1)) is not None


def is_prescriber(practitioner) -> bool:
    """Whether the practitioner's (verified, since listed) registration is in a profession that prescribes."""
    return practitioner.profession in {p.value for p in PRESCRIBERS}


def _prescriber_step(patient, offering: Offering) -> tuple[str | None, str | None]:
    """(why it cannot be booked, what is still to do) for a prescription-only medicine's consultation first."""
    name = offering.practitioner.name
    if not is_prescriber(offering.practitioner):
        return (f"{offering.treatment.name} is a prescription-only medicine and {name} is not a prescriber, so it "
                "cannot be booked with them on Verity."), None
    booked = db.session.scalars(_consultations(patient, offering).where(Booking.status.in_(ACTIVE))
                                .order_by(Booking.starts_at)).first() if patient is not None else None
    then = f"Once {name} has seen you and marked the consultation done, you can book the treatment itself."
    if booked is not None:
        day = booked.starts_at.astimezone(zone_of(booked.time_zone))
        return None, f"Your consultation with {name} on {day:%-d %B %Y} is booked. {then}"
    return None, f"First, an in-person consultation with {name}, who prescribes it. {then}"


def requirements(patient, offering: Offering, clinic, now: datetime) -> Requirements:
    """Which visit this patient books next for an offering, and what they must confirm for it."""
    kind = BookingKind.TREATMENT.value
    if offering.consultation_first and (patient is None or not had_consultation(patient, offering, now)):
        kind = BookingKind.CONSULTATION.value
    barred = prerequisites.barred(offering, clinic, now)  # first: a treatment nobody may book here (licensing/)
    if barred:
        return Requirements(kind, offering.treatment.adults_only, None, barred, barred=True)
    if offering.treatment.prescription_only and kind == BookingKind.CONSULTATION.value:
        refusal, still_to_do = _prescriber_step(patient, offering)
        return Requirements(kind, offering.treatment.adults_only, None, refusal, still_to_do)
    if not (offering.treatment.exosome_adjunct or offering.includes_exosome_adjunct) \
            or kind != BookingKind.TREATMENT.value:
        return Requirements(kind, offering.treatment.adults_only, None)
    consent = consent_for_clinic(clinic)
    refusal = None if consent else "Treatments with an exosome adjunct cannot be booked online at this clinic."
    return Requirements(kind, offering.treatment.adults_only, consent, refusal)


def listed_practitioner(slug: str, today: date) -> Practitioner | None:
    """A practitioner patients may book, by slug."""
    practitioner = db.session.scalar(select(Practitioner).where(Practitioner.slug == slug).options(
        selectinload(Practitioner.clinics), selectinload(Practitioner.offerings).selectinload(Offering.treatment)))
    return practitioner if practitioner is not None and is_listed(practitioner, today) else None


def listed_clinics(practitioner, today: date) -> list:
    """The practitioner's clinics patients may book at: listed today (a clinic whose address failed its check is not)."""
    return [clinic for clinic in practitioner.clinics if is_listed(clinic, today)]


def takes_online_bookings(clinic) -> bool:
    """Whether the clinic has any opening hours set."""
    return db.session.scalar(select(OpeningHours.id).where(OpeningHours.clinic_id == clinic.id).limit(1)) is not None


def offering_of(booking: Booking) -> Offering | None:
    """The practitioner's current offering of the booked treatment, if they still offer it."""
    return db.session.scalar(select(Offering).where(Offering.practitioner_id == booking.practitioner_id,
                                                    Offering.treatment_id == booking.treatment_id))


# Who sees what


def patients_booking(patient, booking_id: int) -> Booking | None:
    """The patient's own booking with this id, or None (another's is treated as missing)."""
    booking = db.session.get(Booking, booking_id)
    return booking if booking is not None and booking.patient_id == patient.id else None


def practitioners_booking(practitioner, booking_id: int) -> Booking | None:
    """The practitioner's own booking with this id, or None (another's is treated as missing)."""
    booking = db.session.get(Booking, booking_id)
    return booking if booking is not None and booking.practitioner_id == practitioner.id else None


def awaiting_confirmation(practitioner, now: datetime) -> list[Booking]:
    """The practitioner's bookings and consultation requests still to confirm, soonest first (past ones drop off)."""
    return list(db.session.scalars(
        select(Booking).where(Booking.practitioner_id == practitioner.id, Booking.status == BookingStatus.BOOKED.value,
                              Booking.starts_at >= now)
        .options(selectinload(Booking.treatment)).order_by(Booking.starts_at, Booking.id)))


def own_override(practitioner, override_id: int) -> DateOverride | None:
    """A date override at one of the practitioner's clinics, or None."""
    override = db.session.get(DateOverride, override_id)
    clinic_ids = {c.id for c in practitioner.clinics}
    return override if override is not None and override.clinic_id in clinic_ids else None


def own_time_off(practitioner, time_off_id: int) -> TimeOff | None:
    """A range of the practitioner's time off, or None."""
    time_off = db.session.get(TimeOff, time_off_id)
    return time_off if time_off is not None and time_off.practitioner_id == practitioner.id else None


# Lists


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
        query = query.where(or_(Booking.status.in_(ACTIVE), Booking.status.in_(
            (BookingStatus.NO_SHOW.value, BookingStatus.ATTENDED.value))))
    by_day = {first_day + timedelta(days=n): [] for n in range(days)}
    for booking in db.session.scalars(query):
        local_day = booking.starts_at.astimezone(zone_of(booking.time_zone)).date()
        if local_day in by_day:
            by_day[local_day].append(booking)
    return [AgendaDay(day, rows) for day, rows in by_day.items()]


def active_bookings_between(practitioner_id: int, start: datetime, end: datetime) -> int:
    """How many active bookings of the practitioner keep time inside [start, end)."""
    return db.session.scalar(select(func.count(Booking.id)).where(
        Booking.practitioner_id == practitioner_id, Booking.status.in_(ACTIVE),
        overlaps(Booking.blocked_from, Booking.blocked_until, start, end)))


def due_reminders(now: datetime) -> list[int]:
    """Ids of the active bookings starting within 24 hours that have had no reminder, soonest first."""
    return list(db.session.scalars(select(Booking.id).where(
        Booking.status.in_(ACTIVE), Booking.reminder_sent_at.is_(None), Booking.starts_at > now,
        Booking.starts_at <= now + REMINDER_AHEAD).order_by(Booking.starts_at)))


# Hours, dates, time off and the calendar feed


def weekly_hours(clinic) -> dict[int, OpeningHours]:
    """The clinic's opening hours by weekday (0 = Monday)."""
    return {h.weekday: h for h in db.session.scalars(select(OpeningHours).where(OpeningHours.clinic_id == clinic.id))}


def has_override(clinic, day: date) -> bool:
    """Whether the clinic already has special hours on a date."""
    return db.session.scalar(select(DateOverride.id).where(DateOverride.clinic_id == clinic.id,
                                                           DateOverride.day == day)) is not None


def upcoming_overrides(clinic, today: date) -> list[DateOverride]:
    """The clinic's special dates from its today on."""
    return list(db.session.scalars(select(DateOverride).where(
        DateOverride.clinic_id == clinic.id, DateOverride.day >= today).order_by(DateOverride.day)))


def upcoming_time_off(practitioner, now: datetime) -> list[TimeOff]:
    """The practitioner's time off that has not ended yet, soonest first."""
    return list(db.session.scalars(select(TimeOff).where(TimeOff.practitioner_id == practitioner.id,
                                                         TimeOff.ends_at > now).order_by(TimeOff.starts_at)))


def feed_of(practitioner) -> CalendarFeed | None:
    """The practitioner's calendar feed, if they have made one."""
    return db.session.get(CalendarFeed, practitioner.id)


def feed_bookings(token: str, now: datetime):
    """The practitioner and bookings a feed token opens (a year back and all ahead), or None."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token)) if token else None
    if feed is None or not secrets.compare_digest(feed.token, token):
        return None
    bookings = db.session.scalars(select(Booking).where(
        Booking.practitioner_id == feed.practitioner_id, Booking.starts_at >= now - timedelta(days=365))
        .order_by(Booking.starts_at))
    return db.session.get(Practitioner, feed.practitioner_id), list(bookings)
