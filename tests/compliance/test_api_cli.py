"""The claims checker as `flask check-claims` and as `POST /api/v1/claims/check`."""
import json

import pytest


def test_the_command_prints_one_json_object_a_line(runner):
    result = runner.invoke(args=["check-claims"], input="Our serum heals acne.\n\nSoothes post-procedure skin.\n")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["verdict"] for line in lines] == ["drug-like", "cosmetic"]
    assert lines[0]["text"] == "Our serum heals acne."
    assert lines[0]["findings"] == [{"match": "heals acne", "rule": "US-FDA-CLAIMS",
                                     "suggestion": lines[0]["findings"][0]["suggestion"]}]
    assert lines[1]["findings"] == []


def test_the_endpoint_checks_text_without_a_csrf_token(client):
    response = client.post("/api/v1/claims/check", json={"text": "We inject exosomes. We do not treat acne."})
    assert response.status_code == 200
    body = response.get_json()
    assert body["verdict"] == "drug-like"
    assert [f["match"] for f in body["findings"]] == ["inject exosomes"]
    assert set(body["findings"][0]) == {"match", "rule", "suggestion"}


@pytest.mark.parametrize("kwargs, code", [
    ({"data": "not json", "content_type": "text/plain"}, "invalid_body"),
    ({"data": "{broken", "content_type": "application/json"}, "invalid_body"),
    ({"json": ["a list"]}, "invalid_body"),
    ({"json": {"words": "x"}}, "invalid_parameter"),
    ({"json": {"text": 42}}, "invalid_parameter"),
    ({"json": {"text": "x" * 20_001}}, "out_of_range"),
])
def test_bad_bodies_get_a_json_error(client, kwargs, code):
    response = client.post("/api/v1/claims/check", **kwargs)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code


def test_get_is_not_allowed(client):
    response = client.get("/api/v1/claims/check")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"]


def test_the_endpoint_is_rate_limited(client):
    statuses = [client.post("/api/v1/claims/check", json={"text": "Soothes skin."}).status_code
                for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429
