"""Stored XSS in a real browser: the Leaflet map builds its markers and popups from the results' data,
so payloads in names must come out as text there too, and no alert() may ever fire.

The HTML checks in test_xss.py read the data attributes the map starts from; this runs map.js itself.
"""
import re

from playwright.sync_api import expect

from core.extensions import db
from directory import clinics, profiles, services
from tests.directory.test_search import north_of
from tests.security.xss_payloads import PAYLOADS, payload

PICCADILLY = (53.4794, -2.2453)  # M1 1AE


def listed_with_payloads(make_practitioner) -> list[tuple[str, str]]:
    """One listed practitioner per payload kind, whose name and clinic name are set through the services."""
    stored = []
    for number, kind in enumerate(PAYLOADS):
        practitioner = make_practitioner(name=f"Dr Map {number}")
        name, clinic_name = payload(kind, f"QMAPNAME{number}"), payload(kind, f"QMAPCLINIC{number}")
        services.update_profile(practitioner, profiles.ProfileDetails(
            name=name, profession="doctor", registration_body="GMC",
            registration_number=practitioner.registration_number, practising_since=practitioner.practising_since),
            actor=practitioner.user)
        pin = north_of(*PICCADILLY, 0.2 * number)  # apart, so each marker can be clicked, all within the 2 km
        services.save_clinic(practitioner, clinics.ClinicDetails(
            name=clinic_name, city="Manchester", postcode="M1 1AE", country="GB", lat=pin["lat"], lon=pin["lon"]),
            practitioner.clinics[0], actor=practitioner.user)
        db.session.commit()
        stored.append((name, clinic_name))
    return stored


def test_map_markers_popups_and_results_show_payloads_as_text_and_nothing_runs(live_server, new_page,
                                                                               make_practitioner):
    stored = listed_with_payloads(make_practitioner)
    names = sorted(name for name, _ in stored)
    page, dialogs = new_page(), []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server + "/search?near=M1+1AE&radius=5&unit=mi&view=map")
    expand_clusters(page)
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(len(stored))
    assert sorted(markers.nth(i).get_attribute("title") for i in range(len(stored))) == names
    popups = []
    for i in range(len(stored)):
        markers.nth(i).dispatch_event("click")
        popup = page.locator(".leaflet-popup-content a")
        expect(popup).to_have_count(1)
        popups.append(popup.inner_text())
        assert popup.get_attribute("href").startswith("/practitioners/")
    assert sorted(popups) == names
    for marker in markers.all():  # a popup or tooltip built from a name with innerHTML would run here
        marker.dispatch_event("mouseover")
        marker.dispatch_event("focus")
    for result in page.locator(".result").all():  # what an injected handler would wait for
        result.dispatch_event("mouseover")
        result.dispatch_event("focus")
    for name, clinic_name in stored:
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        expect(page.get_by_text(clinic_name, exact=False).first).to_be_visible()
    assert page.locator("#map img[onerror], #map svg[onload], .results script").count() == 0
    assert dialogs == []


def expand_clusters(page) -> None:
    """Click the marker groups (Leaflet.markercluster) until every practitioner has a marker of their own;
    each group's name is its count, never a practitioner's name."""
    clusters = page.locator(".verity-cluster")
    expect(clusters.first).to_be_visible()
    for _ in range(8):
        if clusters.count() == 0:
            return
        assert re.fullmatch(r"\d+ practitioners close together: zoom in to see them",
                            clusters.first.get_attribute("aria-label"))
        clusters.first.dispatch_event("mouseover")
        clusters.first.dispatch_event("click")  # a marker beside it may cover part of the group
        page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')")
    expect(clusters).to_have_count(0)
