"""A practitioner saves a bio the claims checker is unsure of; an admin reads it in the queue, with the phrase
highlighted, and approves it; only then do patients see it on the public profile."""
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out
from tests.compliance.conftest import BEVERLY_HILLS

UNSURE = "I trained in California. Clinically proven to improve the look of fine lines."  # US: needs review


def test_an_unsure_bio_waits_for_an_admin_then_appears_on_the_profile(page, live_server, make_practitioner,
                                                                      make_user, mailbox):
    practitioner = make_practitioner(name="Dr Sam Ortiz", clinics=[BEVERLY_HILLS])
    admin = make_user(role="admin", email="ada.admin@example.com")
    profile = f"{live_server}/practitioners/{practitioner.slug}"

    log_in(page, live_server, practitioner.user.email)
    page.goto(live_server + "/practice/profile")
    page.get_by_label("About you").fill(UNSURE)
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.locator(".claims-held")).to_contain_text("waiting for review")
    log_out(page)
    page.goto(profile)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr Sam Ortiz")
    expect(page.get_by_text("Clinically proven")).to_have_count(0)

    log_in(page, live_server, admin.email)
    page.goto(live_server + "/admin/")
    page.get_by_role("link", name="Wording waiting for review").click()
    page.get_by_role("link", name="Review Dr Sam Ortiz’s wording").click()
    flagged = page.locator("mark.claims-flag").first
    expect(flagged).to_have_text("Clinically proven to improve the look of fine lines.")
    expect(page.locator("mark.claims-flag")).to_have_count(1)  # a low model score marks no sentence of its own
    expect(page.get_by_text("US-FTC-SUBSTANTIATION").first).to_be_visible()
    page.get_by_role("button", name="Approve: patients can read it").click()
    expect(page.get_by_text("Approved; Dr Sam Ortiz has been told.")).to_be_visible()
    log_out(page)

    page.goto(profile)
    expect(page.locator("p.bio")).to_have_text(UNSURE)
    [message] = mailbox.to(practitioner.user.email)
    assert message["Subject"] == "Your wording is approved"
