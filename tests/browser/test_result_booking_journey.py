"""A patient searches, clicks "Book" on a result and lands on that clinic and treatment at the time the card showed."""
import re
from datetime import time

from playwright.sync_api import expect

from core.extensions import db
from tests.booking.conftest import app_config, set_hours  # noqa: F401 - booking pages at the pinned NOW
from tests.browser.conftest import check_page

LEEDS = {"name": "Leeds Clinic", "city": "Leeds", "postcode": "LS1 4AP", "lat": 53.7997, "lon": -1.5492,
         "time_zone": "Europe/London", "min_notice_minutes": 0}
ANCOATS = {"name": "Ancoats Clinic", "city": "Manchester", "postcode": "M4 6DE", "lat": 53.4842, "lon": -2.2265,
           "address": "12 Blossom Street", "time_zone": "Europe/London", "min_notice_minutes": 0}


def test_book_from_a_result_opens_that_clinic_treatment_and_time(new_page, live_server, make_practitioner):
    # Leeds is listed first and Chemical peel comes first by name: the booking page's defaults are not this result.
    practitioner = make_practitioner(name="Dr Wednesday", clinics=[LEEDS, ANCOATS],
                                     treatments=("chemical-peel", "microneedling"))
    peel, needling = practitioner.offerings
    needling.price_from_minor = 9000  # the cheapest: the result is for microneedling
    db.session.commit()
    leeds, ancoats = practitioner.clinics
    set_hours(leeds, {d: (time(9), time(17)) for d in range(7)})
    set_hours(ancoats, {2: (time(10), time(16))})  # Ancoats opens on Wednesdays only
    page = new_page()
    page.goto(live_server + "/")
    page.get_by_label("Town, city, postcode or ZIP").fill("M1 1AE")
    page.get_by_label("Within").fill("5")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?**")
    card = page.locator("li.result", has_text="Dr Wednesday")
    line = card.locator(".booking-line")
    expect(line).to_contain_text("Next free for Microneedling (from £90) at Ancoats Clinic: "
                                 "Wednesday 4 March 2026, 10:00 GMT")
    shown = card.locator("time.next-free").get_attribute("datetime")
    check_page(page, "results-search")
    card.get_by_role("link", name=re.compile(r"^Book")).click()
    page.wait_for_url("**/book?**")
    assert page.get_by_label("Treatment", exact=True).input_value() == "microneedling"
    assert page.get_by_label("Clinic", exact=True).input_value() == str(ancoats.id)
    expect(page.get_by_role("heading", name="Free times at Ancoats Clinic")).to_be_visible()
    first = page.locator("a.slot time").first
    assert first.get_attribute("datetime") == shown
    assert first.inner_text() == "10:00"
    expect(page.locator(".slot-day h3").first).to_have_text("Wednesday 4 March 2026")
