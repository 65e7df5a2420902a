"""`POST /api/v1/claims/check`: the claims checker for other tools, as JSON."""
from flask import Blueprint, jsonify, request

from compliance.claims import MAX_TEXT_LENGTH, check_text
from core.errors import json_error
from core.extensions import csrf, limiter

bp = Blueprint("compliance_api", __name__, url_prefix="/api/v1/claims")
RATE_LIMIT = "60 per minute"


@bp.post("/check")
@csrf.exempt
@limiter.limit(RATE_LIMIT)
def check():
    """Check {"text": ...}: answer {"text", "verdict", "findings": [{"match", "rule", "suggestion"}]}."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error(400, "invalid_body", 'Send a JSON object such as {"text": "Soothes skin."} '
                                               "with Content-Type: application/json.")
    text = body.get("text")
    if not isinstance(text, str):
        return json_error(400, "invalid_parameter", "text must be a string.", field="text")
    if len(text) > MAX_TEXT_LENGTH:
        return json_error(400, "out_of_range", f"text must be at most {MAX_TEXT_LENGTH:,} characters.", field="text")
    return jsonify(check_text(text).as_json())


# OpenAPI fragments for directory/openapi.py: merge OPENAPI_PATHS into "paths", and add
# "badge": BADGE_SCHEMA to the practitioner result's properties.
BADGE_SCHEMA = {"type": "object", "required": ["status", "rules_broken", "exosome_sources", "routes", "declared_on",
                                               "reviewed_on"], "properties": {
    "status": {"type": "string", "enum": ["undeclared", "no_exosomes", "declared_compliant", "verified_compliant",
                                          "not_compliant"]},
    "rules_broken": {"type": "array", "items": {"type": "string"}, "description": "Rule ids, such as UK-COS-HUMAN."},
    "exosome_sources": {"type": "array", "items": {"type": "string", "enum": ["plant", "synthetic", "animal",
                                                                              "human"]}},
    "routes": {"type": "array", "items": {"type": "string", "enum": ["topical", "injectable", "iv"]}},
    "declared_on": {"type": ["string", "null"], "format": "date"},
    "reviewed_on": {"type": ["string", "null"], "format": "date"}}}
_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}}}}}
_VERDICT = {"type": "object", "required": ["text", "verdict", "findings"], "properties": {
    "text": {"type": "string"}, "verdict": {"type": "string", "enum": ["drug-like", "cosmetic"]},
    "findings": {"type": "array", "items": {"type": "object", "required": ["match", "rule", "suggestion"],
                                            "properties": {"match": {"type": "string"}, "rule": {"type": "string"},
                                                           "suggestion": {"type": "string"}}}}}}
OPENAPI_PATHS = {"/api/v1/claims/check": {"post": {
    "operationId": "checkClaims", "summary": "Check wording for drug-like claims",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["text"],
        "properties": {"text": {"type": "string", "maxLength": MAX_TEXT_LENGTH}}}}}},
    "responses": {
        "200": {"description": "The verdict and each drug-like wording found.",
                "content": {"application/json": {"schema": _VERDICT}}},
        "400": {"description": "The body is not a JSON object with a string text.",
                "content": {"application/json": {"schema": _ERROR}}},
        "429": {"description": "Too many requests.", "content": {"application/json": {"schema": _ERROR}}}}}}}
