"""Fixtures for the fuzz tests: the app without rate limits at a pinned instant, and the people and places they use."""
from datetime import date, time

import pytest

from booking.models import OpeningHours
from core.extensions import db
from tests.booking.helpers import NOW
from tests.helpers import login
# The access matrix's world (every object a URL can name, every role logged in once, put back after each
# change) on one app per module, clock pinned and rate limits off: test_every_input.py and test_raw_bytes.py.
from tests.test_access_matrix import matrix, world  # noqa: F401  (fixtures)


@pytest.fixture
def app_config(app_config):
    """Rate limits off (a fuzz test sends more requests than a person may: 429 is not what it checks);
    booking pages and answers computed at the pinned instant NOW, Monday 2 March 2026, 08:00 UTC; responses not
    compressed (Schemathesis asks for br and zstd through the WSGI test client, which does not undo them)."""
    app_config["RATELIMIT_ENABLED"] = False
    app_config["COMPRESS_MIN_SIZE"] = 2**62  # tests/core/test_assets.py proves the compression
    app_config["CLOCK_NOW"] = NOW
    return app_config


@pytest.fixture
def patient(make_user):
    """A verified patient account, pat@example.com."""
    return make_user(email="pat@example.com", name="Pat Patient")


@pytest.fixture
def practitioner(client, make_practitioner):
    """A listed doctor offering dermal fillers at a Manchester clinic, logged in on `client`."""
    practitioner = make_practitioner(name="Dr Ada Hart", email="ada@example.com")
    login(client, "ada@example.com")
    return practitioner


@pytest.fixture
def bookable(make_practitioner):
    """Dr Book: microneedling and dermal fillers at a Manchester clinic open 09:00 to 17:00 every day, no notice."""
    practitioner = make_practitioner(name="Dr Book", treatments=("microneedling", "dermal-filler"),
                                     registration_expires=date(2099, 1, 1))
    clinic = practitioner.clinics[0]
    clinic.min_notice_minutes, clinic.horizon_days = 0, 60
    db.session.add_all(OpeningHours(clinic_id=clinic.id, weekday=d, opens=time(9), closes=time(17)) for d in range(7))
    db.session.commit()
    return practitioner


def _restore_hypothesis_reports() -> None:
    """Give Hypothesis back its printer, so a failing example shows its values.

    Loading schemathesis (its pytest plugin loads with pytest) swaps Hypothesis' printer for one that
    prints nothing, a speed-up for its own large schemas; every falsifying example would read `s=,`.
    """
    import schemathesis.generation.hypothesis.builder  # noqa: F401  (patches Hypothesis once, on import)
    from hypothesis import core
    from hypothesis.vendor import pretty

    core.RepresentationPrinter = pretty.RepresentationPrinter


_restore_hypothesis_reports()
