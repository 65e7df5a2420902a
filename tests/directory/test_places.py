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

