"""The patient's booking flow between pages: what was chosen, and the URLs that carry it.

The chosen treatment, clinic and time travel in the URL (and the session remembers the last
one), so a patient who logs in or registers half-way comes back to the same slot.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from flask import session, url_for

from booking.display import url_instant
from booking.queries import Requirements, listed_clinics, requirements
from booking.schedule import Slot, bookable_slots, zone_of
from booking.services import BookingRequest
from directory.models import Offering, Practitioner

WEEK = 7
SESSION_KEY = "booking_next"


@dataclass
class Choice:
    """A practitioner, the offering and clinic chosen, the first date shown, and what the patient needs."""

    practitioner: Practitioner
    offering: Offering
    clinic: object
    first_day: date
    today: date
    needs: Requirements

    @property
    def zone(self) -> str:
        """The clinic's IANA zone name."""
        return self.clinic.time_zone

    def args(self, **extra) -> dict:
        """URL arguments that keep this choice."""
        return {"slug": self.practitioner.slug, "treatment": self.offering.treatment.slug,
                "clinic": self.clinic.id, **extra}


def offerings_of(practitioner: Practitioner) -> list[Offering]:
    """The practitioner's treatments, by name."""
    return sorted(practitioner.offerings, key=lambda o: o.treatment.name)


def parse_day(text: str | None) -> date | None:
    """A YYYY-MM-DD date, or None."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 instant with an offset, as UTC; None when missing, malformed or without an offset."""
    try:
        value = datetime.fromisoformat(text) if text else None
        return value.astimezone(timezone.utc) if value is not None and value.tzinfo is not None else None
    except (ValueError, OverflowError):  # OverflowError: 0001-01-01T00:00+05:00 is before year 1 in UTC
        return None


def choose(practitioner: Practitioner, treatment: str | None, clinic_id: int | None, first: str | None,
           patient, now: datetime) -> Choice | None:
    """The choice the arguments name, falling back to the first treatment and clinic; None if nothing to book."""
    offerings, clinics = offerings_of(practitioner), listed_clinics(practitioner, now.date())
    if not offerings or not clinics:
        return None
    offering = next((o for o in offerings if o.treatment.slug == treatment), offerings[0])
    clinic = next((c for c in clinics if c.id == clinic_id), clinics[0])
    today = now.astimezone(zone_of(clinic.time_zone)).date()
    first_day = max(parse_day(first) or today, today)
    first_day = min(first_day, today + timedelta(days=clinic.horizon_days or 0))
    return Choice(practitioner, offering, clinic, first_day, today,
                  requirements(patient if _is_patient(patient) else None, offering, clinic, now))


def _is_patient(user) -> bool:
    """Whether a (possibly anonymous) user is a logged-in patient."""
    return getattr(user, "is_authenticated", False) and user.has_role("patient")


def week_of_slots(choice: Choice, now: datetime) -> list[Slot]:
    """The free slots of the week shown."""
    return bookable_slots(choice.practitioner, choice.offering, choice.clinic, choice.first_day, WEEK, now,
                          kind=choice.needs.kind)


def confirm_url(choice: Choice, starts_at: datetime) -> str:
    """The page that books one slot of this choice."""
    return url_for("booking.confirm", **choice.args(start=url_instant(starts_at)))


def remember(url: str) -> None:
    """Keep the slot page in the session, so 'My bookings' can lead back to it after registering."""
    session[SESSION_KEY] = url


def remembered() -> str | None:
    """The slot page the patient was on before logging in or registering, if any."""
    return session.get(SESSION_KEY)


def forget() -> None:
    """Drop the remembered slot page once the booking is made."""
    session.pop(SESSION_KEY, None)


def patient_state(user) -> str:
    """Where the visitor stands: anonymous, not_patient, unverified or ready."""
    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    if not user.has_role("patient"):
        return "not_patient"
    return "ready" if user.email_verified else "unverified"


def request_from(choice: Choice, form, starts_at: datetime) -> BookingRequest:
    """The booking request a filled-in details form makes."""
    return BookingRequest(choice.practitioner, choice.offering, choice.clinic, starts_at,
                          patient_name=form.patient_name.data or "", patient_phone=form.patient_phone.data or "",
                          notes=form.notes.data or "", adult_confirmed=bool(form.adult.data),
                          consent_version=(form.consent_version.data or None) if form.consent.data else None)
