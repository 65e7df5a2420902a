"""Fixtures for complications: booking's bookable practitioners at its pinned NOW, attended bookings, an admin."""
from datetime import date, timedelta

import pytest

from complications.services import ProblemEntry
from tests.booking.conftest import (add_booking, app_config, bookable, make_bookable, make_patient,  # noqa: F401
                                    patient)
from tests.booking.helpers import NOW

# The London appointment is on Sunday 1 March 2026 at 10:00; NOW is Monday 2 March 2026, 08:00 UTC.
SWELLING = ProblemEntry(what_happened="Lumps and swelling on the left cheek, a little worse today.",
                        started_on=date(2026, 3, 1))
BLANCHING = ProblemEntry(urgent_signs=("blanching", "severe_pain"))
CLINIC_PHONE = "0161 496 0000"


@pytest.fixture
def attended(bookable, patient, add_booking):
    """Pat's microneedling with Dr Bookable yesterday at 10:00 London time, at a clinic with a phone number."""
    bookable.clinic.phone = CLINIC_PHONE
    return add_booking(bookable, patient, NOW - timedelta(hours=22), status="attended", attended_at=NOW)


@pytest.fixture
def attended_us(make_bookable, patient, add_booking):
    """Pat's microneedling with Dr Madison in New York yesterday at 14:00 New York time."""
    target = make_bookable(zone="America/New_York", name="Dr Madison")
    target.clinic.phone = "+1 (212) 555-0100"
    return add_booking(target, patient, NOW - timedelta(hours=23), status="attended", attended_at=NOW)


@pytest.fixture
def admin(make_user):
    """An admin account."""
    return make_user(role="admin", email="admin@verity.example", name="Ada Admin")
