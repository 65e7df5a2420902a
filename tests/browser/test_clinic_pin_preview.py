"""A practitioner checks a clinic's address on the form: the refusal says which town the postcode is in, then
the pin preview (drawn from the gazetteer, no map tiles) shows where it goes before they save."""
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from directory.models import Clinic
from tests.browser.conftest import axe_violations, check_page, log_in, serious_violations_report

PIN = "Pin at 53.80, -1.56 — LS1 4AP, Leeds"


def test_checking_a_clinic_address_previews_the_pin_before_saving(new_page, live_server, make_practitioner):
    doctor = make_practitioner(name="Dr Pin Preview")
    tab = new_page(axe=True)  # every request off loopback is refused: no map tiles
    log_in(tab, live_server, doctor.user.email)
    tab.get_by_role("link", name="Add a clinic").click()
    tab.get_by_label("Clinic name").fill("Park Square Skin Clinic")
    tab.get_by_label("Town or city").fill("Manchester")
    tab.get_by_label("Postcode or ZIP code").fill("ls1 4ap")
    tab.get_by_role("button", name="Check address").click()
    expect(tab.get_by_text("LS1 4AP is in Leeds, not Manchester.").first).to_be_visible()
    expect(tab.get_by_role("img", name=PIN)).to_have_count(0)

    tab.get_by_label("Town or city").fill("Leeds")
    tab.get_by_label("Town or city").press("Enter")  # Enter checks, as the first button does
    expect(tab.get_by_role("img", name=PIN)).to_be_visible()
    expect(tab.locator("figcaption")).to_contain_text(PIN + ". The gazetteer puts LS1 4AP in Leeds")
    expect(tab.locator(".pin-map-town-name").first).to_have_text("Leeds")
    assert tab.get_by_label("Clinic name").input_value() == "Park Square Skin Clinic"
    assert db.session.scalar(select(Clinic).where(Clinic.name == "Park Square Skin Clinic")) is None
    found = axe_violations(tab)
    assert not found, "axe found problems:\n" + serious_violations_report(found)
    check_page(tab, "addresses-clinic-preview")

    tab.get_by_role("button", name="Save clinic").click()
    expect(tab.get_by_text("Park Square Skin Clinic is saved.")).to_be_visible()
    db.session.expire_all()
    saved = db.session.scalar(select(Clinic).where(Clinic.name == "Park Square Skin Clinic"))
    assert (saved.city, saved.postcode, saved.address_status) == ("Leeds", "LS1 4AP", "confirmed")
    expect(tab.get_by_text("Hidden from search")).to_have_count(0)
