"""The OpenAPI 3.1 description of the public JSON API."""
from compliance.api import BADGE_SCHEMA
from compliance.api import OPENAPI_PATHS as COMPLIANCE_PATHS

ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"},
                   "suggestions": {"type": "array", "items": {"type": "string"}}}}}}

CLINIC = {"type": "object", "required": ["name", "city", "postcode", "country", "lat", "lon"], "properties": {
    "name": {"type": "string"}, "city": {"type": "string"}, "postcode": {"type": "string"},
    "country": {"type": "string", "enum": ["GB", "US"]}, "lat": {"type": "number"}, "lon": {"type": "number"}}}

PRACTITIONER = {"type": "object", "required": ["id", "slug", "name", "profession", "years_practising", "distance",
                                               "clinic", "treatments", "url", "credentials", "badge"],
                "properties": {
    "id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"},
    "profession": {"type": "string"}, "years_practising": {"type": "integer", "minimum": 0},
    "distance": {"type": "number", "minimum": 0, "description": "To the nearest matching clinic, in `unit`."},
    "clinic": CLINIC, "treatments": {"type": "array", "items": {"type": "string"}},
    "url": {"type": "string", "format": "uri"},
    "credentials": {"type": "array", "description": "Current credentials an admin verified.", "items": {
        "type": "object", "required": ["kind", "issuer", "verified_on", "expires_on"], "properties": {
            "kind": {"type": "string", "enum": ["registration", "training", "insurance"]},
            "issuer": {"type": "string"}, "verified_on": {"type": ["string", "null"], "format": "date"},
            "expires_on": {"type": ["string", "null"], "format": "date"}}}},
    "badge": BADGE_SCHEMA}}

SEARCH = {"type": "object", "required": ["origin", "unit", "total", "page", "per_page", "results"], "properties": {
    "origin": {"type": "object", "required": ["lat", "lon", "label"], "properties": {
        "lat": {"type": "number"}, "lon": {"type": "number"}, "label": {"type": "string"},
        "alternatives": {"type": "array", "items": {"type": "string"},
                         "description": "Other places the typed name could mean."}}},
    "unit": {"type": "string", "enum": ["mi", "km"]}, "total": {"type": "integer", "minimum": 0},
    "page": {"type": "integer", "minimum": 1}, "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
    "results": {"type": "array", "items": PRACTITIONER}}}

PLACES = {"type": "object", "required": ["query", "places"], "properties": {
    "query": {"type": "string"}, "places": {"type": "array", "items": {"type": "object", "properties": {
        "label": {"type": "string"}, "lat": {"type": "number"}, "lon": {"type": "number"},
        "country": {"type": "string"}, "kind": {"type": "string"}}}}}}


def _param(name, schema, description, required=False):
    """A query parameter."""
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def _responses(ok_schema, description):
    """A 200 with a schema and the JSON error answers."""
    error = {"content": {"application/json": {"schema": ERROR}}}
    return {"200": {"description": description, "content": {"application/json": {"schema": ok_schema}}},
            "400": {"description": "A parameter is missing or wrong.", **error},
            "429": {"description": "Too many requests.", **error}}


SEARCH_PARAMS = [
    _param("near", {"type": "string", "maxLength": 100}, "A town, city, UK postcode or outward code, or US ZIP."),
    _param("lat", {"type": "number", "minimum": -90, "maximum": 90}, "Latitude of the centre (with lon)."),
    _param("lon", {"type": "number", "minimum": -180, "maximum": 180}, "Longitude of the centre (with lat)."),
    _param("radius", {"type": "number", "exclusiveMinimum": 0, "maximum": 500, "default": 10}, "Search radius."),
    _param("unit", {"type": "string", "enum": ["mi", "km"], "default": "mi"}, "Unit of radius and distance."),
    _param("min_years", {"type": "integer", "minimum": 0, "maximum": 80, "default": 0}, "Minimum whole years practising."),
    _param("treatment", {"type": "string"}, "A treatment slug from the catalogue."),
    _param("profession", {"type": "string", "enum": ["doctor", "dentist", "nurse_prescriber", "nurse",
                                                     "pharmacist_prescriber", "aesthetic_therapist", "surgeon"]},
           "Only this profession."),
    _param("badge", {"type": "string"}, "Compliance badge statuses to keep, comma-separated: undeclared, "
           "no_exosomes, declared_compliant, verified_compliant, not_compliant."),
    _param("no_human_exosomes", {"type": "string", "enum": ["yes", "no", "true", "false", "1", "0"]},
           "Only practitioners who declared no human-derived exosomes."),
    _param("sort", {"type": "string", "enum": ["distance", "years"], "default": "distance"}, "Order of results."),
    _param("page", {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}, "Page number."),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, "Results per page."),
]


def openapi_document(server_url: str) -> dict:
    """Build the document for the server it is served from."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Verity directory API", "version": "1.0.0",
                 "description": "Find practitioners whose registration an admin has verified and that has not expired."},
        "servers": [{"url": server_url}],
        "paths": {
            "/api/v1/practitioners": {"get": {
                "operationId": "searchPractitioners", "summary": "Search practitioners near a place or point",
                "parameters": SEARCH_PARAMS, "responses": _responses(SEARCH, "A page of practitioners.")}},
            "/api/v1/places": {"get": {
                "operationId": "suggestPlaces", "summary": "Autocomplete place names and codes",
                "parameters": [_param("q", {"type": "string", "minLength": 1, "maxLength": 100},
                                      "Start of a place name, postcode or ZIP.", required=True)],
                "responses": _responses(PLACES, "Matching places, most likely first.")}},
            **COMPLIANCE_PATHS,
        },
    }
