"""Place lookup in the app: the gazetteer first, the online geocoder only for what it cannot answer."""
import pytest
from sqlalchemy import func, select

from directory.models import GeocodeCache
from directory.places import PlaceLookupFailed, find_place
from core.extensions import db
from geo import PlaceNotFound
from tests.geo.test_geo_online import FakeNominatim


@pytest.fixture
def nominatim(app):
    """A fake Nominatim on loopback, configured as the app's online geocoder."""
    import threading

    server = FakeNominatim()
    server.results["14 acacia avenue, leeds"] = server.results["leeds"]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.config.update(GEOCODER="nominatim", GEOCODER_DOMAIN=server.domain, GEOCODER_SCHEME="http",
                      GEOCODER_MIN_DELAY=0.0, GEOCODER_TIMEOUT=2)
    yield server
    server.shutdown()
    server.server_close()


def test_offline_places_never_reach_the_online_geocoder(nominatim):
    assert find_place("M1 1AE").label == "M1 1AE, Manchester"
    assert nominatim.requests == []


def test_online_geocoder_answers_what_the_gazetteer_cannot_and_is_cached(nominatim):
    place = find_place("14 Acacia Avenue, Leeds")
    assert place.country == "GB" and round(place.lat, 2) == 53.80
    again = find_place("14 acacia avenue, leeds")
    assert again.lat == place.lat and len(nominatim.requests) == 1
    assert db.session.scalar(select(func.count(GeocodeCache.id))) == 1


def test_online_geocoder_failure_is_a_clear_message(nominatim):
    nominatim.fail = True
    with pytest.raises(PlaceLookupFailed) as error:
        find_place("14 Acacia Avenue, Leeds")
    assert "try again" in str(error.value).lower() or "unavailable" in str(error.value).lower()


def test_search_page_reports_a_geocoder_failure_without_a_500(client, nominatim, catalogue):
    nominatim.fail = True
    response = client.get("/search", query_string={"near": "14 Acacia Avenue, Leeds"})
    assert response.status_code == 200
    assert "We could not search" in response.get_data(as_text=True)
    api = client.get("/api/v1/practitioners", query_string={"near": "14 Acacia Avenue, Leeds"})
    assert api.status_code == 400 and api.json["code"] == "geocoder_unavailable"


def test_without_a_geocoder_unknown_places_are_not_found(app):
    with pytest.raises(PlaceNotFound):
        find_place("14 Acacia Avenue, Leeds")


# Same-name places: "Newcastle" is Newcastle upon Tyne; the others are one click away.

TYNE = {"name": "Quayside Skin", "city": "Newcastle upon Tyne", "postcode": "NE1 3JD", "lat": 54.9695, "lon": -1.6065}
LYME = {"name": "Lyme Aesthetics", "city": "Newcastle-under-Lyme", "postcode": "ST5 1AA", "lat": 53.0116,
        "lon": -2.2275}


def did_you_mean(page: str) -> dict[str, str]:
    """The "Did you mean" links above the results: label -> href."""
    import html
    import re

    block = page.split('class="alternatives"', 1)[1].split("</p>", 1)[0]
    return {label: html.unescape(href) for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block)}


def test_newcastle_is_newcastle_upon_tyne_and_the_others_are_one_click_away(client, make_practitioner):
    make_practitioner(name="Dr Tyne", clinics=[TYNE], treatments=("microneedling",))
    make_practitioner(name="Dr Lyme", clinics=[LYME], treatments=("microneedling",))
    page = client.get("/search", query_string={"near": "Newcastle", "treatment": "microneedling"}).get_data(True)
    assert "Practitioners near Newcastle upon Tyne, England" in page
    assert "Dr Tyne" in page and "Dr Lyme" not in page
    links = did_you_mean(page)
    assert "Newcastle under Lyme, England" in links and "Newcastle, WA" in links
    assert "treatment=microneedling" in links["Newcastle under Lyme, England"]
    there = client.get(links["Newcastle under Lyme, England"]).get_data(True)
    assert "Practitioners near Newcastle under Lyme, England" in there
    assert "Dr Lyme" in there and "Dr Tyne" not in there


def test_the_api_origin_is_newcastle_upon_tyne_with_the_alternatives(client, catalogue):
    origin = client.get("/api/v1/practitioners", query_string={"near": "Newcastle"}).get_json()["origin"]
    assert origin["label"] == "Newcastle upon Tyne, England"
    assert "Newcastle under Lyme, England" in origin["alternatives"]
    assert any(label.endswith(", WA") or label.endswith(", OK") for label in origin["alternatives"])


def test_the_default_country_wins_a_tie(client, app, catalogue):
    # Weymouth, MA and Weymouth, England are about the same size (54,395 and 53,416 people).
    origin = client.get("/api/v1/practitioners", query_string={"near": "Weymouth"}).get_json()["origin"]
    assert (origin["label"], origin["alternatives"]) == ("Weymouth, England", ["Weymouth, MA"])
    app.config["DEFAULT_COUNTRY"] = "US"
    page = client.get("/search", query_string={"near": "Weymouth"}).get_data(True)
    assert "Practitioners near Weymouth, MA" in page and "Weymouth, England" in did_you_mean(page)


def test_default_country_is_read_from_the_environment(monkeypatch, app_config):
    from app import create_app
    from core.settings import SettingsError, load

    assert load("/tmp", {})["DEFAULT_COUNTRY"] == "GB"
    with pytest.raises(SettingsError, match="DEFAULT_COUNTRY must be GB or US"):
        load("/tmp", {"DEFAULT_COUNTRY": "FR", "SECRET_KEY": "x"})
    monkeypatch.setenv("DEFAULT_COUNTRY", "us")
    us_site = create_app(app_config)
    assert us_site.config["DEFAULT_COUNTRY"] == "US"
    with us_site.app_context():
        assert find_place("Kettering").label == "Kettering, OH"
