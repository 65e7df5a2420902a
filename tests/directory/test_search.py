"""Radius search through the service and the search page."""
import math
from datetime import date, timedelta

import pytest
from geopy.distance import geodesic

from directory.search import SearchQuery, search
from core.extensions import db
from geo.distance import KM_PER_MILE
from tests.helpers import text_of

EARTH_KM = 6371.0088
TODAY = date(2026, 11, 22)


def north_of(lat, lon, km):
    """A point `km` due north of (lat, lon) on the sphere the search uses."""
    return {"lat": lat + math.degrees(km / EARTH_KM), "lon": lon}


def clinic_at(name, lat, lon, **extra):
    """Clinic fields at a point."""
    return {"name": name, "lat": lat, "lon": lon, **extra}


def names(result):
    """Names of the practitioners in a result, in order."""
    return [hit.practitioner.name for hit in result.hits]


@pytest.mark.parametrize("unit, radius, inside_km, outside_km", [
    ("mi", 10, 9.95 * KM_PER_MILE, 10.05 * KM_PER_MILE),
    ("km", 16, 15.95, 16.05),
])
def test_radius_edges_in_both_units(make_practitioner, unit, radius, inside_km, outside_km):
    make_practitioner(name="Inside", clinics=[clinic_at("A", **north_of(51.5, -0.12, inside_km))])
    make_practitioner(name="Outside", clinics=[clinic_at("B", **north_of(51.5, -0.12, outside_km))])
    result = search(SearchQuery(lat=51.5, lon=-0.12, radius=radius, unit=unit), TODAY)
    assert names(result) == ["Inside"]
    assert result.hits[0].distance == pytest.approx(inside_km / (KM_PER_MILE if unit == "mi" else 1), rel=1e-3)


def test_min_years_uses_whole_years_and_verified_date_outranks_declared(make_practitioner):
    make_practitioner(name="Ten years", practising_since=date(2016, 11, 22))
    make_practitioner(name="Nine years", practising_since=date(2016, 11, 23))
    outranked = make_practitioner(name="Declared recently", practising_since=date(2025, 1, 1))
    outranked.credentials[0].issued_on = date(2010, 5, 1)
    db.session.commit()
    result = search(SearchQuery(lat=53.48, lon=-2.24, radius=5, min_years=10), TODAY)
    assert sorted(names(result)) == ["Declared recently", "Ten years"]
    years = {hit.practitioner.name: hit.years for hit in result.hits}
    assert years == {"Ten years": 10, "Declared recently": 16}


def test_sort_by_years_then_distance(make_practitioner):
    make_practitioner(name="Near junior", practising_since=date(2022, 1, 1),
                      clinics=[clinic_at("A", **north_of(53.48, -2.24, 1))])
    make_practitioner(name="Far senior", practising_since=date(2001, 1, 1),
                      clinics=[clinic_at("B", **north_of(53.48, -2.24, 5))])
    by_distance = search(SearchQuery(lat=53.48, lon=-2.24, radius=10), TODAY)
    by_years = search(SearchQuery(lat=53.48, lon=-2.24, radius=10, sort="years"), TODAY)
    assert names(by_distance) == ["Near junior", "Far senior"]
    assert names(by_years) == ["Far senior", "Near junior"]


def test_pagination_covers_every_result_once(make_practitioner):
    for n in range(23):
        make_practitioner(name=f"P{n:02d}", clinics=[clinic_at("C", **north_of(53.48, -2.24, 0.1 * n))])
    pages = [search(SearchQuery(lat=53.48, lon=-2.24, radius=10, page=p, per_page=10), TODAY) for p in (1, 2, 3)]
    assert [r.total for r in pages] == [23, 23, 23] and pages[0].pages == 3
    assert [len(r.hits) for r in pages] == [10, 10, 3]
    seen = [name for r in pages for name in names(r)]
    assert seen == [f"P{n:02d}" for n in range(23)]


def test_practitioner_with_several_clinics_appears_once_at_the_nearest(make_practitioner):
    make_practitioner(name="Two clinics", clinics=[clinic_at("Far", **north_of(53.48, -2.24, 8)),
                                                   clinic_at("Near", **north_of(53.48, -2.24, 2))])
    result = search(SearchQuery(lat=53.48, lon=-2.24, radius=10, unit="km"), TODAY)
    assert names(result) == ["Two clinics"]
    assert result.hits[0].clinic.name == "Near" and result.hits[0].distance == pytest.approx(2, rel=1e-3)


