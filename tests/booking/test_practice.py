"""The practitioner's booking pages: weekly hours with breaks, special dates, time off, treatment rules, agenda."""
import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from booking.models import DateOverride, OpeningHours, TimeOff
from compliance.services import declare_from_import
from directory.models import Offering
from core.extensions import db
from tests.booking.helpers import NOW, at, page_text, words
from tests.helpers import login, submit


@pytest.fixture
def me(client, bookable):
    """Dr Bookable, logged in."""
    login(client, bookable.practitioner.user.email)
    return bookable


def week_form(days=None, **rules):
    """The hours form: every day closed unless given as {weekday: (opens, closes[, break from, until])}."""
    data = {"min_notice_hours": "24", "horizon_days": "60", "cancellation_cutoff_hours": "48", **rules}
    for weekday, times in (days or {}).items():
        data[f"day{weekday}-is_open"] = "y"
        for name, value in zip(("opens", "closes", "break_starts", "break_ends"), times):
            data[f"day{weekday}-{name}"] = value
    return data


def hours_of(clinic):
    return {h.weekday: (h.opens, h.closes, h.break_starts, h.break_ends)
            for h in db.session.scalars(select(OpeningHours).where(OpeningHours.clinic_id == clinic.id))}


def test_the_hours_page_shows_the_stored_week(client, me):
    page = page_text(client.get(f"/practice/booking/clinics/{me.clinic.id}"))
    assert 'name="day0-opens" type="time" value="09:00"' in page and "Europe/London" in page


def test_weekly_hours_with_a_break_and_the_rules_are_saved(client, me):
    response = submit(client, f"/practice/booking/clinics/{me.clinic.id}",
                      week_form({0: ("09:00", "17:30", "12:30", "13:15"), 4: ("10:00", "14:00")}))
    assert response.status_code == 302
    assert hours_of(me.clinic) == {0: (time(9), time(17, 30), time(12, 30), time(13, 15)),
                                   4: (time(10), time(14), None, None)}
    db.session.refresh(me.clinic)
    assert (me.clinic.min_notice_minutes, me.clinic.horizon_days, me.clinic.cancellation_cutoff_hours) == \
        (24 * 60, 60, 48)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "booking.clinic_rules_saved"))
    assert event.after["hours"]["Monday"] == "09:00:00-17:30:00 break 12:30:00-13:15:00"


@pytest.mark.parametrize("days, rules, message", [
    ({1: ("17:00", "09:00")}, {}, "Tuesday: the closing time must be after the opening time."),
    ({2: ("09:00", "17:00", "12:00", "")}, {}, "Wednesday: give both the start and the end of the break"),
    ({3: ("09:00", "17:00", "08:00", "10:00")}, {}, "Thursday: the break must start after opening"),
    ({4: ("09:00", "")}, {}, "Friday: give both an opening and a closing time"),
    ({}, {"horizon_days": "0"}, "Booking horizon must be a whole number from 1 to 365."),
    ({}, {"min_notice_hours": "9999"}, "Minimum notice must be a whole number from 0 to 720."),
])
def test_hours_that_cannot_work_are_refused_and_nothing_changes(client, me, days, rules, message):
    before = hours_of(me.clinic)
    response = submit(client, f"/practice/booking/clinics/{me.clinic.id}", week_form(days, **rules))
    assert response.status_code == 200 and message in page_text(response)
    assert hours_of(me.clinic) == before


def test_a_special_date_closes_the_clinic_and_can_be_removed(client, me):
    url = f"/practice/booking/clinics/{me.clinic.id}/dates/new"
    assert "Choose today or a later date." in page_text(submit(client, url, {"day": "2026-03-01",
                                                                           "is_open": "closed"}))
    submit(client, url, {"day": "2026-04-06", "is_open": "closed", "note": "Easter Monday"})
    override = db.session.scalar(select(DateOverride))
    assert (override.day, override.closed, override.note) == (date(2026, 4, 6), True, "Easter Monday")
    assert "Monday 6 April 2026" in page_text(client.get(f"/practice/booking/clinics/{me.clinic.id}"))
    submit(client, f"/practice/booking/dates/{override.id}/delete", {}, page=f"/practice/booking/clinics/{me.clinic.id}")
    assert db.session.scalar(select(DateOverride)) is None


