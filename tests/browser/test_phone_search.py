"""Phone-first search: the first result on a phone's first screen, filters folded into a panel, a list/map
switch with clustered markers, place autocomplete by keyboard, and "Use my location"."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, axe_violations, check_page, serious_violations_report
from tests.directory.test_search import clinic_at, north_of

PICCADILLY = (53.4794, -2.2453)  # M1 1AE
NEAR = "Town, city, postcode or ZIP"


def four_close_together(make_practitioner) -> list[str]:
    """Four doctors 400 m apart in a line north of Piccadilly, and a nurse 6 km away: names, nearest first."""
    names = [f"Dr Close {n}" for n in range(1, 5)]
    for n, name in enumerate(names):
        make_practitioner(name=name, clinics=[clinic_at(f"Clinic {n}", **north_of(*PICCADILLY, 0.4 * n))])
    make_practitioner(name="Nurse Further", profession="nurse",
                      clinics=[clinic_at("Far Clinic", **north_of(*PICCADILLY, -6))])
    return names


def test_the_first_result_starts_on_a_phones_first_screen(new_page, live_server, make_practitioner):
    four_close_together(make_practitioner)
    page = new_page(**PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server + "/search?near=Manchester&radius=10&unit=mi&min_years=0")  # what the home form sends
    first = page.locator(".result").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < PHONE["height"]
    name = first.get_by_role("link", name="Dr Close 1")
    assert name.bounding_box()["y"] + name.bounding_box()["height"] <= PHONE["height"]
    expect(page.get_by_role("button", name="Filters")).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Treatment", exact=True)).to_be_hidden()
    check_page(page, "phone-results")


def test_the_filters_panel_opens_by_keyboard_and_applies_a_filter(new_page, live_server, make_practitioner):
    four_close_together(make_practitioner)
    page = new_page(**PHONE)
    page.goto(live_server + "/search?near=M1+1AE&radius=10&unit=mi")
    expect(page.get_by_text("5 practitioners within 10 miles")).to_be_visible()
    toggle = page.get_by_role("button", name=re.compile(r"^Filters"))
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    profession = page.get_by_label("Profession")
    expect(profession).to_be_visible()
    profession.focus()
    profession.select_option("nurse")
    page.get_by_role("button", name="Apply filters").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"profession=nurse"))
    expect(page.get_by_text("1 practitioner within 10 miles")).to_be_visible()
    expect(page.get_by_role("link", name="Nurse Further")).to_be_visible()
    expect(page.get_by_role("link", name="Dr Close 1")).to_have_count(0)
    expect(page.get_by_role("button", name="Filters (1 active)")).to_have_attribute("aria-expanded", "false")


def test_the_switch_shows_the_map_with_clusters_and_back_goes_to_the_list(new_page, live_server, make_practitioner):
    names = four_close_together(make_practitioner)
    page = new_page()
    page.goto(live_server + "/search?near=M1+1AE&radius=10&unit=mi")
    expect(page.locator("#map")).to_be_hidden()
    page.get_by_role("button", name="Map").click()
    expect(page.get_by_role("button", name="Map")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="List")).to_have_attribute("aria-pressed", "false")
    assert "view=map" in page.url
    cluster = page.get_by_role("button", name="4 practitioners close together: zoom in to see them")
    expect(cluster).to_have_text("4")
    expect(page.get_by_role("button", name="Nurse Further")).to_be_visible()  # alone: a marker, not a group
    cluster.focus()
    page.keyboard.press("Enter")  # the keyboard zooms into the group
    for name in names:
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    page.get_by_role("button", name="Dr Close 2", exact=True).press("Enter")
    expect(page.locator(".leaflet-popup-content").get_by_role("link", name="Dr Close 2")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("button", name="List")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#map")).to_be_hidden()
    page.go_forward()
    expect(page.locator("#map")).to_be_visible()


def test_without_javascript_the_filters_fold_and_the_switch_still_works(new_page, live_server, make_practitioner):
    four_close_together(make_practitioner)
    page = new_page(**PHONE, java_script_enabled=False)
    page.goto(live_server + "/search?near=M1+1AE&radius=10&unit=mi")
    expect(page.get_by_label("Profession")).to_be_hidden()
    page.locator("summary", has_text="Filters").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Profession").select_option("nurse")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 practitioner within 10 miles")).to_be_visible()
    page.get_by_role("button", name="Map").click()
    page.wait_for_url(re.compile(r"view=map"))
    assert "profession=nurse" in page.url
    expect(page.get_by_role("button", name="Map")).to_have_attribute("aria-pressed", "true")


def test_place_autocomplete_works_with_the_keyboard_alone(new_page, live_server, make_practitioner):
    make_practitioner(name="Dr Mancunian")
    page = new_page(axe=True)
    page.goto(live_server + "/")
    place = page.get_by_role("combobox", name=NEAR)
    place.focus()
    page.keyboard.type("manch")
    expect(place).to_have_attribute("aria-expanded", "true")
    listbox = page.get_by_role("listbox", name="Places")
    expect(listbox.get_by_role("option").first).to_have_text("Manchester, England")
    found = axe_violations(page)
    assert not found, serious_violations_report(found)
    page.keyboard.press("Escape")
    expect(place).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(place).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioners near Manchester, England")
    expect(page.get_by_role("link", name="Dr Mancunian")).to_be_visible()


def test_use_my_location_searches_near_the_browsers_position(new_page, live_server, make_practitioner):
    four_close_together(make_practitioner)
    page = new_page(**PHONE, geolocation={"latitude": PICCADILLY[0], "longitude": PICCADILLY[1]},
                    permissions=["geolocation"])
    page.goto(live_server + "/")
    page.get_by_role("button", name="Use my location").click()
    page.wait_for_url(re.compile(r"/search\?.*lat=53\.4794"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioners near your location")
    expect(page.locator(".result h2").first).to_have_text("Dr Close 1")


def test_use_my_location_says_so_when_the_browser_refuses(new_page, live_server):
    page = new_page(**PHONE)  # no permission granted: the browser refuses
    page.goto(live_server + "/")
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_role("status").filter(has_text="did not allow")).to_have_text(
        "You did not allow this site to use your location. Type a town, city or postcode instead.")
    assert page.url == live_server + "/"
