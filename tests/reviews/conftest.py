"""Fixtures for reviews: booking's bookable practitioner, patients and bookings at its pinned NOW, plus attended ones."""
from datetime import timedelta

import pytest

from tests.booking.conftest import (add_booking, app_config, bookable, make_bookable, make_patient,  # noqa: F401
                                    patient)
from tests.booking.helpers import NOW

GOOD = "Calm and careful. I felt well looked after and would go back."


@pytest.fixture
def attended(bookable, patient, add_booking):
    """Pat's microneedling with Dr Bookable yesterday at 10:00 London time, marked attended."""
    return add_booking(bookable, patient, NOW - timedelta(hours=22), status="attended", attended_at=NOW)


@pytest.fixture
def make_attended(bookable, make_patient, add_booking):
    """Return make_attended(email=..., starts_at=..., target=...) -> an attended booking of a new patient."""
    def factory(email=None, starts_at=NOW - timedelta(hours=22), target=None, name="Pat Patient"):
        return add_booking(target or bookable, make_patient(email=email, name=name), starts_at, status="attended",
                           attended_at=NOW)

    return factory
