"""A new practitioner joins through the forms, an admin verifies them, and a patient finds them with their badge.

Dates the flow checks against today are chosen far from it: first registered on 1 May 2012 (so "at least
10 years practising" holds from 2022 on), evidence expiring on 31 January 2040, next check the month before.
Booking pages (opening hours, next free time) run at the pinned NOW of tests/booking.
"""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from compliance.models import ExosomeDeclaration
from credentials.models import Credential
from directory.models import Clinic, Practitioner
from core.extensions import db
from tests.booking.conftest import app_config  # noqa: F401 - booking pages at the pinned NOW
from tests.browser.conftest import check_page, evidence_pdf, evidence_png, links_in, log_in, log_out
from tests.helpers import TEST_PASSWORD

EMAIL = "rowan.ellis@example.com"
VERIFIED_BADGE = "Exosomes within the rules, evidence checked by Verity"


def register_and_confirm_email(tab, server, mailbox) -> None:
    """Create a practitioner account, then confirm the address with the emailed link."""
    tab.goto(server + "/register")
    check_page(tab, "01-register")
    tab.get_by_label("A practitioner listing my practice").check()
    tab.get_by_label("Full name").fill("Dr Rowan Ellis")
    tab.get_by_label("Email").fill(EMAIL)
    tab.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    tab.get_by_label("Repeat password").fill(TEST_PASSWORD)
    tab.get_by_role("button", name="Create account").click()
    expect(tab.get_by_role("heading", name="Welcome to Verity")).to_be_visible()
    expect(tab.get_by_text(f"Please confirm your email address ({EMAIL})")).to_be_visible()
    check_page(tab, "02-welcome-unverified")
    [message] = mailbox.to(EMAIL)
    assert message["Subject"] == "Confirm your email for Verity"
    [link] = [link for link in links_in(message) if "/verify/" in link]
    tab.goto(link)
    check_page(tab, "03-confirm-email")
    tab.get_by_role("button", name="Confirm my email").click()
    expect(tab.get_by_text("Thank you, your email address is confirmed.")).to_be_visible()
    expect(tab.get_by_text("Please confirm your email address")).to_have_count(0)


def create_profile(tab) -> None:
    """Fill in profession, registration, practising since and a bio."""
    tab.get_by_role("link", name="Create your profile").click()
    tab.get_by_label("Profession").select_option(label="Doctor")
    tab.get_by_label("Registration body").fill("GMC")
    tab.get_by_label("Registration number").fill("7654321")
    tab.get_by_label("Date of first registration").fill("2012-05-01")
    tab.get_by_label("About you").fill("GMC-registered doctor offering skin treatments in Leeds for over ten years. "
                                       "I use a plant-derived serum after microneedling to soothe post-procedure skin.")
    check_page(tab, "04-profile-form")
    tab.get_by_role("button", name="Create profile").click()
    expect(tab.get_by_text("Your profile is created.")).to_be_visible()
    expect(tab.get_by_role("heading", level=1)).to_have_text("My practice")
    expect(tab.locator(".practice-facts")).to_contain_text("GMC 7654321")


def add_clinic(tab) -> None:
    """Add a clinic at a Leeds postcode the offline gazetteer knows."""
    tab.get_by_role("link", name="Add a clinic").click()
    tab.get_by_label("Clinic name").fill("Park Square Skin Clinic")
    tab.get_by_label("Street address").fill("4 Park Square East")
    tab.get_by_label("Town or city").fill("Leeds")
    tab.get_by_label("Postcode or ZIP code").fill("ls1 4ap")
    check_page(tab, "05-clinic-form")
    tab.get_by_role("button", name="Save clinic").click()
    expect(tab.get_by_text("Park Square Skin Clinic is saved.")).to_be_visible()
    expect(tab.get_by_role("heading", name="Park Square Skin Clinic")).to_be_visible()
    expect(tab.get_by_text("4 Park Square East, Leeds, LS1 4AP")).to_be_visible()


def add_treatment(tab) -> None:
    """List the exosome facial with a price and length (after declaring exosome use, which it needs)."""
    tab.get_by_role("link", name="Back to my practice").click()
    tab.get_by_role("link", name="Add a treatment").click()
    tab.get_by_label("Treatment").select_option(label="\u201cExosome facial\u201d (topical serum after a procedure)")
    tab.get_by_label("Price from").fill("180")
    tab.get_by_label("Appointment length in minutes").fill("60")
    check_page(tab, "06-treatment-form")
    tab.get_by_role("button", name="Add treatment").click()
    expect(tab.get_by_text("is added to your treatments.")).to_be_visible()
    expect(tab.get_by_text("From £180 · 60 minutes")).to_be_visible()
    check_page(tab, "07-dashboard")