def test_special_hours_on_a_date_are_checked_like_weekly_ones(client, me):
    url = f"/practice/booking/clinics/{me.clinic.id}/dates/new"
    refused = submit(client, url, {"day": "2026-03-10", "is_open": "open", "opens": "18:00", "closes": "08:00"})
    assert "the closing time must be after the opening time" in page_text(refused)
    submit(client, url, {"day": "2026-03-10", "is_open": "open", "opens": "12:00", "closes": "20:00"})
    assert db.session.scalar(select(DateOverride.opens)) == time(12)


def test_time_off_is_stored_as_utc_from_the_chosen_zone_and_warns_of_bookings(client, me, patient, add_booking):
    add_booking(me, patient, at("Europe/London", 2026, 4, 1, 10))
    response = submit(client, "/practice/booking/time-off/new",
                      {"starts_on": "2026-03-30", "ends_on": "2026-04-02", "time_zone": "Europe/London",
                       "reason": "Conference"}, follow_redirects=True)
    page = page_text(response)
    assert "Your time off is saved" in page and "You already have 1 booking in that time" in page
    time_off = db.session.scalar(select(TimeOff))
    # 30 March is after the clocks went forward: local midnight is 23:00 UTC the day before.
    assert (time_off.starts_at, time_off.ends_at) == (at("Europe/London", 2026, 3, 30), at("Europe/London", 2026, 4, 3))
    assert time_off.starts_at.hour == 23


def test_time_off_ending_before_it_starts_is_refused(client, me):
    response = submit(client, "/practice/booking/time-off/new",
                      {"starts_on": "2026-04-02", "ends_on": "2026-03-30", "time_zone": "Europe/London"})
    assert "The end of the time off must be after its start." in page_text(response)
    assert db.session.scalar(select(TimeOff)) is None


def test_treatment_rules_are_saved(client, me):
    # An exosome adjunct needs a declaration of exosome use (compliance/consistency.py).
    declare_from_import(me.practitioner, ["plant"], ["topical"], True, True, me.practitioner.user, attested=True)
    db.session.commit()
    url = f"/practice/booking/treatments/{me.offering.id}"
    submit(client, url, {"buffer_before_minutes": "10", "buffer_after_minutes": "15", "requires_consultation": "y",
                         "includes_exosome_adjunct": "y"})
    offering = db.session.get(Offering, me.offering.id)
    assert (offering.buffer_before_minutes, offering.buffer_after_minutes, offering.requires_consultation,
            offering.includes_exosome_adjunct) == (10, 15, True, True)
    refused = submit(client, url, {"buffer_before_minutes": "-5", "buffer_after_minutes": "15"})
    assert "The buffer before must be a whole number from 0 to 240." in page_text(refused)


def test_the_agenda_shows_a_week_from_monday_in_each_clinics_local_time(client, me, patient, add_booking):
    add_booking(me, patient, at("Europe/London", 2026, 3, 31, 9), patient_phone="07700 900123")  # BST
    add_booking(me, patient, at("Europe/London", 2026, 3, 27, 16, 15), status="cancelled")
    page = words(client.get("/practice/booking/agenda?day=2026-03-31&view=week"))
    assert "Monday 30 March 2026 to Sunday 5 April 2026" in page
    assert "Tuesday 31 March 2026" in page and re.search(r"09:00\s*–\s*09:45 BST", page)
    assert "07700 900123" in page and "16:15" not in page
    last_week = words(client.get("/practice/booking/agenda?day=2026-03-23&view=week"))
    assert "16:15" in last_week and "Cancelled" in last_week


def test_the_day_agenda_defaults_to_today(client, me, patient, add_booking):
    add_booking(me, patient, NOW + timedelta(hours=2))
    page = words(client.get("/practice/booking/agenda?view=day"))
    assert "Monday 2 March 2026" in page and re.search(r"10:00\s*–\s*10:45 GMT", page)
    assert "Confirm" in page and "Did not attend" not in page
