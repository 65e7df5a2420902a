"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Enums, limits and defaults are read from the constants the code checks requests against
(api/schemas.py for the bodies), so the document cannot drift from what the server does.
"""
from flask import jsonify, request

from api.bookings import DEFAULT_DAYS
from api.places import MAX_SUGGESTIONS
from api.schemas import COMPONENTS, PROFESSIONS, ref, text
from booking.schedule import MAX_DAYS
from directory.catalogue import TREATMENTS
from directory.models import BADGE_STATUSES
from directory import query
from directory.search import SORTS
from geo.places import MAX_QUERY_LENGTH

PROBLEM_JSON = "application/problem+json"
ERRORS = {400: "A parameter or the body is missing or wrong.", 401: "Not logged in.",
          403: "The rules do not allow this booking.",
          404: "No such listed practitioner, treatment or clinic, or no such booking of yours.",
          409: "The time was just taken (slot_taken, with the nearest free slots as alternatives); the "
               "practitioner takes no new bookings (not_bookable); or, moving a booking, it is cancelled "
               "(booking_inactive) or its practitioner is not listed (not_listed).",
          429: "Too many requests."}


def param(name, schema, description, required=False, **style) -> dict:
    """A query parameter."""
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description, **style}


def responses(status: int, schema: str, description: str, *errors: int) -> dict:
    """The success answer and the listed error answers, each error a problem document."""
    answers = {str(status): {"description": description, "content": {"application/json": {"schema": ref(schema)}}}}
    for error in errors:
        answers[str(error)] = {"description": ERRORS[error], "content": {PROBLEM_JSON: {"schema": ref("Problem")}}}
    return answers


def json_body(schema: str) -> dict:
    """A required JSON request body."""
    return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}


def choice(values, default=None) -> dict:
    """A string that must be one of `values`, or empty: a search form sends a blank field, meaning the default."""
    values = list(dict.fromkeys([*values, ""]))
    return {"type": "string", "enum": values, **({"default": default} if default is not None else {})}


SEARCH_PARAMS = [
    param("near", text(max_length=MAX_QUERY_LENGTH),
          "A town, city, UK postcode or outward code, or US ZIP."),
    param("lat", {"type": "number", "minimum": -90, "maximum": 90}, "Latitude of the centre (with lon)."),
    param("lon", {"type": "number", "minimum": -180, "maximum": 180}, "Longitude of the centre (with lat)."),
    param("radius", {"type": "number", "minimum": query.MIN_RADIUS, "maximum": query.MAX_RADIUS,
                     "default": query.DEFAULT_RADIUS}, "Search radius."),
    param("unit", choice(query.UNITS, query.UNITS[0]), "Unit of radius and distance."),
    param("min_years", {"type": "integer", "minimum": 0, "maximum": query.MAX_YEARS, "default": 0},
          "Minimum whole years practising."),
    param("treatment", choice(slug for slug, *_ in TREATMENTS), "A treatment slug from the catalogue."),
    param("profession", choice(PROFESSIONS), "Only this profession."),
    param("badge", {"type": "array", "items": choice(BADGE_STATUSES)},
          "Compliance badge statuses to keep, comma-separated.", style="form", explode=False),
    param("no_human_exosomes", choice(v for v in (*query.YES, *query.NO) if v),
          "Only practitioners who declared no human-derived exosomes."),
    param("sort", choice(SORTS, SORTS[0]), "Order of results."),
    param("page", {"type": "integer", "minimum": 1, "maximum": query.MAX_PAGE, "default": 1}, "Page number."),
    param("per_page", {"type": "integer", "minimum": 1, "maximum": query.MAX_PER_PAGE,
                       "default": query.DEFAULT_PER_PAGE}, "Results per page."),
]

SLOTS_PARAMS = [
    {"name": "practitioner_id", "in": "path", "required": True, "schema": {"type": "integer"}},
    param("treatment", text(1), "Treatment slug the practitioner offers.", required=True),
    param("clinic", {"type": "integer"}, "The practitioner's clinic id (needed when they have several)."),
    param("from", text(format="date"),
          "First day, in the clinic's zone (default today), within ten years of today."),
    param("days", {"type": "integer", "minimum": 1, "maximum": MAX_DAYS, "default": DEFAULT_DAYS}, "How many days."),
]

BOOKING_ID = {"name": "booking_id", "in": "path", "required": True, "schema": {"type": "integer"}}

PATHS = {
    "/api/v1/practitioners": {"get": {
        "operationId": "searchPractitioners", "summary": "Search practitioners near a place or point",
        "parameters": SEARCH_PARAMS, "responses": responses(200, "Search", "A page of practitioners.", 400, 429)}},
    "/api/v1/places": {"get": {
        "operationId": "suggestPlaces", "summary": "Autocomplete place names and codes",
        "parameters": [param("q", text(1, MAX_QUERY_LENGTH),
                             "Start of a place name, postcode or ZIP.", required=True)],
        "responses": responses(200, "Places", f"At most {MAX_SUGGESTIONS} matching places, most likely first.",
                               400, 429)}},
    "/api/v1/treatments": {"get": {
        "operationId": "listTreatments", "summary": "The treatment catalogue with each treatment's licensing tiers",
        "parameters": [param("on", text(format="date"), "The date whose tiers to give (default today).")],
        "responses": responses(200, "Treatments", "Every catalogue treatment, by name.", 400, 429)}},
    "/api/v1/practitioners/{practitioner_id}/slots": {"get": {
        "operationId": "listSlots", "summary": "Bookable slots in the clinic's time zone", "parameters": SLOTS_PARAMS,
        "responses": responses(200, "Slots", "Slots that can really be booked, with offsets.", 400, 404, 409,
                               429)}},
    "/api/v1/bookings": {"post": {
        "operationId": "createBooking", "summary": "Book a slot as the logged-in patient",
        "requestBody": json_body("BookingRequest"),
        "responses": responses(201, "Booking", "Booked.", 400, 401, 403, 404, 409, 429)}},
    "/api/v1/bookings/{booking_id}": {"get": {
        "operationId": "getBooking", "summary": "One of the logged-in patient's bookings: its status, and why if "
                                                "cancelled",
        "parameters": [BOOKING_ID], "responses": responses(200, "Booking", "The booking.", 401, 404, 429)}},
    "/api/v1/bookings/{booking_id}/reschedule": {"post": {
        "operationId": "rescheduleBooking", "summary": "Move one of the logged-in patient's bookings",
        "parameters": [BOOKING_ID], "requestBody": json_body("RescheduleRequest"),
        "responses": responses(200, "Booking", "Moved.", 400, 401, 403, 404, 409, 429)}},
    "/api/v1/claims/check": {"post": {
        "operationId": "checkClaims", "summary": "Check wording for drug-like claims",
        "requestBody": json_body("ClaimsRequest"),
        "responses": responses(200, "Verdict", "The verdict and each drug-like wording found.", 400, 429)}},
}


def openapi_document(server_url: str) -> dict:
    """Build the document for the server it is served from."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Verity directory API", "version": "1.0.0",
                 "description": "Find practitioners whose registration an admin has verified and that has not "
                                "expired. Every error is an RFC 9457 problem document (application/problem+json)."},
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": COMPONENTS},
    }


def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(request.host_url.rstrip("/")))
