"""A live server and a real headless Chromium (Debian's, driven by Playwright) for browser journeys."""
import io
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from directory.models import Offering
from core.extensions import db
from tests.booking.conftest import make_bookable, make_patient  # noqa: F401 - bookable practitioners, patients
from tests.helpers import TEST_PASSWORD

ANCOATS = {"name": "Ancoats Clinic", "city": "Manchester", "postcode": "M4 6DE", "lat": 53.4842, "lon": -2.2265,
           "address": "12 Blossom Street"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Set VERITY_SHOTS to a folder to keep every page a journey checks there, at desktop and phone width.
SHOTS = os.environ.get("VERITY_SHOTS")
PHONE = {"width": 390, "height": 844}
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """Debian's Chromium; a missing browser fails the test rather than skipping it."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(path).exists(), "Chromium is not installed: run `make test`, which installs it"
    return path


@pytest.fixture(scope="session")
def playwright_browser():
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app, app_config):
    """The site served over HTTP on a free loopback port, on the test's database."""
    served = create_app({**app_config, "SERVER_NAME": None})
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page(playwright_browser, request):
    """A fresh browser page at phone or desktop size; a screenshot is saved if the test fails."""
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                             timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    if failed(request):
        save_failure_screenshot(page, request.node.name)
    context.close()


@pytest.fixture
def new_page(playwright_browser, request):
    """Return new_page(width=1280, height=900, axe=False, **context_options) -> a page in a context of its own.

    Requests that leave loopback are refused (map tiles included), so a journey shows the site works
    offline. With axe, axe-core is loaded into every page it opens (quicker than injecting it each time).
    Each page is screenshotted into test-artifacts/ if the test fails.
    """
    opened = []

    def factory(width=1280, height=900, axe=False, **options):
        context = playwright_browser.new_context(**{"viewport": {"width": width, "height": height}, "locale": "en-GB",
                                                    "timezone_id": "Europe/London", **options})
        context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
        if axe:
            context.add_init_script(path=str(AXE))
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        opened.append((context, tab))
        return tab

    yield factory
    for number, (context, tab) in enumerate(opened, start=1):
        if failed(request):
            save_failure_screenshot(tab, f"{request.node.name}-{number}")
        context.close()


def failed(request) -> bool:
    """True when the test's own body failed (set by pytest_runtest_makereport below)."""
    report = getattr(request.node, "rep_call", None)
    return report is not None and report.failed


def save_failure_screenshot(page, name: str) -> None:
    """Keep what the browser showed when a test failed, in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"), full_page=True)


@pytest.fixture
def dr_lumen(make_bookable, catalogue):
    """Dr Nova Lumen: microneedling, and PRP with an exosome serum (adults only), at two Manchester clinics
    open 09:00 to 17:00 every day (the Piccadilly Clinic near M1 1AE first)."""
    target = make_bookable(name="Dr Nova Lumen", extra_clinics=[ANCOATS])
    target.practitioner.offerings.append(Offering(
        treatment=catalogue["prp"], price_from_minor=32000, currency="GBP", duration_minutes=60,
        includes_exosome_adjunct=True))
    db.session.commit()
    return target


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether it failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page and return violations of the given impacts."""
    # evaluate() runs through the DevTools protocol, so the site's CSP (rightly) does not block it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):  # new_page(axe=True) loads it with each page
        page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5], "url": v["helpUrl"]}
            for v in result["violations"] if v["impact"] in impacts]


def serious_violations_report(violations: list[dict]) -> str:
    """Violations as lines a reader can act on: id, impact, help, where, and the help URL."""
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {v['targets']} ({v['url']})"
                     for v in violations)


def log_in(page, server: str, email: str, password: str = TEST_PASSWORD) -> None:
    """Log in through the login form and wait until the site has moved on from it."""
    page.goto(server + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def log_out(page) -> None:
    """Log out with the header button and wait for the home page."""
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()


def links_in(message) -> list[str]:
    """The web addresses in an email's plain-text body."""
    return re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())


def focus_is_visible(page) -> bool:
    """True when the focused element draws a focus ring: an outline or a box shadow."""
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return outline || (style.boxShadow !== 'none' && style.boxShadow !== '');
    }""")


def evidence_png(text: str = "Certificate of registration") -> bytes:
    """A small, valid PNG that looks like a scanned certificate, as a practitioner would upload."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 220), "#f4f1e8")
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, 351, 211), outline="#0f5c55", width=4)
    draw.text((30, 100), text, fill="#1b1b1b")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def evidence_pdf(text: str = "Certificate of analysis") -> bytes:
    """A small, valid one-page PDF (drawn by Pillow), as a supplier's certificate would be."""
    from PIL import Image, ImageDraw

    sheet = Image.new("RGB", (300, 200), "white")
    ImageDraw.Draw(sheet).text((20, 90), text, fill="black")
    out = io.BytesIO()
    sheet.save(out, "PDF")
    return out.getvalue()


def check_page(page, name: str) -> None:
    """Check the page fits a 390 px phone screen without sideways scrolling, then give it back its own size;
    with VERITY_SHOTS set, keep full-page screenshots at both widths there."""
    own_size = page.viewport_size
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{own_size['width']}.png", full_page=True)
    page.set_viewport_size(PHONE)
    try:
        # Measured after two frames at the phone's width, so a loaded machine has laid the page out again.
        overflow = page.evaluate("""() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() =>
            done(document.documentElement.scrollWidth - document.documentElement.clientWidth))))""")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{PHONE['width']}.png", full_page=True)
    finally:
        page.set_viewport_size(own_size)
    assert overflow <= 0, f"{name} ({page.url}) scrolls sideways by {overflow}px on a phone"
