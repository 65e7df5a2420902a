"""GET /api/v1/practitioners and /api/v1/places: search results, refusals with reasons, autocomplete."""
import pytest

from tests.api.problems import problem_of
from tests.directory.test_search import clinic_at, north_of


def test_search_answers_the_documented_shape(client, make_practitioner):
    make_practitioner(name="Dr Near", treatments=("dermal-filler", "chemical-peel"),
                      clinics=[clinic_at("Piccadilly", **north_of(53.4835, -2.2312, 3), postcode="M1 1AE")])
    response = client.get("/api/v1/practitioners", query_string={"near": "M1 1AE", "radius": 5, "unit": "km"})
    assert response.status_code == 200
    body = response.json
    assert body["origin"]["label"] == "M1 1AE, Manchester"
    assert body["unit"] == "km" and body["total"] == 1 and body["page"] == 1 and body["per_page"] == 20
    [hit] = body["results"]
    assert hit["name"] == "Dr Near" and hit["profession"] == "doctor"
    assert hit["distance"] == pytest.approx(3.0, abs=0.05)
    assert hit["treatments"] == ["chemical-peel", "dermal-filler"]
    assert hit["clinic"]["name"] == "Piccadilly" and hit["clinic"]["country"] == "GB"
    assert hit["url"].endswith(f"/practitioners/{hit['slug']}")
    assert set(hit) >= {"id", "slug", "name", "profession", "years_practising", "distance", "clinic",
                        "treatments", "url", "credentials"}
    [credential] = hit["credentials"]
    assert credential["kind"] == "registration" and credential["issuer"] == "GMC"
    assert credential["verified_on"] and credential["expires_on"]


def test_search_by_coordinates_in_miles(client, make_practitioner):
    make_practitioner(name="Dr Coords", clinics=[clinic_at("X", **north_of(40.0, -75.0, 8.0))])
    body = client.get("/api/v1/practitioners", query_string={"lat": 40.0, "lon": -75.0}).json
    assert body["unit"] == "mi" and body["results"][0]["distance"] == pytest.approx(8.0 / 1.609344, abs=0.01)


@pytest.mark.parametrize("params, code, field, detail", [
    ({}, "missing_location", "near", "Enter a town, city, postcode or ZIP code."),
    ({"near": "Leeds", "radius": "wide"}, "invalid_parameter", "radius", "“wide” is not a valid radius."),
    ({"near": "Leeds", "radius": "0"}, "out_of_range", "radius", "Radius must be between 0.1 and 500."),
    ({"near": "Leeds", "radius": "nan"}, "invalid_parameter", "radius", "radius must be a finite number."),
    ({"near": "Leeds", "unit": "parsec"}, "invalid_parameter", "unit", "Unit must be one of: mi, km."),
    ({"near": "Leeds", "per_page": "101"}, "out_of_range", "per_page", "Per page must be between 1 and 100."),
    ({"near": "Leeds", "page": "0"}, "out_of_range", "page", "Page must be between 1 and 10000."),
    ({"near": "Leeds", "min_years": "-1"}, "out_of_range", "min_years", "Min years must be between 0 and 80."),
    ({"near": "Leeds", "sort": "price"}, "invalid_parameter", "sort", "Sort must be one of: distance, years."),
    ({"near": "Leeds", "treatment": "snake-oil"}, "invalid_parameter", "treatment", "Treatment must be one of:"),
    ({"near": "Leeds", "profession": "wizard"}, "invalid_parameter", "profession", "Profession must be one of:"),
    ({"near": "Leeds", "no_human_exosomes": "maybe"}, "invalid_parameter", "no_human_exosomes",
     "No human exosomes must be yes or no."),
    ({"lat": "91", "lon": "0"}, "out_of_range", "lat", "Lat must be between -90 and 90."),
    ({"lat": "51.5"}, "missing_parameter", "lon", "Give both lat and lon, or a place."),
])
def test_bad_parameters_get_400_with_a_reason(client, catalogue, params, code, field, detail):
    response = client.get("/api/v1/practitioners", query_string=params)
    assert problem_of(response, 400, code, field)["detail"].startswith(detail)


def test_unknown_place_gets_400_with_suggestions(client, catalogue):
    problem = problem_of(client.get("/api/v1/practitioners", query_string={"near": "Lundon"}), 400, "unknown_place",
                         "near")
    assert any(s.startswith("London") for s in problem["suggestions"])


def test_places_autocomplete(client):
    body = client.get("/api/v1/places", query_string={"q": "manch"}).json
    assert body["places"][0]["label"] == "Manchester, England"


@pytest.mark.parametrize("q, code, detail", [
    (None, "missing_parameter", "Give the start of a place name or code as q."),
    ("  ", "missing_parameter", "Give the start of a place name or code as q."),
    ("x" * 101, "out_of_range", "q must be at most 100 characters."),
])
def test_places_refuses_a_missing_or_long_query(client, q, code, detail):
    response = client.get("/api/v1/places", query_string={"q": q} if q is not None else {})
    assert problem_of(response, 400, code, "q")["detail"] == detail
