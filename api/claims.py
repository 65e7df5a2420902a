"""POST /api/v1/claims/check: the claims checker for other tools, as JSON (no session, so no CSRF token)."""
from flask import jsonify, request

from api.problems import INVALID_BODY, INVALID_PARAMETER, OUT_OF_RANGE, bad_request, only_members
from api.schemas import CLAIMS_REQUEST
from compliance.claims import COUNTRIES, MAX_TEXT_LENGTH, check_text
from core.extensions import csrf, limiter

RATE_LIMIT = "60 per minute"


@csrf.exempt
@limiter.limit(RATE_LIMIT)
def check():
    """Check {"text": ..., "countries": [...]}: answer {"text", "verdict", "score", "findings": [...]}."""
    body = request.get_json(silent=True)
    return jsonify(check_text(text_of(body), countries_of(body)).as_json())


def countries_of(body: dict) -> list[str] | None:
    """The optional countries the advertising rules are judged for, or a 400 naming the allowed ones."""
    if "countries" not in body:  # absent: every country's rules; null is not a list (Schemathesis: was accepted)
        return None
    countries = body["countries"]
    if not isinstance(countries, list) or not all(c in COUNTRIES for c in countries):
        raise bad_request(INVALID_PARAMETER, f"countries must be a list of {' and '.join(COUNTRIES)}.", "countries")
    return countries


def text_of(body) -> str:
    """The text a request body asks to check, or a 400 saying what is wrong with the body."""
    if not isinstance(body, dict):
        raise bad_request(INVALID_BODY, 'Send a JSON object such as {"text": "Soothes skin."} '
                                        "with Content-Type: application/json.")
    text = body.get("text")
    if not isinstance(text, str):
        raise bad_request(INVALID_PARAMETER, "text must be a string.", "text")
    if len(text) > MAX_TEXT_LENGTH:
        raise bad_request(OUT_OF_RANGE, f"text must be at most {MAX_TEXT_LENGTH:,} characters.", "text")
    return only_members(body, CLAIMS_REQUEST)["text"]
