"""Fixtures for licensing: booking's bookable practitioner at its pinned NOW, an admin, licences sent."""
from datetime import date

import pytest

from core.extensions import db
from licensing import services
from licensing.services import LicenceEntry
from tests.booking.conftest import (add_booking, app_config, bookable, make_bookable, make_patient,  # noqa: F401
                                    patient)
from tests.credentials.factories import PDF, Upload

PERSONAL = {"kind": "personal", "clinic_id": "0", "issuer": "Manchester City Council", "number": "PL-2026-0042",
            "expires_on": "2027-03-31"}


@pytest.fixture
def admin(make_user):
    """An admin account."""
    return make_user(role="admin", email="admin@verity.example", name="Ada Admin")


@pytest.fixture
def send_licence():
    """Return send_licence(practitioner, kind=..., clinic=..., number=..., expires_on=...) -> a pending Licence."""

    def factory(practitioner, kind="personal", clinic=None, number="PL-1", expires_on=date(2027, 3, 31),
                issuer="Manchester City Council"):
        entry = LicenceEntry(kind, clinic.id if clinic else None, issuer, number, expires_on)
        licence = services.submit(practitioner, entry, Upload(PDF, "licence.pdf"), practitioner.user,
                                  date(2026, 3, 2))
        db.session.commit()
        return licence

    return factory
