"""One definition of "listed": the Python predicate, the SQL expression and the search index agree."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from compliance.badge import stored_badges
from core import clock
from core.extensions import db
from directory.listing import is_listed, listed
from directory.models import Clinic, Practitioner
from directory.search import SearchQuery, search

NOW = datetime(2026, 3, 10, 23, 30, tzinfo=timezone.utc)  # late in the day: "today" is still 10 March
TODAY = NOW.date()
MANCHESTER = SearchQuery(lat=53.4794, lon=-2.2453, radius=5)


def never_expires(practitioner):
    """Take the expiry date off the practitioner's registration."""
    practitioner.credentials[0].expires_on = None


def pending(practitioner):
    """Put the registration back in review."""
    practitioner.credentials[0].status = "pending"


def training_only(practitioner):
    """Turn the only verified credential into a training certificate."""
    practitioner.credentials[0].kind = "training"


def suspended(practitioner):
    """Suspend the practitioner, as an admin does."""
    practitioner.suspended_at = clock.now()


CASES = {  # name: (make_practitioner arguments, change after creation, listed today?)
    "verified, expires tomorrow": ({"registration_expires": TODAY + timedelta(days=1)}, None, True),
    "verified, expires today": ({"registration_expires": TODAY}, None, True),
    "verified, expired yesterday": ({"registration_expires": TODAY - timedelta(days=1)}, None, False),
    "verified, never expires": ({}, never_expires, True),
    "no registration at all": ({"verified": False}, None, False),
    "registration pending review": ({}, pending, False),
    "verified training, no registration": ({}, training_only, False),
    "suspended with a current registration": ({}, suspended, False),
    # Compliance hides no one: a "not compliant" badge is shown on the profile and in search.
    "not compliant badge": ({"bio": "Our exosome facial treats acne."}, None, True),
}


@pytest.fixture
def app_config(app_config):
    """Pin the clock, so yesterday, today and tomorrow are fixed days."""
    return {**app_config, "CLOCK_NOW": NOW}


@pytest.mark.parametrize("case", CASES)
def test_python_sql_and_index_agree(case, make_practitioner):
    arguments, change, expected = CASES[case]
    practitioner = make_practitioner(name="Dr Case", **arguments)
    if change:
        change(practitioner)
        db.session.commit()
    today = clock.today()
    assert today == TODAY
    clinic = practitioner.clinics[0]
    in_sql = db.session.scalar(select(listed(Practitioner, today)).where(Practitioner.id == practitioner.id))
    clinic_in_sql = db.session.scalar(select(listed(Clinic, today)).where(Clinic.id == clinic.id))
    in_search = [hit.practitioner.id for hit in search(MANCHESTER, today).hits] == [practitioner.id]
    assert (is_listed(practitioner, today), is_listed(clinic, today), bool(in_sql), bool(clinic_in_sql),
            in_search) == (expected,) * 5


@pytest.mark.parametrize("case", CASES)
def test_profile_and_booking_pages_follow_the_definition(case, client, make_practitioner):
    arguments, change, expected = CASES[case]
    practitioner = make_practitioner(name="Dr Case", **arguments)
    if change:
        change(practitioner)
        db.session.commit()
    status = 200 if expected else 404
    assert client.get(f"/practitioners/{practitioner.slug}").status_code == status
    # Listed but not compliant: the booking page explains that they take no new bookings (409).
    book_status = 409 if case == "not compliant badge" else status
    assert client.get(f"/practitioners/{practitioner.slug}/book").status_code == book_status


def test_a_not_compliant_badge_is_shown_not_hidden(make_practitioner):
    practitioner = make_practitioner(**CASES["not compliant badge"][0])
    assert stored_badges([practitioner.id])[practitioner.id].status == "not_compliant"
