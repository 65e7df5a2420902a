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
                                               "clinic", "treatments", "url", "credentials", "badge",
                                               "next_available"],
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
    "badge": BADGE_SCHEMA,
    "next_available": {"type": ["string", "null"], "format": "date-time",
                       "description": "Start of the next bookable slot, with the clinic's offset."}}}

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


SLOT = {"type": "object", "required": ["starts_at", "ends_at"], "properties": {
    "starts_at": {"type": "string", "format": "date-time"}, "ends_at": {"type": "string", "format": "date-time"}}}

SLOTS = {"type": "object", "required": ["time_zone", "slots"], "properties": {
    "practitioner_id": {"type": "integer"}, "treatment": {"type": "string"}, "clinic": {"type": "integer"},
    "kind": {"type": "string", "enum": ["treatment", "consultation"]},
    "time_zone": {"type": "string", "description": "The clinic's IANA time zone."},
    "from": {"type": "string", "format": "date"}, "days": {"type": "integer"},
    "slots": {"type": "array", "items": SLOT}}}

BOOKING = {"type": "object", "required": ["booking"], "properties": {"booking": {
    "type": "object", "required": ["id", "status", "starts_at", "ends_at", "time_zone"], "properties": {
        "id": {"type": "integer"}, "status": {"type": "string"}, "kind": {"type": "string"},
        "treatment": {"type": "string"}, "practitioner_id": {"type": "integer"}, "clinic": {"type": ["integer", "null"]},
        "time_zone": {"type": "string"}, "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
        "consent_version": {"type": ["string", "null"]}}}}}

BOOKING_REQUEST = {"type": "object", "required": ["practitioner_id", "treatment", "clinic", "starts_at"],
                   "properties": {
                       "practitioner_id": {"type": "integer"}, "treatment": {"type": "string"},
                       "clinic": {"type": "integer"}, "starts_at": {"type": "string", "format": "date-time"},
                       "adult_confirmed": {"type": "boolean"}, "consent_version": {"type": "string"},
                       "patient_name": {"type": "string"}, "patient_phone": {"type": "string"},
                       "notes": {"type": "string"}}}


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
    _param("radius", {"type": "number", "minimum": 0.1, "maximum": 500, "default": 10}, "Search radius."),
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
            "/api/v1/practitioners/{practitioner_id}/slots": {"get": {
                "operationId": "listSlots", "summary": "Bookable slots in the clinic's time zone",
                "parameters": [
                    {"name": "practitioner_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    _param("treatment", {"type": "string"}, "Treatment slug the practitioner offers.", required=True),
                    _param("clinic", {"type": "integer"}, "The practitioner's clinic id (default: their first)."),
                    _param("from", {"type": "string", "format": "date"},
                           "First day, in the clinic's zone (default today), within ten years of today."),
                    _param("days", {"type": "integer", "minimum": 1, "maximum": 100, "default": 7},
                           "How many days.")],
                "responses": {**_responses(SLOTS, "Slots that can really be booked, with offsets."),
                              "404": {"description": "No such listed practitioner, treatment or clinic.",
                                      "content": {"application/json": {"schema": ERROR}}}}}},
            "/api/v1/bookings": {"post": {
                "operationId": "createBooking", "summary": "Book a slot as the logged-in patient",
                "requestBody": {"required": True, "content": {"application/json": {"schema": BOOKING_REQUEST}}},
                "responses": {
                    "201": {"description": "Booked.", "content": {"application/json": {"schema": BOOKING}}},
                    **{str(code): {"description": text, "content": {"application/json": {"schema": ERROR}}}
                       for code, text in ((400, "A field is missing or wrong."), (401, "Not logged in."),
                                          (403, "This booking is not allowed."), (404, "Not found."),
                                          (409, "The time was just taken; alternatives are given."),
                                          (429, "Too many requests."))}}}},
            **COMPLIANCE_PATHS,
        },
    }
