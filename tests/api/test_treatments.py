"""GET /api/v1/treatments and the tiers in search results (ENG-LICENCE)."""
from tests.directory.test_search import clinic_at, north_of


def test_the_catalogue_lists_tiers_by_jurisdiction_and_prescription_only(client, catalogue):
    response = client.get("/api/v1/treatments")
    assert response.status_code == 200
    by_slug = {t["slug"]: t for t in response.json["treatments"]}
    assert by_slug["botulinum-toxin"]["tiers"] == {"GB-ENG": "amber"}
    assert by_slug["botulinum-toxin"]["prescription_only"] is True
    assert by_slug["chemical-peel"] == {**by_slug["chemical-peel"], "tiers": {"GB-ENG": "green"},
                                        "prescription_only": False}
    assert by_slug["facelift"]["tiers"] == {}
    names = [t["name"] for t in response.json["treatments"]]
    assert names == sorted(names)


def test_a_search_result_gives_each_offered_treatments_tier_where_the_clinic_is(client, make_practitioner):
    make_practitioner(name="Dr Leeds", treatments=("dermal-filler", "chemical-peel", "facelift"),
                      clinics=[clinic_at("Leeds", **north_of(53.8, -1.55, 1), postcode="LS1 4AP")])
    make_practitioner(name="Dr Glasgow", treatments=("dermal-filler",),
                      clinics=[clinic_at("Glasgow", **north_of(55.86, -4.25, 1), postcode="G2 1DY")])
    leeds = client.get("/api/v1/practitioners", query_string={"lat": 53.8, "lon": -1.55}).json["results"]
    assert leeds[0]["treatment_tiers"] == {"chemical-peel": "green", "dermal-filler": "amber", "facelift": None}
    glasgow = client.get("/api/v1/practitioners", query_string={"lat": 55.86, "lon": -4.25}).json["results"]
    assert glasgow[0]["treatment_tiers"] == {"dermal-filler": None}


def test_the_openapi_document_lists_the_tiers_from_the_code(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert schemas["Treatment"]["properties"]["tiers"]["additionalProperties"]["enum"] == ["green", "amber", "red"]
    assert "treatment_tiers" in schemas["Practitioner"]["required"]


def test_tiers_on_another_date_and_a_date_that_cannot_be_read(client, catalogue):
    before = client.get("/api/v1/treatments", query_string={"on": "2025-07-31"}).json
    assert before["on"] == "2025-07-31" and all(t["tiers"] == {} for t in before["treatments"])
    refused = client.get("/api/v1/treatments", query_string={"on": "2025-02-30"})
    assert refused.status_code == 400 and refused.mimetype == "application/problem+json"
    assert (refused.json["code"], refused.json["field"]) == ("invalid_date", "on")
