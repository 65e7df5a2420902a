"""Fuzzing the search parameters of the page, the JSON API and the place autocomplete.

Whatever is typed into the query string, the API answers 200 with the documented shape or 400
with a problem document (RFC 9457, with code and field), and the page answers 200, showing the
same message the API gives as its detail when the input cannot be used. Never a 500.
"""
import math

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st
from markupsafe import escape

from directory.models import BADGE_STATUSES
from directory.models import Profession
from tests.security.fuzz import fuzz
from tests.helpers import text_of

PARAMETERS = ("near", "lat", "lon", "radius", "unit", "min_years", "treatment", "profession", "badge",
              "no_human_exosomes", "sort", "page", "per_page")
ERROR_CODES = {"invalid_parameter", "out_of_range", "missing_parameter", "missing_location", "unknown_place",
               "geocoder_unavailable"}
PLACES = ["Manchester", "M1 1AE", "m11ae", "10022", "New York", "Lundon", "ZZ99 9ZZ", "SW1A", "90210-1234"]

# Text a person or a script might send: any unicode, digits from other scripts, spaces, NUL, huge.
junk = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\x00", "\t\n", "١٢", "²", "٣.٥", "1_0", "0x10", "1e309", "-0", "+5", "١e٣",
                     "\u00a010", "10\u200b", "nan", "NaN", "inf", "-Infinity", "None", "null", "[]", "%00"]),
    st.text(alphabet="0123456789", min_size=300, max_size=5000),  # beyond int()'s 4,300-digit limit too
    st.text(min_size=101, max_size=3000),
)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


GOOD = {
    "near": PLACES, "lat": ["53.48", "40.76", "-90", "90"], "lon": ["-2.24", "-73.97", "180", "-180"],
    "radius": ["0.1", "5", "10", "500", "500.0001"], "unit": ["mi", "km", "MI", " km "],
    "min_years": ["0", "5", "80", "81"], "treatment": ["dermal-filler", "microneedling", "facelift", "snake-oil"],
    "profession": [p.value for p in Profession],
    "badge": [*BADGE_STATUSES, ",".join(BADGE_STATUSES), "no_exosomes,,undeclared", ["no_exosomes", "undeclared"], ["nope"]],
    "no_human_exosomes": ["yes", "no", "1", "0", "true", "maybe"], "sort": ["distance", "years", "price"],
    "page": ["1", "2", "10000", "10001"], "per_page": ["1", "20", "100", "101"],
}
POINTS = [("53.48", "-2.24"), ("40.76", "-73.97"), ("53.4794", "-2.2453"), ("-90", "180"), ("90", "-180")]
origin = st.one_of(st.fixed_dictionaries({"near": st.sampled_from(PLACES)}),
                   st.sampled_from(POINTS).map(lambda point: dict(zip(("lat", "lon"), point))))
# Mostly sensible filters (so searches succeed and find people), then a few parameters spoiled.
filters = st.fixed_dictionaries({}, optional={name: st.sampled_from(values) for name, values in GOOD.items()
                                              if name not in ("near", "lat", "lon")})
spoiled = st.dictionaries(st.sampled_from(PARAMETERS), st.one_of(numbers, junk), max_size=3)
params = st.builds(lambda *parts: {k: v for part in parts for k, v in part.items()}, origin, filters, spoiled)


@pytest.fixture
def seeded(make_practitioner):
    """A few listed practitioners in Manchester and New York, so searches find something."""
    from tests.factories import MANCHESTER

    new_york = {"name": "Madison Skin", "city": "New York", "postcode": "10022", "country": "US", "lat": 40.7616,
                "lon": -73.9719, "time_zone": "America/New_York"}
    make_practitioner(name="Dr Ada Near", treatments=("dermal-filler", "microneedling"))
    make_practitioner(name="Nurse Ben", profession="nurse", treatments=("microneedling",),
                      clinics=[{**MANCHESTER, "lat": 53.50, "lon": -2.20}])
    make_practitioner(name="Dr Cy Both", profession="surgeon", treatments=("facelift",),
                      clinics=[MANCHESTER, new_york])
    make_practitioner(name="Dr Dee York", clinics=[new_york])


def holds_nul(params: dict) -> bool:
    """Whether a parameter holds U+0000, which the site refuses before reading anything."""
    values = [v for value in params.values() for v in (value if isinstance(value, list) else [value])]
    return any("\x00" in (v or "") for v in values)


