"""The JSON API: search results, errors with reasons, autocomplete and the OpenAPI document."""
import json
import re

import pytest

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


@pytest.mark.parametrize("params, code, field", [
    ({}, "missing_location", "near"),
    ({"near": "Leeds", "radius": "wide"}, "invalid_parameter", "radius"),
    ({"near": "Leeds", "radius": "0"}, "out_of_range", "radius"),
    ({"near": "Leeds", "radius": "nan"}, "invalid_parameter", "radius"),
    ({"near": "Leeds", "unit": "parsec"}, "invalid_parameter", "unit"),
    ({"near": "Leeds", "per_page": "101"}, "out_of_range", "per_page"),
    ({"near": "Leeds", "page": "0"}, "out_of_range", "page"),
    ({"near": "Leeds", "min_years": "-1"}, "out_of_range", "min_years"),
    ({"near": "Leeds", "sort": "price"}, "invalid_parameter", "sort"),
    ({"near": "Leeds", "treatment": "snake-oil"}, "invalid_parameter", "treatment"),
    ({"near": "Leeds", "profession": "wizard"}, "invalid_parameter", "profession"),
    ({"lat": "91", "lon": "0"}, "out_of_range", "lat"),
    ({"lat": "51.5"}, "missing_parameter", "lon"),
])
def test_bad_parameters_get_400_with_a_reason(client, catalogue, params, code, field):
    response = client.get("/api/v1/practitioners", query_string=params)
    assert response.status_code == 400
    assert response.json["error"]["code"] == code
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"]


def test_unknown_place_gets_400_with_suggestions(client, catalogue):
    response = client.get("/api/v1/practitioners", query_string={"near": "Lundon"})
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "unknown_place"
    assert any(s.startswith("London") for s in error["suggestions"])


def test_places_autocomplete(client):
    body = client.get("/api/v1/places", query_string={"q": "manch"}).json
    assert body["places"][0]["label"] == "Manchester, England"
    assert client.get("/api/v1/places").status_code == 400


def test_openapi_document_describes_the_routes(client, app):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    documented = set(doc["paths"])
    routed = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json")}
    assert documented == routed
    params = {p["name"] for p in doc["paths"]["/api/v1/practitioners"]["get"]["parameters"]}
    assert params == {"near", "lat", "lon", "radius", "unit", "min_years", "treatment", "profession", "sort",
                      "page", "per_page", "badge", "no_human_exosomes"}
    json.dumps(doc)
