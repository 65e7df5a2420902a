"""Accessibility: axe-core finds nothing serious or critical on the pages of each role, and a patient books
a slot with the keyboard alone (Tab, Enter, Space), seeing where the focus is at every step.

Booking pages run at the pinned instant NOW (Monday 2 March 2026, 08:00 in London), as in tests/booking.
"""
import pytest
from playwright.sync_api import expect

from booking.models import Booking
from core.extensions import db
from tests.booking.conftest import add_booking, app_config  # noqa: F401 - bookings; pages at the pinned NOW
from tests.booking.helpers import NOW, at
from tests.browser.conftest import axe_violations, focus_is_visible, log_in, serious_violations_report
from tests.compliance.conftest import declare  # noqa: F401 - declarations built through the services
from tests.credentials.factories import credential_factory
from tests.helpers import TEST_PASSWORD


@pytest.fixture
def site(dr_lumen, make_patient, make_user, add_booking, declare):
    """Everything the pages need: Dr Lumen with a pending credential and a pending exosome declaration,
    Pat with a booking on Wednesday 4 March at 10:00, and an admin."""
    practitioner = dr_lumen.practitioner
    credential = credential_factory(NOW.date())(practitioner)
    declaration = declare(practitioner, {})
    patient = make_patient(email="pat@example.com")
    booking = add_booking(dr_lumen, patient, at("Europe/London", 2026, 3, 4, 10))
    admin = make_user(role="admin", email="admin@verity.example")
    return {"slug": practitioner.slug, "clinic": dr_lumen.clinic.id, "credential": credential.id,
            "declaration": declaration.id, "booking": booking.id, "patient": patient.email,
            "practitioner": practitioner.user.email, "admin": admin.email}


def audit(tab, page_name: str) -> list[dict]:
    """The serious and critical violations axe finds on the page shown, each naming the page."""
    return [{**v, "targets": f"{page_name}: {v['targets']}"} for v in axe_violations(tab)]


def assert_accessible(tab, server: str, paths: list[str]) -> None:
    """Run axe on each page and fail once, listing every serious or critical violation with its page."""
    found = []
    for path in paths:
        tab.goto(server + path)
        found += audit(tab, path)
    assert not found, "axe found problems:\n" + serious_violations_report(found)


def test_public_and_patient_pages_have_no_serious_violations(new_page, live_server, site):
    slug = site["slug"]
    tab = new_page(axe=True)
    assert_accessible(tab, live_server, ["/", "/search?near=M1+1AE", "/search?near=M1+1AE&view=map",
                                         f"/practitioners/{slug}", f"/practitioners/{slug}/book"])
    log_in(tab, live_server, site["patient"])
    confirm = f"/practitioners/{slug}/book/confirm?treatment=prp&clinic={site['clinic']}&start=2026-03-03T10:00Z"
    assert_accessible(tab, live_server, [confirm])
    expect(tab.get_by_label("I confirm that I am 18 or over")).to_be_visible()  # the form with age and consent
    tab.get_by_label("I confirm that I am 18 or over").check()
    tab.get_by_label("I have read and accept this consent").check()
    tab.get_by_role("button", name="Book this time").click()
    expect(tab.get_by_text("Your booking is made.")).to_be_visible()
    found = audit(tab, "the booking confirmation")
    assert not found, "axe found problems:\n" + serious_violations_report(found)
    assert_accessible(tab, live_server, ["/bookings", f"/bookings/{site['booking']}",
                                         f"/bookings/{site['booking']}/cancel"])


def test_practitioner_pages_have_no_serious_violations(new_page, live_server, site):
    tab = new_page(axe=True)
    log_in(tab, live_server, site["practitioner"])
    assert_accessible(tab, live_server, [
        "/practice/", "/practice/profile", f"/practice/clinics/{site['clinic']}", "/practice/clinics/new",
        "/practice/credentials/", "/practice/credentials/new", f"/practice/credentials/{site['credential']}",
        "/practice/exosomes", "/practice/exosomes/declare", "/practice/booking/",
        f"/practice/booking/clinics/{site['clinic']}"])


def test_admin_pages_have_no_serious_violations(new_page, live_server, site):
    tab = new_page(axe=True)
    log_in(tab, live_server, site["admin"])
    assert_accessible(tab, live_server, [
        "/admin/", "/admin/credentials", f"/admin/credentials/{site['credential']}", "/admin/declarations",
        f"/admin/declarations/{site['declaration']}", "/admin/audit"])


def tab_to(tab, is_target: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches a JavaScript test on `el`; every stop must show its focus."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        described = tab.evaluate("() => { const el = document.activeElement; "
                                 "return el.outerHTML.slice(0, 120); }")
        assert focus_is_visible(tab), f"no visible focus on {described}"
        if tab.evaluate(f"() => {{ const el = document.activeElement; return Boolean({is_target}); }}"):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {is_target}")


def test_a_patient_books_with_the_keyboard_alone(new_page, live_server, dr_lumen, make_patient):
    email = make_patient(email="keys@example.com", name="Kim Keys").email
    slug, clinic = dr_lumen.practitioner.slug, dr_lumen.clinic.id
    tab = new_page()
    tab.goto(f"{live_server}/login?next=/practitioners/{slug}/book%3Ftreatment%3Dprp%26clinic%3D{clinic}")
    tab_to(tab, "el.name === 'email'")
    tab.keyboard.type(email)
    tab_to(tab, "el.name === 'password'")
    tab.keyboard.type(TEST_PASSWORD)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    expect(tab.get_by_role("heading", name="Free times at Piccadilly Clinic")).to_be_visible()

    tab_to(tab, "el.matches('a.slot') && el.querySelector('time').dateTime === '2026-03-03T11:00:00+00:00'")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Book Platelet-rich plasma (PRP)")
    tab_to(tab, "el.name === 'adult'")
    tab.keyboard.press("Space")
    tab_to(tab, "el.name === 'consent'")
    tab.keyboard.press("Space")
    expect(tab.get_by_label("I confirm that I am 18 or over")).to_be_checked()
    expect(tab.get_by_label("I have read and accept this consent")).to_be_checked()
    tab_to(tab, "el.textContent.trim() === 'Book this time'")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")

    expect(tab.get_by_text("Your booking is made.")).to_be_visible()
    db.session.rollback()  # end the test's read, to see what the server wrote
    booking = db.session.query(Booking).one()
    assert booking.starts_at == at("Europe/London", 2026, 3, 3, 11)
    assert (booking.adult_confirmed_at, booking.consent_accepted_at, booking.consent_version) == (
        NOW, NOW, "exosome-gb-2025-1")
