"""GET /api/v1/places: the place autocomplete of the search box."""
from flask import jsonify, request

from api.problems import MISSING_PARAMETER, OUT_OF_RANGE, bad_request
from directory.places import gazetteer
from geo.places import MAX_QUERY_LENGTH

MAX_SUGGESTIONS = 8


def places():
    """Autocomplete: places whose name or code starts with `q`."""
    q = (request.args.get("q") or "").strip()
    if not q:
        raise bad_request(MISSING_PARAMETER, "Give the start of a place name or code as q.", "q")
    if len(q) > MAX_QUERY_LENGTH:
        raise bad_request(OUT_OF_RANGE, f"q must be at most {MAX_QUERY_LENGTH} characters.", "q")
    suggestions = gazetteer().suggest(q, limit=MAX_SUGGESTIONS)
    return jsonify({"query": q, "places": [place_json(p) for p in suggestions]})


def place_json(place) -> dict:
    """A place as the autocomplete shows it."""
    data = place if isinstance(place, dict) else place.as_dict()
    return {key: data[key] for key in ("label", "lat", "lon", "country", "kind")}