def upload_registration(tab) -> None:
    """Declare the GMC registration with a scanned certificate (a PNG) as evidence."""
    tab.get_by_role("link", name="Credentials", exact=True).click()
    tab.get_by_role("link", name="Add a credential").click()
    tab.get_by_label("What is it?").select_option(label="Professional registration")
    tab.get_by_label("Who issued it?").select_option(label="GMC (UK doctors)")
    tab.get_by_label("Registration, certificate or policy number").fill("7654321")
    tab.get_by_label("Date issued").fill("2012-05-01")
    tab.get_by_label("Expiry date").fill("2040-01-31")
    tab.get_by_label("Evidence document").set_input_files(
        {"name": "gmc-certificate.png", "mimeType": "image/png", "buffer": evidence_png()})
    check_page(tab, "08-credential-form")
    tab.get_by_role("button", name="Send for review").click()
    expect(tab.get_by_text("Verity's admins will check the evidence")).to_be_visible()
    expect(tab.get_by_role("heading", name="Professional registration: GMC 7654321")).to_be_visible()
    expect(tab.get_by_text("Waiting for review")).to_be_visible()
    check_page(tab, "09-credentials")


def declare_exosomes(tab) -> None:
    """Declare a plant-derived topical serum with its certificate of analysis and test results."""
    tab.get_by_role("link", name="Back to my practice").click()
    tab.get_by_role("link", name="Exosome declaration", exact=True).click()
    tab.get_by_role("link", name="Declare your exosome use").click()
    tab.get_by_label("Yes, I use the products listed below").check()
    product = tab.get_by_role("group", name="Product 1")
    product.get_by_label("Product name").fill("Rose Vesicle Serum")
    product.get_by_label("Supplier or manufacturer").fill("Petal Labs")
    product.get_by_label("Where its exosomes come from").select_option(label="Plant-derived")
    product.get_by_label("How you use it").select_option(label="Topical, after a procedure")
    product.get_by_label("Certificate of analysis (PDF, JPEG or PNG)").set_input_files(
        {"name": "rose-coa.pdf", "mimeType": "application/pdf", "buffer": evidence_pdf()})
    product.get_by_label("Microbial and endotoxin test results").set_input_files(
        {"name": "rose-tests.pdf", "mimeType": "application/pdf", "buffer": evidence_pdf("Endotoxin: pass")})
    tab.get_by_label("I describe exosomes in cosmetic words only").check()
    tab.get_by_label("What patients should know").fill("A plant-derived serum that soothes post-procedure skin.")
    check_page(tab, "10-declaration-form")
    tab.get_by_role("button", name="Save this declaration").click()
    expect(tab.get_by_text("Your declaration is saved")).to_be_visible()
    expect(tab.locator(".compliance-badge")).to_contain_text(
        "Exosomes declared within the rules, evidence not yet checked")
    check_page(tab, "11-declaration-overview")


def admin_verifies_credential(tab) -> None:
    """In the queue, open the credential, look at the evidence, and verify it with a next check date."""
    tab.get_by_role("link", name="Verification queue", exact=True).click()
    expect(tab.get_by_text("1 credential waiting")).to_be_visible()
    check_page(tab, "13-admin-queue")
    # The link starts with visually hidden words ("Review "), a clipped 1 px box where Playwright aims its
    # mouse click; a person clicks the visible name. Follow it with the keyboard instead.
    tab.get_by_role("link", name="Dr Rowan Ellis").press("Enter")
    expect(tab.get_by_role("heading", level=1)).to_contain_text("Professional registration: GMC")
    expect(tab.get_by_role("img", name="Evidence document uploaded for this credential")).to_be_visible()
    expect(tab.get_by_label("Expiry date shown on the evidence")).to_have_value("2040-01-31")
    tab.get_by_label("Check again on").fill("2039-12-31")
    check_page(tab, "14-admin-credential")
    tab.get_by_role("button", name="Verify this credential").click()
    expect(tab.get_by_text("Verified Professional registration, GMC 7654321; the practitioner has been told.")).to_be_visible()
    expect(tab.get_by_text("0 credentials waiting")).to_be_visible()


