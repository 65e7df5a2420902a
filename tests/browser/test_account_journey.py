"""The legal pages from the footer pass axe; a patient moves their account to a new email through the link sent there, downloads their data and deletes
the account; the account page is checked at phone size (screenshot in /tmp/accounts-account-phone.png)."""
import json

from playwright.sync_api import expect

from tests.booking.conftest import add_booking, app_config, bookable  # noqa: F401 - pinned NOW, a booking
from tests.booking.helpers import at
from tests.browser.conftest import PHONE, axe_violations, links_in, log_in, serious_violations_report
from tests.helpers import TEST_PASSWORD


def test_a_patient_changes_email_downloads_their_data_and_deletes_the_account(
        new_page, live_server, bookable, make_patient, add_booking, mailbox):
    patient = make_patient(email="pat@example.com", name="Pat Patient")
    add_booking(bookable, patient, at("Europe/London", 2026, 3, 4, 10))
    tab = new_page(**PHONE, axe=True)
    tab.goto(live_server + "/")
    for name in ("Privacy notice", "Terms", "Contact us", "Complaints"):  # from the footer, each readable by all
        tab.get_by_role("contentinfo").get_by_role("link", name=name, exact=True).click()
        expect(tab.get_by_role("heading", level=1)).to_be_visible()
        assert not (found := axe_violations(tab)), f"{name}: " + serious_violations_report(found)
    log_in(tab, live_server, patient.email)
    tab.get_by_role("link", name="Your account").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Your account")
    tab.screenshot(path="/tmp/accounts-account-phone.png", full_page=True)
    assert not (found := axe_violations(tab)), serious_violations_report(found)

    tab.get_by_label("New email address").fill("pat.new@example.com")
    tab.get_by_label("Your current password").fill(TEST_PASSWORD)
    tab.get_by_role("button", name="Send the confirmation link").click()
    expect(tab.get_by_text("We have sent a link to pat.new@example.com")).to_be_visible()
    expect(tab.get_by_text("You are logged in as pat@example.com")).to_be_visible()  # nothing changed yet

    [link] = [url for url in links_in(mailbox.to("pat.new@example.com")[-1]) if "/account/email/confirm/" in url]
    tab.goto(link)
    tab.get_by_role("button", name="Use pat.new@example.com").click()
    expect(tab.get_by_text("Your email address is now pat.new@example.com.")).to_be_visible()
    expect(tab.get_by_text("You are logged in as pat.new@example.com")).to_be_visible()

    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download my data").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert download.value.suggested_filename == "verity-data-2026-03-02.json"
    assert data["account"]["email"] == "pat.new@example.com"
    assert [b["practitioner"] for b in data["bookings"]] == ["Dr Bookable"]

    tab.get_by_label("Your password", exact=True).fill(TEST_PASSWORD)
    tab.get_by_label("I understand that deleting my account cannot be undone").check()
    tab.get_by_role("button", name="Delete my account").click()
    expect(tab.get_by_text("Your account is deleted.")).to_be_visible()
    expect(tab.get_by_role("link", name="Log in")).to_be_visible()
    tab.goto(live_server + "/login")
    tab.get_by_label("Email").fill("pat.new@example.com")
    tab.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    expect(tab.get_by_text("That email and password do not match an account.")).to_be_visible()
