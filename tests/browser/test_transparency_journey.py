"""The transparency report in a real browser: reached from the footer, its charts drawn (the SVG images load
under the site's policy), axe finds nothing serious, and it fits a 390 px phone at both widths.
"""
from datetime import date, datetime, timezone

import pytest
from playwright.sync_api import expect

from compliance import services as declarations
from core.extensions import db
from credentials import services as credentials
from directory import services as directory
from tests.browser.conftest import axe_violations, check_page, serious_violations_report
from tests.compliance.conftest import declare  # noqa: F401 - declarations built through the services
from tests.credentials.factories import credential_factory

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def app_config(app_config):
    """The live server's clock: the report covers November 2025 to October 2026."""
    return {**app_config, "CLOCK_NOW": NOW}


def happened(app, instant, action, *args, **kwargs):
    """Run a service with the clock at `instant`, and commit."""
    app.config["CLOCK_NOW"] = instant
    try:
        action(*args, **kwargs)
        db.session.commit()
    finally:
        app.config["CLOCK_NOW"] = NOW


@pytest.fixture
def events(app, make_practitioner, make_user, declare):
    """An approval, a suspension and a reviewed declaration in known months."""
    admin = make_user(role="admin", email="admin@verity.example")
    for n, month in enumerate((2, 3, 3, 7)):
        practitioner = make_practitioner(verified=False)
        credential = credential_factory(date(2026, month, 1))(practitioner, number=f"{7300000 + n}")
        happened(app, datetime(2026, month, 10, tzinfo=timezone.utc), credentials.approve, credential, admin,
                 date(2027, 12, 1), date(2040, 1, 1), date(2026, month, 10))
    happened(app, datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc), directory.suspend, practitioner, admin,
             "A patient complaint is being looked into.")
    declaration = declare(make_practitioner(), {}, now=datetime(2026, 4, 5, tzinfo=timezone.utc))
    declarations.mark_reviewed(declaration, admin, now=datetime(2026, 5, 2, tzinfo=timezone.utc))
    db.session.commit()


def charts_drawn(tab) -> list[int]:
    """The natural width of each chart image: 0 for one the browser could not load or draw."""
    return tab.eval_on_selector_all(".report-chart img", "images => images.map(i => i.complete ? i.naturalWidth : 0)")


def test_the_report_reads_well_on_a_phone_and_a_desktop(new_page, live_server, events):
    tab = new_page(axe=True)
    tab.goto(live_server + "/")
    tab.get_by_role("link", name="Transparency report").click()
    expect(tab.get_by_role("heading", level=1, name="Transparency report")).to_be_visible()
    expect(tab.get_by_text("Credentials approved: 4 in 12 months, most in March 2026 (2).")).to_be_visible()
    tab.wait_for_load_state("networkidle")
    assert charts_drawn(tab) == [400] * 4, "a chart did not load under the site's policy"
    expect(tab.get_by_role("cell", name="Not yet collected").first).to_be_visible()
    found = axe_violations(tab)
    assert not found, "axe found problems:\n" + serious_violations_report(found)
    tab.screenshot(path=str(shot_path("transparency-desktop")), full_page=True)
    check_page(tab, "transparency")

    phone = new_page(width=390, height=844, axe=True)
    phone.goto(live_server + "/transparency")
    phone.wait_for_load_state("networkidle")
    assert charts_drawn(phone) == [400] * 4  # practitioners, declarations, claims, complications
    found = axe_violations(phone)
    assert not found, "axe found problems on a phone:\n" + serious_violations_report(found)
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    phone.screenshot(path=str(shot_path("transparency-phone")), full_page=True)


def shot_path(name: str):
    """Where a screenshot of the report is kept for a person to look at (test-artifacts/, ignored by git)."""
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