def admin_reviews_declaration(tab) -> None:
    """Open the waiting declaration, check its documents are there, and mark it reviewed."""
    tab.get_by_role("link", name="Exosome declarations", exact=True).click()
    expect(tab.get_by_role("heading", name="Waiting for review (1)")).to_be_visible()
    check_page(tab, "15-admin-declarations")
    tab.get_by_role("link", name="Review Dr Rowan Ellis").click()
    expect(tab.get_by_role("heading", name="Rose Vesicle Serum")).to_be_visible()
    expect(tab.get_by_role("link", name=re.compile("rose-coa.pdf"))).to_be_visible()
    check_page(tab, "16-admin-declaration")
    tab.get_by_role("button", name="Mark the evidence reviewed").click()
    expect(tab.get_by_text("Marked reviewed; Dr Rowan Ellis has been told.")).to_be_visible()
    expect(tab.get_by_role("heading", name="Waiting for review (0)")).to_be_visible()
    tab.get_by_role("link", name="Audit trail", exact=True).click()
    expect(tab.get_by_text(re.compile("approved Dr Rowan Ellis\u2019 GMC registration")).first).to_be_visible()
    check_page(tab, "17-admin-audit")


def patient_finds_the_practitioner(tab, server) -> None:
    """Search near the clinic's postcode for 10+ years practising and see the badges, then the profile."""
    tab.goto(server + "/")
    tab.get_by_label("Town, city, postcode or ZIP").fill("LS1 4AP")
    tab.get_by_label("Years practising, at least").fill("10")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url("**/search?**")
    result = tab.locator(".result").filter(has=tab.get_by_role("link", name="Dr Rowan Ellis"))
    expect(result).to_contain_text("Park Square Skin Clinic, Leeds LS1 4AP")
    expect(result.locator(".result-registration")).to_contain_text("GMC 7654321, checked")
    expect(result.locator(".compliance-badge")).to_contain_text(VERIFIED_BADGE)
    check_page(tab, "18-search-results")
    result.get_by_role("link", name="Dr Rowan Ellis").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Dr Rowan Ellis")
    expect(tab.locator(".profile-head .compliance-badge")).to_contain_text(VERIFIED_BADGE)
    expect(tab.get_by_text("Registration: GMC 7654321. Verified by Verity on")).to_be_visible()
    expect(tab.get_by_role("cell", name="\u201cExosome facial\u201d (topical serum after a procedure)")).to_be_visible()
    check_page(tab, "19-profile")


def test_a_practitioner_joins_is_verified_and_patients_find_them_with_the_badge(
        new_page, live_server, make_user, mailbox, catalogue):  # catalogue: the treatments to choose from
    admin = make_user(role="admin", email="checker@verity.example", name="Cleo Checker")
    tab = new_page()
    register_and_confirm_email(tab, live_server, mailbox)
    create_profile(tab)
    add_clinic(tab)
    upload_registration(tab)
    declare_exosomes(tab)
    add_treatment(tab)
    tab.get_by_role("link", name="View your public profile").click()
    expect(tab.get_by_text("Not public yet:")).to_be_visible()  # a preview for them alone
    expect(tab.get_by_text("your registration is awaiting verification")).to_be_visible()
    log_out(tab)
    tab.goto(live_server + "/practitioners/dr-rowan-ellis")
    expect(tab.get_by_role("heading", name="Not found")).to_be_visible()  # not listed before verification

    log_in(tab, live_server, admin.email)
    check_page(tab, "12-admin-dashboard")
    admin_verifies_credential(tab)
    admin_reviews_declaration(tab)
    log_out(tab)
    assert [m["Subject"] for m in mailbox.to(EMAIL)] == [
        "Confirm your email for Verity", "Your credential is verified", "Your exosome declaration is reviewed"]

    patient_finds_the_practitioner(tab, live_server)
    db.session.rollback()  # end the test's read, to see what the server wrote
    practitioner = db.session.scalars(select(Practitioner)).one()
    assert practitioner.user.email == EMAIL and practitioner.user.email_verified_at is not None
    assert [(c.postcode, c.country, c.time_zone) for c in db.session.scalars(select(Clinic))] == [
        ("LS1 4AP", "GB", "Europe/London")]
    [credential] = db.session.scalars(select(Credential))
    assert (credential.status, credential.verified_by_id, credential.document_mime_type) == (
        "verified", admin.id, "image/png")
    [declaration] = db.session.scalars(select(ExosomeDeclaration))
    assert declaration.review_status == "reviewed" and declaration.reviewed_by_id == admin.id
