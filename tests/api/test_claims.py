"""POST /api/v1/claims/check: the claims checker as JSON, without a CSRF token, rate limited."""
import pytest

from tests.api.problems import problem_of


def test_the_endpoint_checks_text_without_a_csrf_token(client):
    response = client.post("/api/v1/claims/check", json={"text": "We inject exosomes. We do not treat acne."})
    assert response.status_code == 200
    body = response.get_json()
    assert body["verdict"] == "drug-like"
    assert [f["match"] for f in body["findings"]] == ["inject exosomes"]
    assert set(body["findings"][0]) == {"match", "rule", "suggestion"}


BODY = 'Send a JSON object such as {"text": "Soothes skin."} with Content-Type: application/json.'


@pytest.mark.parametrize("kwargs, code, field, detail", [
    ({"data": "not json", "content_type": "text/plain"}, "invalid_body", None, BODY),
    ({"data": "{broken", "content_type": "application/json"}, "invalid_body", None, BODY),
    ({"json": ["a list"]}, "invalid_body", None, BODY),
    ({"json": {"words": "x"}}, "invalid_parameter", "text", "text must be a string."),
    ({"json": {"text": 42}}, "invalid_parameter", "text", "text must be a string."),
    ({"json": {"text": "x" * 20_001}}, "out_of_range", "text", "text must be at most 20,000 characters."),
])
def test_bad_bodies_get_a_problem_document(client, kwargs, code, field, detail):
    response = client.post("/api/v1/claims/check", **kwargs)
    assert problem_of(response, 400, code, field)["detail"] == detail


def test_get_is_not_allowed(client):
    problem_of(client.get("/api/v1/claims/check"), 405, "method_not_allowed")


def test_the_endpoint_is_rate_limited(client):
    answers = [client.post("/api/v1/claims/check", json={"text": "Soothes skin."}) for _ in range(61)]
    assert [answer.status_code for answer in answers[:60]] == [200] * 60
    assert problem_of(answers[60], 429, "too_many_requests")["detail"] == "60 per 1 minute"


def test_countries_pick_the_advertising_rules(client):
    text = {"text": "Botox and clinically proven results."}
    uk = client.post("/api/v1/claims/check", json={**text, "countries": ["GB"]}).get_json()
    us = client.post("/api/v1/claims/check", json={**text, "countries": ["US"]}).get_json()
    assert (uk["verdict"], [f["rule"] for f in uk["findings"]]) == ("drug-like", ["UK-POM-ADVERT"])
    assert (us["verdict"], [f["rule"] for f in us["findings"]]) == ("needs-review", ["US-FTC-SUBSTANTIATION"])
    assert 0 <= us["score"] <= 1


def test_unknown_countries_get_a_problem_document(client):
    response = client.post("/api/v1/claims/check", json={"text": "Soothes skin.", "countries": ["FR"]})
    assert problem_of(response, 400, "invalid_parameter", "countries")["detail"] == \
        "countries must be a list of GB and US."