def test_search_across_the_180th_meridian(make_practitioner):
    make_practitioner(name="East", clinics=[clinic_at("Fiji E", -17.0, 179.95)])
    make_practitioner(name="West", clinics=[clinic_at("Fiji W", -17.0, -179.95)])
    make_practitioner(name="Far", clinics=[clinic_at("Fiji far", -17.0, 178.5)])
    result = search(SearchQuery(lat=-17.0, lon=179.99, radius=20, unit="km"), TODAY)
    assert sorted(names(result)) == ["East", "West"]


def test_search_near_the_north_pole(make_practitioner):
    make_practitioner(name="Across the pole", clinics=[clinic_at("Pole", 89.95, 170.0)])
    result = search(SearchQuery(lat=89.95, lon=-10.0, radius=20, unit="km"), TODAY)
    assert names(result) == ["Across the pole"]


def test_treatment_and_profession_filters(make_practitioner):
    make_practitioner(name="Filler doctor", treatments=("dermal-filler",))
    make_practitioner(name="Peel nurse", profession="nurse", treatments=("chemical-peel",))
    base = {"lat": 53.48, "lon": -2.24, "radius": 5}
    assert names(search(SearchQuery(**base, treatment="chemical-peel"), TODAY)) == ["Peel nurse"]
    assert names(search(SearchQuery(**base, profession="doctor"), TODAY)) == ["Filler doctor"]


def test_only_listed_practitioners_appear(make_practitioner):
    make_practitioner(name="Listed")
    make_practitioner(name="Unverified", verified=False)
    make_practitioner(name="Expired", registration_expires=TODAY - timedelta(days=1))
    make_practitioner(name="Expires today", registration_expires=TODAY)
    suspended = make_practitioner(name="Suspended")
    suspended.suspended_at = suspended.created_at
    db.session.commit()
    assert sorted(names(search(SearchQuery(lat=53.48, lon=-2.24, radius=5), TODAY))) == ["Expires today", "Listed"]
    day_after = search(SearchQuery(lat=53.48, lon=-2.24, radius=5), TODAY + timedelta(days=1))
    assert "Expires today" not in names(day_after)


@pytest.mark.parametrize("lat, lon", [(51.5, -0.12), (40.7, -74.0), (64.8, -147.7), (-33.9, 151.2)])
def test_distances_agree_with_geodesic(make_practitioner, lat, lon):
    target = north_of(lat, lon, 30)
    target["lon"] += 0.2
    make_practitioner(name="Target", clinics=[clinic_at("T", **target)])
    [hit] = search(SearchQuery(lat=lat, lon=lon, radius=100, unit="km"), TODAY).hits
    exact = geodesic((lat, lon), (target["lat"], target["lon"])).km
    assert abs(hit.distance - exact) / exact < 0.005


@pytest.mark.parametrize("near, expected_label", [
    ("M1 1AE", "M1 1AE, Manchester"), ("m11ae", "M1 1AE, Manchester"), ("M1", "M1, Manchester"),
    ("manchester", "Manchester, England")])
def test_search_page_by_kind_of_place(client, make_practitioner, near, expected_label):
    make_practitioner(name="Dr Manchester")
    page = text_of(client.get("/search", query_string={"near": near, "radius": 5}))
    assert f"Practitioners near {expected_label}" in page
    assert "Dr Manchester" in page and "1 practitioner within 5 miles" in page


def test_search_page_by_zip(client, make_practitioner):
    make_practitioner(name="Dr Hollywood", clinics=[clinic_at("Rodeo", 34.0736, -118.4004, country="US",
                                                              postcode="90210", city="Beverly Hills",
                                                              time_zone="America/Los_Angeles")])
    page = text_of(client.get("/search", query_string={"near": "90210", "radius": 3}))
    assert "Beverly Hills, CA 90210" in page and "Dr Hollywood" in page


def test_ambiguous_city_offers_the_alternatives(client, catalogue):
    page = text_of(client.get("/search", query_string={"near": "Springfield"}))
    assert "Did you mean" in page and "Springfield, IL" in page


def test_unknown_place_shows_suggestions(client, catalogue):
    response = client.get("/search", query_string={"near": "Manchestr"})
    assert response.status_code == 200
    page = text_of(response)
    assert "We couldn" in page and "Manchester, England" in page


def test_bad_radius_is_explained_on_the_page(client, catalogue):
    page = text_of(client.get("/search", query_string={"near": "Leeds", "radius": "far"}))
    assert "is not a valid radius" in page


def test_map_view_lists_the_same_results(client, make_practitioner):
    make_practitioner(name="Dr Mapped")
    page = text_of(client.get("/search", query_string={"near": "M1 1AE", "view": "map"}))
    assert 'id="map"' in page and "Dr Mapped" in page and "leaflet.js" in page
