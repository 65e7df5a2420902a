"""Who may see and change which booking: patients only their own, practitioners only their own agenda."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.models import Booking, CalendarFeed
from core.extensions import db
from tests.booking.helpers import NOW, at, page_text, words
from tests.helpers import login, submit

PRACTICE_PAGES = ["/practice/booking/", "/practice/booking/agenda", "/practice/booking/time-off/new",
                  "/practice/booking/clinics/1", "/practice/booking/clinics/1/dates/new",
                  "/practice/booking/treatments/1", "/practice/booking/bookings/1/cancel"]


@pytest.fixture
def two_patients(bookable, make_patient, add_booking):
    """Ann and Ben, each with a booking of Dr Bookable on Wednesday 4 March."""
    ann, ben = make_patient(email="ann@example.com", name="Ann"), make_patient(email="ben@example.com", name="Ben")
    return (ann, add_booking(bookable, ann, at("Europe/London", 2026, 3, 4, 9))), \
        (ben, add_booking(bookable, ben, at("Europe/London", 2026, 3, 4, 11)))


@pytest.mark.parametrize("path, post", [("/bookings/{id}", False), ("/bookings/{id}/cancel", True),
                                        ("/bookings/{id}/reschedule", False),
                                        ("/bookings/{id}/reschedule/confirm?start=2026-03-05T09:00Z", True)])
def test_a_patient_cannot_see_or_change_anothers_booking(client, two_patients, path, post):
    (ann, _), (_, bens) = two_patients
    login(client, ann.email)
    url = path.format(id=bens.id)
    assert client.get(url).status_code == 404
    if post:
        assert submit(client, url, {"reason": "mine now"}, page="/bookings").status_code == 404
    db.session.refresh(bens)
    assert (bens.status, bens.starts_at) == ("booked", at("Europe/London", 2026, 3, 4, 11))


def test_my_bookings_lists_only_my_own(client, two_patients):
    (ann, _), _ = two_patients
    login(client, ann.email)
    page = words(client.get("/bookings"))
    assert "Wednesday 4 March 2026, 09:00 to 09:45 GMT" in page and "11:00" not in page


def test_my_bookings_splits_upcoming_and_past(client, bookable, patient, add_booking):
    add_booking(bookable, patient, NOW - timedelta(days=3))
    add_booking(bookable, patient, NOW + timedelta(days=3), status="confirmed")
    login(client, patient.email)
    page = page_text(client.get("/bookings"))
    upcoming, past = page.split("Past and cancelled")
    assert "Thursday 5 March 2026" in upcoming and "Confirmed" in upcoming
    assert "Friday 27 February 2026" in past


@pytest.mark.parametrize("path", PRACTICE_PAGES)
def test_practice_booking_pages_are_for_practitioners(client, make_patient, path):
    assert client.get(path).location.startswith("/login")
    login(client, make_patient().email)
    assert client.get(path).status_code == 403


def test_a_practitioner_cannot_see_or_act_on_anothers_agenda(client, two_patients, bookable, make_bookable):
    (_, anns), _ = two_patients
    rival = make_bookable(name="Dr Rival")
    login(client, rival.practitioner.user.email)
    agenda = page_text(client.get("/practice/booking/agenda?day=2026-03-04&view=day"))
    assert "Ann" not in agenda and "No bookings." in agenda
    for path in (f"/practice/booking/bookings/{anns.id}/confirm", f"/practice/booking/bookings/{anns.id}/no-show"):
        assert submit(client, path, {}, page="/practice/booking/").status_code == 404
    assert client.get(f"/practice/booking/bookings/{anns.id}/cancel").status_code == 404
    assert client.get(f"/practice/booking/clinics/{bookable.clinic.id}").status_code == 404
    assert client.get(f"/practice/booking/treatments/{bookable.offering.id}").status_code == 404
    db.session.refresh(anns)
    assert anns.status == "booked"


def test_the_calendar_feed_opens_with_its_token_and_a_new_token_closes_the_old_one(client, two_patients, bookable):
    login(client, bookable.practitioner.user.email)
    submit(client, "/practice/booking/calendar/rotate", {}, page="/practice/booking/")
    first = db.session.scalar(select(CalendarFeed.token))
    feed = client.get(f"/calendar/{first}.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert "Ann" in feed.get_data(as_text=True) and "TZID=Europe/London" in feed.get_data(as_text=True)
    submit(client, "/practice/booking/calendar/rotate", {}, page="/practice/booking/")
    second = db.session.scalar(select(CalendarFeed.token))
    assert second != first
    assert client.get(f"/calendar/{first}.ics").status_code == 404
    assert client.get(f"/calendar/{second}.ics").status_code == 200
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_no_show_only_once_the_time_has_come(client, bookable, patient, add_booking):
    later = add_booking(bookable, patient, NOW + timedelta(hours=5))
    earlier = add_booking(bookable, patient, NOW - timedelta(hours=2))
    login(client, bookable.practitioner.user.email)
    submit(client, f"/practice/booking/bookings/{later.id}/no-show", {}, page="/practice/booking/")
    submit(client, f"/practice/booking/bookings/{earlier.id}/no-show", {}, page="/practice/booking/")
    assert [db.session.get(Booking, b.id).status for b in (later, earlier)] == ["booked", "no_show"]
