"""The online fallback against a real HTTP server on 127.0.0.1 that imitates Nominatim."""
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from geo import GeocoderUnavailable, Place
from geo.online import DictCache, OnlineGeocoder, place_from_nominatim

LEEDS = {
    "place_id": 1, "lat": "53.7974185", "lon": "-1.5437941", "addresstype": "city", "type": "city",
    "display_name": "Leeds, West Yorkshire, England, United Kingdom",
    "address": {"city": "Leeds", "county": "West Yorkshire", "state": "England", "country": "United Kingdom",
                "country_code": "gb"},
}
BEVERLY_HILLS_ZIP = {
    "place_id": 2, "lat": "34.0901", "lon": "-118.4065", "addresstype": "postcode", "type": "postcode",
    "display_name": "Beverly Hills, Los Angeles County, California, 90210, United States",
    "address": {"city": "Beverly Hills", "state": "California", "ISO3166-2-lvl4": "US-CA", "postcode": "90210",
                "country": "United States", "country_code": "us"},
}


class FakeNominatim(ThreadingHTTPServer):
    """Answers /search like Nominatim: a JSON list of results, or a 500 when told to fail."""

    daemon_threads = True

    def __init__(self):
        """Listen on a free loopback port with the default canned answers."""
        super().__init__(("127.0.0.1", 0), NominatimHandler)
        self.results = {"leeds": [LEEDS], "90210": [BEVERLY_HILLS_ZIP]}
        self.requests: list[dict] = []
        self.fail = False
        self.delay = 0.0

    def handle_error(self, request, client_address):
        """A client that gave up (the timeout test) is expected; stay quiet about it."""

    @property
    def domain(self):
        """host:port for geopy's ``domain`` setting."""
        return f"127.0.0.1:{self.server_address[1]}"


class NominatimHandler(BaseHTTPRequestHandler):
    """Serve one /search request from the server's canned results."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        """Record the request, then answer with canned JSON or an error."""
        url = urlparse(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.requests.append({"path": url.path, **params})
        time.sleep(self.server.delay)
        if self.server.fail:
            self.send_error(500, "Internal Server Error")
            return
        body = json.dumps(self.server.results.get(params.get("q", ""), [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        """Keep test output quiet."""


@pytest.fixture
def nominatim():
    """A running fake Nominatim, shut down after the test."""
    server = FakeNominatim()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def geocoder_for(server, **options):
    """An OnlineGeocoder pointed at the fake server, without the production one-second delay."""
    options.setdefault("min_delay_seconds", 0)
    options.setdefault("timeout", 2)
    return OnlineGeocoder(domain=server.domain, scheme="http", user_agent="verity-tests", **options)


def test_geocodes_a_town(nominatim):
    place = geocoder_for(nominatim).geocode("Leeds")
    assert place == Place(53.7974185, -1.5437941, "Leeds, England", "GB", "city")
    request = nominatim.requests[0]
    assert request["path"] == "/search"
    assert request["countrycodes"] == "gb,us"
    assert request["format"] == "json"


def test_geocodes_a_zip(nominatim):
    place = geocoder_for(nominatim).geocode("90210")
    assert (place.label, place.kind, place.country) == ("Beverly Hills, CA 90210", "zip", "US")


def test_no_result_is_none(nominatim):
    assert geocoder_for(nominatim).geocode("Atlantis") is None


def test_cache_answers_the_second_call(nominatim):
    cache = DictCache()
    geocoder = geocoder_for(nominatim, cache=cache)
    first = geocoder.geocode("Leeds")
    second = geocoder.geocode("  LEEDS ")
    assert first == second
    assert len(nominatim.requests) == 1
    assert cache.get("leeds") == first


def test_server_error_is_unavailable(nominatim):
    nominatim.fail = True
    with pytest.raises(GeocoderUnavailable) as caught:
        geocoder_for(nominatim).geocode("Leeds")
    assert "unavailable" in caught.value.message


def test_slow_server_is_unavailable(nominatim):
    nominatim.delay = 0.6
    with pytest.raises(GeocoderUnavailable) as caught:
        geocoder_for(nominatim, timeout=0.2).geocode("Leeds")
    assert "too long" in caught.value.message


def test_closed_server_is_unavailable():
    with socket.socket() as probe:  # find a free port, then leave nothing listening on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    geocoder = OnlineGeocoder(domain=f"127.0.0.1:{port}", scheme="http", min_delay_seconds=0, timeout=2)
    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Leeds")


def test_failures_are_not_cached(nominatim):
    cache = DictCache()
    nominatim.fail = True
    with pytest.raises(GeocoderUnavailable):
        geocoder_for(nominatim, cache=cache).geocode("Leeds")
    nominatim.fail = False
    assert geocoder_for(nominatim, cache=cache).geocode("Leeds").label == "Leeds, England"
    assert len(cache) == 1


def test_rate_limit_spaces_out_requests(nominatim):
    geocoder = geocoder_for(nominatim, min_delay_seconds=0.3)
    started = time.perf_counter()
    geocoder.geocode("Leeds")
    geocoder.geocode("90210")
    assert time.perf_counter() - started >= 0.3


def test_empty_or_long_text_skips_the_network(nominatim):
    geocoder = geocoder_for(nominatim)
    assert geocoder.geocode("   ") is None
    assert geocoder.geocode("x" * 500) is None
    assert nominatim.requests == []


def test_only_nominatim_is_supported():
    with pytest.raises(ValueError):
        OnlineGeocoder(provider="google")


def test_results_outside_gb_and_us_are_ignored():
    assert place_from_nominatim({**LEEDS, "address": {"city": "Paris", "country_code": "fr"}}) is None


def test_dict_cache_evicts_the_oldest():
    cache = DictCache(max_entries=2)
    places = [Place(0, 0, name, "GB", "city") for name in "abc"]
    for place in places:
        cache.set(place.label, place)
    assert cache.get("a") is None and cache.get("c") == places[2]
