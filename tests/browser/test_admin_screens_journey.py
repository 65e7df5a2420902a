"""An admin opens the overview, follows "Exosome declarations waiting" to the queue, then reads in the audit
trail, filtered to that practitioner, the sentence saying what they declared."""
import os
import re

from playwright.sync_api import expect

from compliance import services as compliance_services
from core import clock
from tests.browser.conftest import log_in
from tests.compliance.conftest import ROSE_SERUM, pdf_upload

SHOTS = os.environ.get("SCREENS_SHOTS")  # a folder: keep the overview and the trail at desktop and phone size


def _shoot(page, name: str) -> None:
    """Screenshots at 1280x900 and 390x844, when asked for."""
    if not SHOTS:
        return
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SHOTS}/screens-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_admin_follows_declarations_waiting_and_reads_the_trail(page, live_server, make_practitioner, make_user):
    nia = make_practitioner(name="Dr Nia Vale")
    make_practitioner(name="Dr Other Person")
    evidence = {kind: compliance_services.store_evidence(nia, kind, pdf_upload(f"{kind}.pdf")) for kind in ("coa", "tests")}
    compliance_services.declare(nia, compliance_services.DeclarationInput(
        True, [compliance_services.ProductInput(**ROSE_SERUM, **evidence)], attested=True, statement=""),
        nia.user, clock.now())
    from core.extensions import db

    db.session.commit()
    admin = make_user(role="admin", email="ana@verity.example", name="Ana Admin")

    log_in(page, live_server, admin.email)
    page.goto(live_server + "/admin/")
    _shoot(page, "dashboard")
    page.get_by_role("link", name=re.compile("Exosome declarations waiting 1")).click()
    expect(page.get_by_role("heading", name="Waiting for review (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Review Dr Nia Vale")).to_be_visible()

    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Audit trail").click()
    page.get_by_label("Practitioner (name)").fill("nia vale")
    page.get_by_role("button", name="Filter").click()
    sentence = page.locator(".audit-sentence").first
    expect(sentence).to_contain_text("Dr Nia Vale made their exosome declaration: uses exosome products "
                                     "(Rose Vesicle Serum) —")
    expect(page.locator(".audit-sentence").filter(has_text="Dr Other Person")).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text("1 event")
    _shoot(page, "audit")
