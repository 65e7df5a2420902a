"""A patient finds a practitioner by postcode, looks at the map, books a PRP session with an exosome adjunct,
receives the confirmation email with its calendar file, and cancels from the email's link.

Booking pages run at the pinned instant NOW (Monday 2 March 2026, 08:00 in London), as in tests/booking.
"""
from datetime import datetime

from playwright.sync_api import expect
from sqlalchemy import select

from booking.models import Booking
from core.extensions import db
from tests.booking.conftest import app_config  # noqa: F401 - booking pages at the pinned NOW
from tests.booking.helpers import at
from tests.booking.test_emails import calendar_of
from tests.browser.conftest import links_in
from tests.helpers import TEST_PASSWORD

WEDNESDAY_10 = at("Europe/London", 2026, 3, 4, 10)


def slot_at(tab, instant: datetime):
    """The link of the free time starting at an instant, on a booking page."""
    return tab.locator(f'a.slot:has(time[datetime="{instant.isoformat()}"])')


def free_times_at_ancoats(tab) -> None:
    """On the booking page, choose PRP at the Ancoats clinic and show its free times."""
    tab.get_by_label("Treatment", exact=True).select_option(label="Platelet-rich plasma (PRP) (from £320, 60 min)")
    tab.get_by_label("Clinic", exact=True).select_option(label="Ancoats Clinic, Manchester")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Show free times").click()
    expect(tab.get_by_role("heading", name="Free times at Ancoats Clinic")).to_be_visible()


def test_a_patient_searches_books_gets_the_email_and_cancels(new_page, live_server, dr_lumen, make_patient, mailbox):
    patient = make_patient(email="pat@example.com", name="Pat Patient")
    email, slug = patient.email, dr_lumen.practitioner.slug
    tab = new_page()  # off-site requests (map tiles) are refused: the map must not need them

    tab.goto(live_server + "/")
    tab.get_by_label("Town, city, postcode or ZIP").fill("M1 1AE")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url("**/search?**")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Practitioners near M1 1AE, Manchester")
    expect(tab.get_by_role("link", name="Dr Nova Lumen")).to_be_visible()

    tab.get_by_role("button", name="Map").click()
    expect(tab.locator("#map.leaflet-container")).to_be_visible()
    expect(tab.get_by_role("button", name="Dr Nova Lumen")).to_have_count(1)  # the marker, named for the practitioner
    expect(tab.locator(".leaflet-marker-icon")).to_be_visible()
    tab.get_by_role("link", name="Dr Nova Lumen").first.click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Dr Nova Lumen")

    tab.get_by_role("link", name="Book an appointment").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Book with Dr Nova Lumen")
    free_times_at_ancoats(tab)
    slot_at(tab, WEDNESDAY_10).click()
    tab.get_by_role("link", name="Log in").last.click()  # the confirm page keeps the slot while the patient logs in
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Book Platelet-rich plasma (PRP)")
    facts = tab.locator(".booking-facts")
    expect(facts).to_contain_text("Wednesday 4 March 2026, 10:00 to 11:00 GMT")
    expect(facts).to_contain_text("Ancoats Clinic, 12 Blossom Street, Manchester, M4 6DE")
    tab.get_by_label("I confirm that I am 18 or over").check()
    expect(tab.get_by_role("region", name="Consent text")).to_contain_text("human-derived exosomes")
    tab.get_by_label("I have read and accept this consent").check()
    tab.get_by_role("button", name="Book this time").click()

    expect(tab.get_by_text("Your booking is made. We have emailed you the details")).to_be_visible()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Platelet-rich plasma (PRP)")
    expect(tab.locator(".booking-facts")).to_contain_text("Awaiting confirmation")
    booking = db.session.scalars(select(Booking)).one()
    assert (booking.status, booking.starts_at, booking.clinic_name) == ("booked", WEDNESDAY_10, "Ancoats Clinic")
    assert booking.consent_version == "exosome-gb-2025-1" and booking.patient_id == patient.id
    tab.goto(f"{live_server}/practitioners/{slug}/book")
    free_times_at_ancoats(tab)
    expect(slot_at(tab, WEDNESDAY_10)).to_have_count(0)  # taken now

    [made] = mailbox.to(email)
    # Python's parser keeps the space of a subject folded right after "Subject:"; mail clients drop it.
    assert made["Subject"].strip() == "Booked: Platelet-rich plasma (PRP) with Dr Nova Lumen, Wed 4 Mar at 10:00 GMT"
    body = made.get_body(("plain",)).get_content()
    assert "When:  Wednesday 4 March 2026, 10:00 to 11:00 GMT (Europe/London time)" in body
    assert "You accepted the exosome adjunct consent, version exosome-gb-2025-1." in body
    [event] = calendar_of(made).walk("VEVENT")
    assert event.decoded("DTSTART") == WEDNESDAY_10 and str(event["STATUS"]) == "TENTATIVE"
    assert "Ancoats Clinic" in str(event["LOCATION"])

    [cancel_link] = [link for link in links_in(made) if link.endswith("/cancel")]
    assert cancel_link.startswith(live_server + "/bookings/link/")
    mailbox.messages.clear()
    tab.goto(cancel_link)
    expect(tab.get_by_role("heading", name="Cancel this booking?")).to_be_visible()
    tab.get_by_label("Reason (optional)").fill("I have to travel that week.")
    tab.get_by_role("button", name="Yes, cancel it").click()
    tab.wait_for_url("**/bookings")
    expect(tab.get_by_text("Your booking is cancelled.")).to_be_visible()
    cancelled_row = tab.get_by_role("row").filter(has_text="Platelet-rich plasma (PRP)")
    expect(cancelled_row).to_contain_text("Cancelled")

    db.session.rollback()  # end the test's read, to see what the server wrote
    booking = db.session.get(Booking, booking.id)
    assert booking.status == "cancelled" and booking.cancellation_reason == "I have to travel that week."
    [gone] = mailbox.to(email)
    assert gone["Subject"].startswith("Cancelled: Platelet-rich plasma (PRP) with Dr Nova Lumen")
    assert str(calendar_of(gone).walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    tab.goto(f"{live_server}/practitioners/{slug}/book")
    free_times_at_ancoats(tab)
    expect(slot_at(tab, WEDNESDAY_10)).to_be_visible()  # the time is free again
