"""A patient searches and books from a result card: "More times" opens that clinic and treatment on the week of the
first time shown; tapping one of the card's free times opens the confirm page with that slot chosen."""
import re
from datetime import datetime, time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from booking.models import Booking
from core.extensions import db
from tests.booking.conftest import app_config, set_hours  # noqa: F401 - booking pages at the pinned NOW
from tests.booking.helpers import at
from tests.browser.conftest import check_page, log_in

LEEDS = {"name": "Leeds Clinic", "city": "Leeds", "postcode": "LS1 4AP", "lat": 53.7997, "lon": -1.5492,
         "time_zone": "Europe/London", "min_notice_minutes": 0}
ANCOATS = {"name": "Ancoats Clinic", "city": "Manchester", "postcode": "M4 6DE", "lat": 53.4842, "lon": -2.2265,
           "address": "12 Blossom Street", "time_zone": "Europe/London", "min_notice_minutes": 0}


@pytest.fixture
def dr_wednesday(make_practitioner):
    """Dr Wednesday at Leeds (open daily) and Ancoats (Wednesdays 10:00 to 16:00); microneedling £90 is cheapest."""
    # Leeds is listed first and Chemical peel comes first by name: the booking page's defaults are not this result.
    practitioner = make_practitioner(name="Dr Wednesday", clinics=[LEEDS, ANCOATS],
                                     treatments=("chemical-peel", "microneedling"))
    peel, needling = practitioner.offerings
    needling.price_from_minor = 9000  # the cheapest: the result is for microneedling
    db.session.commit()
    leeds, ancoats = practitioner.clinics
    set_hours(leeds, {d: (time(9), time(17)) for d in range(7)})
    set_hours(ancoats, {2: (time(10), time(16))})  # Ancoats opens on Wednesdays only
    return practitioner, leeds, ancoats


def search_near_m1(page, server: str):
    """Search within 5 miles of M1 1AE from the home page; return Dr Wednesday's card."""
    page.goto(server + "/")
    page.get_by_label("Town, city, postcode or ZIP").fill("M1 1AE")
    page.get_by_label("Within").fill("5")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?**")
    return page.locator("li.result", has_text="Dr Wednesday")


def test_more_times_opens_that_clinic_treatment_and_week(new_page, live_server, dr_wednesday):
    practitioner, leeds, ancoats = dr_wednesday
    page = new_page()
    card = search_near_m1(page, live_server)
    expect(card.locator(".result-price")).to_have_text("Microneedling from £90, their lowest price")
    expect(card.locator(".result-times-label")).to_contain_text("Next free for Microneedling at Ancoats Clinic")
    shown = card.locator("a.result-time time").first.get_attribute("datetime")
    assert shown == "2026-03-04T10:00:00+00:00"  # Wednesday, the only day Ancoats opens
    check_page(page, "results-search")
    card.get_by_role("link", name=re.compile(r"^More times")).click()
    page.wait_for_url("**/book?**")
    assert page.get_by_label("Treatment", exact=True).input_value() == "microneedling"
    assert page.get_by_label("Clinic", exact=True).input_value() == str(ancoats.id)
    expect(page.get_by_role("heading", name="Free times at Ancoats Clinic")).to_be_visible()
    first = page.locator("a.slot time").first
    assert datetime.fromisoformat(first.get_attribute("datetime")) == datetime.fromisoformat(shown)
    assert first.inner_text() == "10:00"
    expect(page.locator(".slot-day h3").first).to_have_text("Wednesday 4 March 2026")


def test_tap_a_free_time_on_a_card_confirm_and_the_booking_is_stored_at_that_instant(new_page, live_server,
                                                                                     dr_wednesday, make_patient):
    practitioner, leeds, ancoats = dr_wednesday
    patient = make_patient(email="tap@example.com", name="Tess Tapper")
    page = new_page(width=390, height=844, has_touch=True, is_mobile=True)
    log_in(page, live_server, patient.email)
    card = search_near_m1(page, live_server)
    times = card.locator("a.result-time")
    expect(times).to_have_count(3)
    expect(times.nth(1)).to_contain_text("Wed 4 Mar 10:15")
    times.nth(1).tap()  # one tap: the second free time
    page.wait_for_url("**/book/confirm?**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Book Microneedling")
    facts = dict(zip(*(page.locator(f".booking-facts {tag}").all_inner_texts() for tag in ("dt", "dd"))))
    assert {k: " ".join(facts[k].split()) for k in ("What", "With", "When", "Where", "Price")} == {
        "What": "Microneedling (45 minutes)", "With": "Dr Wednesday",
        "When": "Wednesday 4 March 2026, 10:15 to 11:00 GMT",
        "Where": "Ancoats Clinic, 12 Blossom Street, Manchester, M4 6DE", "Price": "From £90"}
    page.get_by_role("button", name="Book this time").click()
    expect(page.get_by_text("Your booking is made.")).to_be_visible()
    booking = db.session.scalars(select(Booking)).one()
    assert (booking.starts_at, booking.clinic_id, booking.practitioner_id, booking.patient_id) == (
        at("Europe/London", 2026, 3, 4, 10, 15), ancoats.id, practitioner.id, patient.id)
    assert booking.treatment.slug == "microneedling"
