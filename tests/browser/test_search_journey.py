"""A patient finds a practitioner by postcode, looks at the map and opens the profile."""
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.directory.test_search import clinic_at, north_of


def test_patient_searches_by_postcode_sees_map_and_opens_profile(page, live_server, make_practitioner):
    make_practitioner(name="Dr Ada Lovelace", clinics=[clinic_at("Ancoats Clinic", **north_of(53.4835, -2.2312, 2))])
    make_practitioner(name="Dr Far Away", clinics=[clinic_at("Leeds Clinic", 53.7997, -1.5492)])
    page.goto(live_server + "/")
    page.get_by_label("Town, city, postcode or ZIP").fill("M1 1AE")
    page.get_by_label("Within").fill("5")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?**")
    assert page.get_by_role("heading", level=1).inner_text() == "Practitioners near M1 1AE, Manchester"
    assert page.get_by_text("1 practitioner within 5 miles").is_visible()
    assert page.get_by_role("link", name="Dr Far Away").count() == 0
    page.get_by_role("button", name="Map").click()
    # Leaflet starts after the deferred scripts load: wait for it rather than look once.
    expect(page.locator("#map.leaflet-container")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    page.get_by_role("link", name="Dr Ada Lovelace").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dr Ada Lovelace"
    assert page.get_by_text("Verified by Verity on").is_visible()


def test_search_is_usable_with_the_keyboard_alone(page, live_server, make_practitioner):
    make_practitioner(name="Dr Keys")
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "near":
            break
    page.keyboard.type("Manchester")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?**")
    assert page.get_by_role("link", name="Dr Keys").is_visible()


def test_public_pages_have_no_serious_accessibility_violations(page, live_server, make_practitioner):
    practitioner = make_practitioner(name="Dr Axe")
    for path in ["/", "/search?near=Manchester", "/search?near=Manchester&view=map",
                 f"/practitioners/{practitioner.slug}", "/login", "/register", "/search?near=Manchestr"]:
        page.goto(live_server + path)
        assert axe_violations(page) == [], path


def test_pages_fit_a_phone_screen(playwright_browser, live_server, make_practitioner):
    practitioner = make_practitioner(name="Dr Phone")
    context = playwright_browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    for path in ["/", "/search?near=Manchester", f"/practitioners/{practitioner.slug}"]:
        page.goto(live_server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    context.close()
