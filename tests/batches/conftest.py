"""Fixtures for batches: booking's bookable practitioner at its pinned NOW, an attended booking, an admin."""
from datetime import date, timedelta

import pytest

from batches.services import ProductEntry
from tests.booking.conftest import (add_booking, app_config, bookable, make_bookable, make_patient,  # noqa: F401
                                    patient)
from tests.booking.helpers import NOW

# The appointment below is on Sunday 1 March 2026 (10:00 London); this filler is in date until 2027.
FILLER = ProductEntry("Juvederm Volift", "Allergan", "AB-123 45", date(2027, 6, 30), "1 ml")
RECALL = {"product_name": "Juvederm Volift", "batch_number": "ab12345",
          "reason": "Possible contamination found in sterility testing.",
          "source_url": "https://www.gov.uk/drug-device-alerts/example-recall"}


@pytest.fixture
def attended(bookable, patient, add_booking):
    """Pat's microneedling with Dr Bookable yesterday at 10:00 London time, marked attended."""
    return add_booking(bookable, patient, NOW - timedelta(hours=22), status="attended", attended_at=NOW)


@pytest.fixture
def admin(make_user):
    """An admin account."""
    return make_user(role="admin", email="admin@verity.example", name="Ada Admin")
