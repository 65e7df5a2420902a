"""Every error under /api/ is an RFC 9457 problem document: HTTP errors, CSRF failures and refusals alike.

A 500 is tested with the error pages, in tests/test_security.py.
"""
from tests.api.problems import problem_of
from tests.helpers import csrf_token, text_of


def test_an_unknown_api_path_is_a_problem_and_a_page_path_a_page(client):
    assert problem_of(client.get("/api/v1/nope"), 404, "not_found")
    page = client.get("/nope")
    assert page.status_code == 404 and page.mimetype == "text/html" and "Page not found" in text_of(page)


def test_a_wrong_method_is_a_problem(client):
    problem = problem_of(client.post("/api/v1/places?q=manch"), 405, "method_not_allowed")
    assert problem["detail"] == "The method is not allowed for the requested URL."


def test_an_oversized_body_is_a_problem(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/api/v1/claims/check", json={"text": "x" * 5000})
    assert "exceeds the capacity limit" in problem_of(response, 413, "request_entity_too_large")["detail"]


def test_a_missing_or_wrong_csrf_token_is_a_problem(client):
    body = {"practitioner_id": 1, "treatment": "microneedling", "clinic": 1, "starts_at": "2026-03-03T09:00Z"}
    missing = problem_of(client.post("/api/v1/bookings", json=body), 400, "csrf_failed")
    assert missing["detail"] == "The CSRF token is missing."
    csrf_token(text_of(client.get("/login")))  # the session now holds a token, which "forged" is not
    wrong = client.post("/api/v1/bookings", json=body, headers={"X-CSRFToken": "forged"})
    assert problem_of(wrong, 400, "csrf_failed")["detail"] == "The CSRF token is invalid."


def test_nul_characters_are_a_problem(client):
    problem = problem_of(client.get("/api/v1/places", query_string={"q": "a\x00b"}), 400, "bad_request")
    assert problem["detail"] == "Text must not contain the NUL character (U+0000)."

