"""GET /api/v1/practitioners: the search the search page runs, as JSON."""
from datetime import date
from zoneinfo import ZoneInfo

from flask import jsonify, request, url_for

from core import clock
from credentials.services import credentials_json
from directory.query import parse_search
from booking.schedule import with_next_available
from compliance.badge import with_badges
from directory.search import Hit, search


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


def practitioners():
    """Search listed practitioners near a place or a point; a parameter that cannot be used is a 400."""
    query = parse_search(request.args)
    today = clock.today()
    result = with_badges(with_next_available(search(query, today), clock.now()))
    return jsonify({
        "origin": {"lat": query.lat, "lon": query.lon, "label": query.label,
                   "alternatives": list(query.alternatives)},
        "unit": query.unit, "total": result.total, "page": query.page, "per_page": query.per_page,
        "results": [hit_json(hit, today) for hit in result.hits],
    })
