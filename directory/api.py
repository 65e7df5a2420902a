"""The JSON API: /api/v1/practitioners, /api/v1/places and the OpenAPI document."""
from datetime import date
from zoneinfo import ZoneInfo

from flask import Blueprint, jsonify, request, url_for

from core import clock
from credentials.services import credentials_json
from directory.openapi import openapi_document
from directory.places import gazetteer
from directory.query import SearchError, parse_search
from directory.search import Hit, search, with_next_available
from core.errors import json_error

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def hit_json(hit: Hit, today: date) -> dict:
    """One search result as the API describes it."""
    practitioner, clinic = hit.practitioner, hit.clinic
    return {
        "id": practitioner.id,
        "slug": practitioner.slug,
        "name": practitioner.name,
        "profession": practitioner.profession,
        "years_practising": hit.years,
        "distance": round(hit.distance, 2),
        "clinic": {"name": clinic.name, "city": clinic.city, "postcode": clinic.postcode,
                   "country": clinic.country, "lat": clinic.lat, "lon": clinic.lon},
        "treatments": sorted(t.slug for t in hit.treatments),
        "url": url_for("directory.profile", slug=practitioner.slug, _external=True),
        "credentials": credentials_json(practitioner, today),
        "badge": hit.badge.as_json(),
        "next_available": hit.next_available.astimezone(ZoneInfo(clinic.time_zone)).isoformat()
        if hit.next_available else None,
    }


@bp.get("/practitioners")
def practitioners():
    """Search listed practitioners near a place or a point."""
    try:
        query = parse_search(request.args)
    except SearchError as error:
        extra = {"field": error.field}
        if error.suggestions:
            extra["suggestions"] = error.suggestions
        return json_error(400, error.code, error.message, **extra)
    today = clock.today()
    result = with_next_available(search(query, today), clock.now())
    return jsonify({
        "origin": {"lat": query.lat, "lon": query.lon, "label": query.label,
                   "alternatives": list(query.alternatives)},
        "unit": query.unit, "total": result.total, "page": query.page, "per_page": query.per_page,
        "results": [hit_json(hit, today) for hit in result.hits],
    })


@bp.get("/places")
def places():
    """Autocomplete: places whose name or code starts with `q`."""
    q = (request.args.get("q") or "").strip()
    if not q:
        return json_error(400, "missing_parameter", "Give the start of a place name or code as q.", field="q")
    if len(q) > 100:
        return json_error(400, "out_of_range", "q must be at most 100 characters.", field="q")
    suggestions = gazetteer().suggest(q, limit=8)
    return jsonify({"query": q, "places": [_place_json(p) for p in suggestions]})


def _place_json(place) -> dict:
    """A place as the autocomplete shows it."""
    data = place if isinstance(place, dict) else place.as_dict()
    return {key: data[key] for key in ("label", "lat", "lon", "country", "kind")}


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document(request.host_url.rstrip("/")))