def check_search_answer(response, params):
    """The API's answer is the documented success as JSON, or the documented problem document."""
    assert response.status_code in (200, 400), (response.status_code, text_of(response)[:500])
    assert response.mimetype == ("application/json" if response.status_code == 200 else "application/problem+json")
    body = response.get_json()
    if holds_nul(params):
        assert response.status_code == 400 and body["code"] == "bad_request" and body["field"] is None
        event("API 400 bad_request (NUL)")
        return body
    event(f"API {response.status_code} {body['code'] if response.status_code == 400 else 'found'}")
    if response.status_code == 400:
        assert body["status"] == 400 and body["code"] in ERROR_CODES
        assert isinstance(body["detail"], str) and body["detail"]
        assert body["field"] in PARAMETERS
        assert all(isinstance(s, str) for s in body.get("suggestions", []))
        return body
    assert set(body) == {"origin", "unit", "total", "page", "per_page", "results"}
    assert body["unit"] in ("mi", "km") and body["total"] >= 0
    assert 1 <= body["page"] <= 10_000 and 1 <= body["per_page"] <= 100
    assert math.isfinite(body["origin"]["lat"]) and -90 <= body["origin"]["lat"] <= 90
    assert math.isfinite(body["origin"]["lon"]) and -180 <= body["origin"]["lon"] <= 180
    assert isinstance(body["origin"]["label"], str)
    assert len(body["results"]) <= body["per_page"]
    radius = float(params.get("radius", "").strip() or 10)
    event(f"API 200 with {'some' if body['results'] else 'no'} results")
    for hit in body["results"]:
        assert 0 <= hit["distance"] <= radius + 0.005  # rounded to two decimals
        assert hit["profession"] == params.get("profession", "").strip() or not params.get("profession", "").strip()
        assert isinstance(hit["treatments"], list) and hit["url"].startswith("http")
    return None


@fuzz(100)
@given(params=params)
@example(params={"near": "Manchester", "radius": "25"})  # finds the seeded practitioners
@example(params={"lat": "40.76", "lon": "-73.97", "per_page": "1", "page": "2", "sort": "years"})
@example(params={"near": "\x00"})
@example(params={"near": "M1 1AE", "radius": "1e309"})
@example(params={"near": "M1 1AE", "page": "9" * 5000})
@example(params={"near": "x" * 5000})
@example(params={"lat": "nan", "lon": "0"})
@example(params={"near": "Leeds", "badge": ["no_exosomes", "nope"]})
def test_search_api_answers_200_or_a_json_400(client, seeded, params):
    """GET /api/v1/practitioners with arbitrary parameters."""
    check_search_answer(client.get("/api/v1/practitioners", query_string=params), params)


@fuzz(60)
@given(params=params, view=st.sampled_from([None, "list", "map", "\x00"]))
@example(params={"near": "Manchester", "min_years": "81"}, view=None)
@example(params={"near": "<script>alert(1)</script>"}, view="map")
@example(params={"lat": "91", "lon": "0"}, view=None)
def test_search_page_answers_200_and_shows_the_apis_message(client, seeded, params, view):
    """GET /search shows the form again, with the reason when the API would refuse the same input."""
    api = client.get("/api/v1/practitioners", query_string=params)
    error = check_search_answer(api, params)
    page = client.get("/search", query_string={**params, **({"view": view} if view else {})})
    html = text_of(page)
    if holds_nul({**params, "view": view}):  # refused outright, with the friendly error page
        assert page.status_code == 400 and "We could not understand that request" in html
        return
    assert page.status_code == 200 and page.mimetype == "text/html"
    searched = bool(params.get("near") or params.get("lat"))
    if error and searched:
        assert 'class="error-summary" role="alert"' in html
        assert str(escape(error["detail"])) in html
    else:
        assert 'class="error-summary"' not in html


@fuzz(100)
@given(q=st.one_of(junk, st.sampled_from(["manch", "M1", "m1 1", "100", "10022", "sw1a 1", "Ne", "ZZ"])))
@example(q="\x00")
@example(q="%")
@example(q="_")
@example(q="x" * 101)
def test_place_autocomplete_answers_200_or_a_json_400(client, q):
    """GET /api/v1/places?q=... with arbitrary text."""
    response = client.get("/api/v1/places", query_string={"q": q})
    assert response.status_code in (200, 400), (response.status_code, text_of(response)[:500])
    body = response.get_json()
    if "\x00" in q:
        assert response.status_code == 400 and body["code"] == "bad_request"
        return
    if response.status_code == 400:
        assert body["code"] in ("missing_parameter", "out_of_range") and body["field"] == "q" and body["detail"]
        assert not q.strip() or len(q.strip()) > 100
        return
    assert body["query"] == q.strip() and len(body["places"]) <= 8
    for place in body["places"]:
        assert set(place) == {"label", "lat", "lon", "country", "kind"}
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
