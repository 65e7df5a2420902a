"""Checking an API answer is the problem document it should be."""
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_JSON = "application/problem+json"


def problem_of(response, status: int, code: str, field: str | None = None) -> dict:
    """The answer's RFC 9457 problem document, once it is checked to carry this status, code and field."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == PROBLEM_JSON
    body = response.get_json()
    assert (body["status"], body["code"], body["field"]) == (status, code, field), body
    assert body["type"] == "about:blank" and body["title"] == HTTP_STATUS_CODES[status]
    assert isinstance(body["detail"], str) and body["detail"]
    return body
