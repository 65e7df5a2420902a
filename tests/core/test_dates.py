"""Dates in the reader's convention: "3 March 2026" for UK readers, "March 3, 2026" for US readers, times on a
named zone's clocks with the abbreviation in force then (so the hour a clock change repeats is not ambiguous)."""
from datetime import date, datetime, timezone

import pytest
from flask import render_template_string

from core.dates import Convention, date_text, datetime_text
from directory.conventions import clinic_convention
from tests.compliance.conftest import BEVERLY_HILLS

UTC = timezone.utc


@pytest.mark.parametrize("country, expected", [("GB", "3 March 2026"), ("US", "March 3, 2026")])
def test_a_date_reads_as_each_country_writes_it(country, expected):
    assert date_text(date(2026, 3, 3), country) == expected


@pytest.mark.parametrize("instant, zone, country, expected", [
    (datetime(2026, 3, 3, 14, 2, tzinfo=UTC), "Europe/London", "GB", "3 March 2026, 14:02 GMT"),
    (datetime(2026, 3, 3, 14, 2, tzinfo=UTC), "America/New_York", "US", "March 3, 2026 at 9:02 AM EST"),
    # London's clocks go forward at 01:00 UTC on 29 March 2026: the same day, an hour apart, two abbreviations.
    (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "Europe/London", "GB", "29 March 2026, 00:30 GMT"),
    (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "Europe/London", "GB", "29 March 2026, 02:30 BST"),
    # New York's clocks go back at 06:00 UTC on 1 November 2026: 1:30 AM happens twice, told apart by EDT/EST.
    (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "America/New_York", "US", "November 1, 2026 at 1:30 AM EDT"),
    (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "America/New_York", "US", "November 1, 2026 at 1:30 AM EST"),
    # Late evening in Los Angeles is already the next day in UTC: the date is the clinic's.
    (datetime(2026, 3, 8, 5, 30, tzinfo=UTC), "America/Los_Angeles", "US", "March 7, 2026 at 9:30 PM PST"),
    (datetime(2026, 3, 3, 12, 0, tzinfo=UTC), "America/Los_Angeles", "GB", "3 March 2026, 04:00 PST"),
])
def test_an_instant_reads_on_the_zones_clocks_with_its_abbreviation(instant, zone, country, expected):
    assert datetime_text(instant, zone, country) == expected


def test_a_practitioner_writes_as_most_of_their_clinics_do():
    assert clinic_convention([("US", "America/Los_Angeles")]) == Convention("US", "America/Los_Angeles")
    assert clinic_convention([("GB", "Europe/London"), ("US", "America/Chicago"), ("US", "America/Denver")]) \
        == Convention("US", "America/Chicago")
    assert clinic_convention([("US", "America/Denver"), ("GB", "Europe/London")]) == Convention("US", "America/Denver")


FILTERS = "{{ day|human_date }} | {{ at|human_datetime }} | {{ at|human_datetime('Europe/London') }}"
CONTEXT = {"day": date(2026, 3, 3), "at": datetime(2026, 3, 29, 1, 30, tzinfo=UTC)}


def _as(app, user=None) -> str:
    """The filters rendered in a request by this user (a visitor when None)."""
    from flask_login import login_user

    with app.test_request_context("/"):
        if user is not None:
            login_user(user)
        return render_template_string(FILTERS, **CONTEXT)


def test_the_filters_follow_the_reader(app, make_practitioner, make_user):
    """Visitors and admins read the site's default (GB here); a practitioner in California reads US dates, and
    times on their clinic's clocks unless the page names another zone."""
    assert _as(app) == "3 March 2026 | 29 March 2026, 02:30 BST | 29 March 2026, 02:30 BST"
    assert _as(app, make_user(role="admin")) == _as(app)
    assert _as(app, make_user(role="patient")) == _as(app)
    practitioner = make_practitioner(name="Dr Sam Ortiz", clinics=[BEVERLY_HILLS])
    assert _as(app, practitioner.user) == "March 3, 2026 | March 28, 2026 at 6:30 PM PDT | March 29, 2026 at 2:30 AM BST"


def test_the_sites_default_country_decides_for_everyone_else(app, make_user, make_practitioner):
    """DEFAULT_COUNTRY=US: admins and visitors read US dates on New York's clocks; a practitioner in Manchester
    still reads UK dates."""
    app.config["DEFAULT_COUNTRY"] = "US"
    expected = "March 3, 2026 | March 28, 2026 at 9:30 PM EDT | March 29, 2026 at 2:30 AM BST"
    assert _as(app) == _as(app, make_user(role="admin")) == expected
    assert _as(app, make_practitioner().user).startswith("3 March 2026 | 29 March 2026, 02:30 BST")
