"""Booking in a real browser: the visitor's own time zone, the whole journey, accessibility and phone fit.

Each test drives its own headless Chromium in a thread of its own, so it never meets the session-wide
Playwright of tests/browser (Playwright's sync API allows one instance per thread).
"""
import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from app import create_app
from tests.booking.helpers import at
from tests.browser.conftest import CHROMIUM_ARGS, axe_violations, chromium_path
from tests.helpers import TEST_PASSWORD


@pytest.fixture
def server(app, app_config):
    """The site over HTTP on a free loopback port, on the test's database, at the pinned NOW."""
    served = create_app({**app_config, "SERVER_NAME": None})
    http = make_server("127.0.0.1", 0, served, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()


def in_browser(journey, **context_options):
    """Run journey(tab) in a fresh headless Chromium on its own thread; re-raise what it raised."""
    failure = []

    def run():
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                     args=CHROMIUM_ARGS)
                tab = browser.new_context(**{"locale": "en-GB", **context_options}).new_page()
                tab.set_default_timeout(15_000)
                journey(tab)
                browser.close()
        except BaseException as error:  # noqa: BLE001 - handed back to the test's thread
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def log_in(tab, server, email):
    tab.goto(server + "/login")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(TEST_PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(lambda url: "/login" not in url)  # let the login land before the next navigation


def test_a_patient_abroad_sees_their_own_time_and_books(server, bookable, patient):
    email, slug = patient.email, bookable.practitioner.slug  # read here: the browser thread has no app context

    def journey(tab):
        log_in(tab, server, email)
        tab.goto(f"{server}/practitioners/{slug}/book?from=2026-03-03")
        assert tab.get_by_text("Your device is set to America/New York").is_visible()
        first = tab.locator("a.slot").first
        # 09:00 in Manchester is 04:00 in New York; screen readers hear the date and "your time" too.
        assert first.locator(".own-time").text_content().strip().startswith("04:00")
        assert " ".join(first.text_content().split()) == "09:00 on Tuesday 3 March 2026 04:00 your time"
        first.click()
        tab.get_by_role("button", name="Book this time").click()
        tab.wait_for_url("**/bookings/*")
        assert tab.get_by_role("heading", level=1).inner_text() == "Microneedling"
        assert "04:00 your time" in tab.locator(".booking-facts").inner_text()

    in_browser(journey, viewport={"width": 390, "height": 844}, timezone_id="America/New_York")


@pytest.fixture
def booked(bookable, patient, add_booking):
    """Pat's booking with Dr Bookable on Wednesday 4 March at 10:00."""
    return add_booking(bookable, patient, at("Europe/London", 2026, 3, 4, 10))


def pages_of(bookable, booked, patient):
    """The booking pages a visitor sees, and (email, pages) of the patient and of the practitioner."""
    slug, clinic = bookable.practitioner.slug, bookable.clinic.id
    confirm = f"/practitioners/{slug}/book/confirm?treatment=microneedling&clinic={clinic}&start=2026-03-03T09:00Z"
    patient_pages = [f"/practitioners/{slug}/book", confirm, "/bookings", f"/bookings/{booked.id}",
                     f"/bookings/{booked.id}/cancel", f"/bookings/{booked.id}/reschedule"]
    practitioner_pages = ["/practice/booking/", f"/practice/booking/clinics/{clinic}",
                          "/practice/booking/agenda?day=2026-03-04", "/practice/booking/time-off/new",
                          f"/practice/booking/treatments/{bookable.offering.id}",
                          f"/practice/booking/bookings/{booked.id}/cancel"]
    return confirm, [(patient.email, patient_pages), (bookable.practitioner.user.email, practitioner_pages)]


def visit_all(tab, server, roles, check):
    """Check every page, logged in as the patient and then as the practitioner."""
    for email, paths in roles:
        log_in(tab, server, email)
        for path in paths:
            tab.goto(server + path)
            check(tab, path)
        with tab.expect_navigation():  # let the logout land before the next login
            tab.get_by_role("button", name="Log out").click()


def test_booking_pages_have_no_serious_accessibility_violations(server, bookable, booked, patient):
    confirm, roles = pages_of(bookable, booked, patient)

    def no_violations(tab, path):
        assert axe_violations(tab) == [], path

    def journey(tab):
        tab.goto(server + confirm)
        no_violations(tab, "anonymous " + confirm)
        visit_all(tab, server, roles, no_violations)

    in_browser(journey, viewport={"width": 1280, "height": 900}, timezone_id="Europe/London")


def test_booking_pages_fit_a_phone_screen(server, bookable, booked, patient):
    _, roles = pages_of(bookable, booked, patient)

    def fits(tab, path):
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path

    in_browser(lambda tab: visit_all(tab, server, roles, fits), viewport={"width": 390, "height": 844},
               is_mobile=True)
