"""A patient reports an urgent problem from yesterday's booking: the page says call the practitioner now (a tel:
link to the clinic) and 999 / 111; the practitioner and the admin are emailed URGENT at once; an admin reads the
report on /admin/problems and closes it with a note. axe finds nothing serious on the patient's pages or the admin's.

Pages run at the pinned instant NOW (Monday 2 March 2026, 08:00 in London), as in tests/booking.
"""
import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.booking.conftest import add_booking, app_config, bookable, patient  # noqa: F401
from tests.booking.helpers import NOW
from tests.browser.conftest import axe_violations, check_page, log_in, log_out, serious_violations_report


def no_serious_violations(tab, name: str) -> None:
    """axe finds nothing serious or critical on the page shown."""
    found = axe_violations(tab)
    assert not found, f"axe found problems on {name}:\n" + serious_violations_report(found)


def test_report_an_urgent_problem_call_now_and_an_admin_closes_it(new_page, live_server, bookable, patient,
                                                                 add_booking, make_user, mailbox):
    bookable.clinic.phone = "0161 496 0000"
    booking = add_booking(bookable, patient, NOW - timedelta(hours=22), status="attended", attended_at=NOW)
    admin = make_user(role="admin", email="admin@verity.example", name="Ada Admin")
    tab = new_page(axe=True)
    log_in(tab, live_server, patient.email)
    tab.goto(f"{live_server}/bookings/{booking.id}")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Report a problem").click()
    expect(tab.get_by_role("heading", name="Report a problem")).to_be_visible()
    no_serious_violations(tab, "the urgent signs")
    tab.get_by_role("checkbox", name=re.compile("Skin turning white")).check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Continue").click()

    alert = tab.locator(".problem-urgent")
    expect(alert).to_contain_text("Get help now")
    expect(alert.get_by_role("link", name=re.compile("Call Piccadilly Clinic on 0161 496 0000"))).to_have_attribute(
        "href", "tel:01614960000")
    expect(alert.get_by_role("link", name="999", exact=True)).to_have_attribute("href", "tel:999")
    expect(alert.get_by_role("link", name="111", exact=True)).to_have_attribute("href", "tel:111")
    expect(tab.get_by_label("Summary to copy")).to_have_value(re.compile(r"^Treatment: Microneedling\n"))
    expect(tab.get_by_role("link", name=re.compile("Open the Yellow Card form"))).to_have_attribute(
        "href", "https://yellowcard.mhra.gov.uk/")
    no_serious_violations(tab, "the urgent report")
    check_page(tab, "complication-urgent")
    log_out(tab)

    urgent = [m for m in mailbox.messages if m["Subject"].startswith("URGENT: possible complication")]
    assert sorted(m["To"] for m in urgent) == sorted([bookable.practitioner.user.email, admin.email])

    log_in(tab, live_server, admin.email)
    tab.goto(live_server + "/admin/problems")
    expect(tab.get_by_role("heading", name="Open (1)")).to_be_visible()
    no_serious_violations(tab, "the admin's list")
    with tab.expect_navigation():
        tab.get_by_role("link", name=re.compile("^Open the report")).click()
    expect(tab.get_by_role("heading", name="Urgent problem after microneedling")).to_be_visible()
    no_serious_violations(tab, "the admin's report")
    tab.get_by_label("Closing note").fill("Dr Bookable saw the patient within the hour; hyaluronidase given; settled.")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Close the report").click()
    expect(tab.get_by_text("The report is closed.")).to_be_visible()
    expect(tab.get_by_role("heading", name="Open (0)")).to_be_visible()
    log_out(tab)

    log_in(tab, live_server, patient.email)
    tab.goto(f"{live_server}/bookings/{booking.id}")
    expect(tab.locator(".booking-problems")).to_contain_text("Urgent · Closed")
