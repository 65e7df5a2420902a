"""Fixtures for booking: bookable practitioners with opening hours, patients and bookings, at pinned times."""
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from werkzeug.security import generate_password_hash

from accounts.models import User
from booking.models import Booking, OpeningHours
from booking.schedule import Visit
from directory.models import Clinic, Offering, Practitioner
from eligibility.models import BirthDate
from core.extensions import db
from tests.booking.helpers import NOW
from tests.helpers import TEST_PASSWORD

ADULT = date(1990, 6, 15)  # a patient's date of birth unless a test gives another (None: not given yet)
NINE_TO_FIVE = {d: (time(9), time(17)) for d in range(7)}
CLINICS = {
    "Europe/London": {"name": "Piccadilly Clinic", "city": "Manchester", "postcode": "M1 1AE", "country": "GB",
                      "lat": 53.4794, "lon": -2.2453},
    "America/New_York": {"name": "Madison Skin", "city": "New York", "postcode": "10022", "country": "US",
                         "lat": 40.7616, "lon": -73.9719, "address": "500 Madison Ave"},
    "Asia/Kolkata": {"name": "Bandra Clinic", "city": "Mumbai", "postcode": "400050", "country": "GB",
                     "lat": 19.06, "lon": 72.83},
    "Australia/Adelaide": {"name": "Rundle Clinic", "city": "Adelaide", "postcode": "5000", "country": "GB",
                           "lat": -34.92, "lon": 138.6},
}


@pytest.fixture
def app_config(app_config):
    """Booking pages run at the pinned instant NOW."""
    app_config["CLOCK_NOW"] = NOW
    return app_config


@dataclass
class Bookable:
    """A listed practitioner with one clinic (with opening hours) and one offering."""

    practitioner: Practitioner
    clinic: Clinic
    offering: Offering

    @property
    def zone(self) -> str:
        return self.clinic.time_zone


def set_hours(clinic: Clinic, week: dict) -> None:
    """Give a clinic weekly hours: {weekday: (opens, closes[, break_starts, break_ends])}."""
    for weekday, times in week.items():
        opens, closes, *rest = times
        db.session.add(OpeningHours(clinic_id=clinic.id, weekday=weekday, opens=opens, closes=closes,
                                    break_starts=rest[0] if rest else None, break_ends=rest[1] if rest else None))
    db.session.commit()


@pytest.fixture
def make_bookable(make_practitioner):
    """Return make_bookable(zone=..., treatment=..., hours=..., duration=..., ...) -> Bookable."""

    def factory(zone="Europe/London", treatment="microneedling", hours=None, duration=45, notice_minutes=0,
                horizon_days=90, cutoff_hours=24, buffer_before=0, buffer_after=0, requires_consultation=False,
                exosome=False, name=None, extra_clinics=(), profession="doctor"):
        clinic_fields = {**CLINICS[zone], "time_zone": zone, "min_notice_minutes": notice_minutes,
                         "horizon_days": horizon_days, "cancellation_cutoff_hours": cutoff_hours}
        practitioner = make_practitioner(name=name, clinics=[clinic_fields, *extra_clinics], treatments=(treatment,),
                                         registration_expires=date(2099, 1, 1), profession=profession)
        offering = practitioner.offerings[0]
        offering.duration_minutes, offering.buffer_before_minutes = duration, buffer_before
        offering.buffer_after_minutes, offering.requires_consultation = buffer_after, requires_consultation
        offering.includes_exosome_adjunct = exosome
        db.session.commit()
        for clinic in practitioner.clinics:
            set_hours(clinic, NINE_TO_FIVE if hours is None else hours)
        return Bookable(practitioner, practitioner.clinics[0], offering)

    return factory


@pytest.fixture
def bookable(make_bookable):
    """Dr Bookable: microneedling, 45 minutes, at a Manchester clinic open 09:00 to 17:00 every day."""
    return make_bookable(name="Dr Bookable")


@pytest.fixture
def make_patient(app):
    """Return make_patient(email=..., verified=True, born_on=ADULT or None) -> a stored patient (cheap hash)."""
    counter = iter(range(1, 100_000))

    def factory(email=None, verified=True, name="Pat Patient", born_on=ADULT):
        user = User(email=email or f"patient{next(counter)}@example.com", role="patient", name=name,
                    password_hash=generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000"),
                    email_verified_at=NOW - timedelta(days=30) if verified else None)
        db.session.add(user)
        db.session.flush()
        if born_on is not None:  # the age rules (eligibility/) ask for it before toxin or filler in England
            db.session.add(BirthDate(user_id=user.id, born_on=born_on, recorded_at=NOW - timedelta(days=30)))
        db.session.commit()
        return user

    return factory


@pytest.fixture
def patient(make_patient):
    """A verified patient."""
    return make_patient(email="pat@example.com")


@pytest.fixture
def add_booking():
    """Return add_booking(bookable, patient, starts_at, status=..., kind=..., clinic=...) -> a stored Booking.

    Writes the row directly (past bookings included), with the blocked range the offering implies.
    """

    def factory(target: Bookable, patient, starts_at, status="booked", kind="treatment", clinic=None, **fields):
        clinic = clinic or target.clinic
        visit = Visit.of(target.offering, kind)
        blocked_from, blocked_until = visit.blocked(starts_at)
        booking = Booking(practitioner_id=target.practitioner.id, patient_id=patient.id, clinic_id=clinic.id,
                          treatment_id=target.offering.treatment_id, kind=kind, status=status, starts_at=starts_at,
                          ends_at=starts_at + timedelta(minutes=visit.minutes), blocked_from=blocked_from,
                          blocked_until=blocked_until, time_zone=clinic.time_zone, clinic_name=clinic.name,
                          patient_name=patient.name, created_at=NOW, **fields)
        db.session.add(booking)
        db.session.commit()
        return booking

    return factory


@pytest.fixture
def not_compliant(make_bookable):
    """Dr Claims: listed with bookable hours, but a bio with a drug-like claim, so the badge is not_compliant."""
    target = make_bookable(name="Dr Claims")
    target.practitioner.bio = "Our exosome facial treats acne."
    db.session.commit()
    return target
