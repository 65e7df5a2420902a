"""Anonymous search pages and API answers are kept whole, and never outlive a booking, an edit or a shown free time."""
from datetime import time, timedelta

import pytest

from booking.models import OpeningHours, TimeOff
from core.extensions import db
from tests.booking.conftest import set_hours
from tests.booking.helpers import NOW, at
from tests.helpers import login

PAGE = "/search?near=M1+1AE&radius=10&treatment=microneedling"
API = "/api/v1/practitioners?near=M1+1AE&radius=10&treatment=microneedling"


def fetch(client, url: str = PAGE):
    """One GET; asserts it answered 200."""
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def first_free(client) -> str:
    """The API's first free time of the only result."""
    return fetch(client, API).get_json()["results"][0]["next_available"]


def test_a_repeated_search_is_served_whole_from_the_cache(client, bookable):
    first, second = fetch(client), fetch(client)
    assert (first.headers["X-Page-Cache"], second.headers["X-Page-Cache"]) == ("miss", "hit")
    assert second.get_data() == first.get_data() and "Dr Bookable" in second.get_data(as_text=True)
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_the_query_order_does_not_matter_but_its_values_do(client, bookable):
    fetch(client)
    assert fetch(client, "/search?treatment=microneedling&radius=10&near=M1+1AE").headers["X-Page-Cache"] == "hit"
    assert fetch(client, "/search?near=M1+1AE&radius=11&treatment=microneedling").headers["X-Page-Cache"] == "miss"


def test_repeated_names_keep_their_order_in_the_key(client, bookable):
    fetch(client, "/search?near=M1+1AE&near=London&radius=10")
    assert fetch(client, "/search?near=London&near=M1+1AE&radius=10").headers["X-Page-Cache"] == "miss"


def test_a_kept_page_is_still_compressed_and_carries_the_security_headers(app, bookable):
    visitor = app.test_client(use_cookies=False)
    fetch(visitor)
    kept = visitor.get(PAGE, headers={"Accept-Encoding": "gzip"})
    assert kept.headers["X-Page-Cache"] == "hit" and kept.headers["Content-Encoding"] == "gzip"
    assert kept.headers["X-Frame-Options"] == "DENY"


def test_an_unchanged_page_asked_again_by_its_etag_is_a_304(client, bookable):
    etag = fetch(client).headers["ETag"]
    again = client.get(PAGE, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["X-Page-Cache"] == "hit"


def test_a_booking_shows_at_once(client, bookable, add_booking, patient):
    assert first_free(client) == "2026-03-02T09:00:00+00:00"
    assert first_free(client) == "2026-03-02T09:00:00+00:00"  # kept
    add_booking(bookable, patient, at("Europe/London", 2026, 3, 2, 9))
    response = fetch(client, API)
    assert response.headers["X-Page-Cache"] == "miss"
    assert response.get_json()["results"][0]["next_available"] == "2026-03-02T09:45:00+00:00"


def test_new_hours_and_time_off_show_at_once(client, bookable):
    assert first_free(client) == "2026-03-02T09:00:00+00:00"
    db.session.query(OpeningHours).filter_by(clinic_id=bookable.clinic.id).delete()
    set_hours(bookable.clinic, {d: (time(11), time(17)) for d in range(7)})
    assert first_free(client) == "2026-03-02T11:00:00+00:00"
    db.session.add(TimeOff(practitioner_id=bookable.practitioner.id, starts_at=at("Europe/London", 2026, 3, 2, 0),
                           ends_at=at("Europe/London", 2026, 3, 3, 0), time_zone="Europe/London",
                           reason="Training"))
    db.session.commit()
    assert first_free(client) == "2026-03-03T11:00:00+00:00"


def test_a_listing_edit_shows_at_once(client, bookable):
    assert "Dr Bookable" in fetch(client).get_data(as_text=True)
    bookable.practitioner.name = "Dr Renamed"
    db.session.commit()
    response = fetch(client)
    assert response.headers["X-Page-Cache"] == "miss" and "Dr Renamed" in response.get_data(as_text=True)


def test_a_page_is_dropped_when_its_first_free_time_passes_the_notice(app, client, make_bookable):
    make_bookable(name="Dr Notice", notice_minutes=30)  # the first time is 09:00, bookable until 08:30
    app.config["CLOCK_NOW"] = NOW + timedelta(minutes=27)  # within PAGE_CACHE_SECONDS of 08:30
    assert first_free(client) == "2026-03-02T09:00:00+00:00"
    app.config["CLOCK_NOW"] = NOW + timedelta(minutes=29, seconds=59)
    assert fetch(client, API).headers["X-Page-Cache"] == "hit"
    app.config["CLOCK_NOW"] = NOW + timedelta(minutes=30)
    assert fetch(client, API).headers["X-Page-Cache"] == "miss"
    app.config["CLOCK_NOW"] = NOW + timedelta(minutes=31)
    assert first_free(client) == "2026-03-02T09:15:00+00:00"  # starts every 15 minutes


def test_a_page_is_kept_no_longer_than_the_setting(app, client, bookable):
    fetch(client)
    app.config["CLOCK_NOW"] = NOW + timedelta(seconds=299)
    assert fetch(client).headers["X-Page-Cache"] == "hit"
    app.config["CLOCK_NOW"] = NOW + timedelta(seconds=300)
    assert fetch(client).headers["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("url", [PAGE, API])
def test_a_logged_in_visitor_never_gets_a_kept_page(client, bookable, patient, url):
    fetch(client, url)
    fetch(client, url)  # kept for visitors
    login(client, patient.email)
    for _ in range(2):
        response = fetch(client, url)
        assert "X-Page-Cache" not in response.headers and "ETag" not in response.headers


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache(client, bookable):
    fetch(client)
    with client.session_transaction() as session:
        session["anything"] = 1
    assert "X-Page-Cache" not in fetch(client).headers


def test_no_cache_when_the_setting_is_zero(app_config, bookable):
    from app import create_app

    app = create_app({**app_config, "PAGE_CACHE_SECONDS": 0})
    with app.test_client() as client:
        assert "X-Page-Cache" not in fetch(client).headers and "X-Page-Cache" not in fetch(client).headers


def test_a_bad_place_is_a_problem_and_never_kept(client, bookable):
    for _ in range(2):
        response = client.get("/api/v1/practitioners?near=Nowhere+at+all+zzz")
        assert response.status_code == 400 and response.headers.get("X-Page-Cache") == "miss"


def test_a_licence_decision_shows_at_once(client, bookable):
    """Cards say whether licensing bars a treatment, so a licence sent or verified ends the kept pages."""
    from datetime import date

    from licensing import services as licensing
    from licensing.services import LicenceEntry
    from tests.credentials.factories import PDF, Upload

    assert fetch(client).headers["X-Page-Cache"] == "miss" and fetch(client).headers["X-Page-Cache"] == "hit"
    entry = LicenceEntry("personal", None, "Manchester City Council", "PL-9", date(2027, 3, 31))
    practitioner = bookable.practitioner
    licensing.submit(practitioner, entry, Upload(PDF, "licence.pdf"), practitioner.user, NOW.date())
    db.session.commit()
    assert fetch(client).headers["X-Page-Cache"] == "miss"
