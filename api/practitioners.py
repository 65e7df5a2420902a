"""GET /api/v1/practitioners: the search the search page runs, as JSON."""
from datetime import date

from flask import jsonify, request, url_for

from core import clock, pagecache
from credentials.services import credentials_json
from directory.query import parse_search
from booking.bookable import offered_until, result_cards
from booking.schedule import zone_of
from directory.search import Hit, search
from licensing.standing import tiers_at
from reviews.queries import ratings_for


def hit_json(hit: Hit, today: date) -> dict:
    """One search result, a practitioner at one clinic for one treatment, as the API describes it."""
    practitioner, clinic, opening = hit.practitioner, hit.clinic, hit.opening
    zone = zone_of(clinic.time_zone)
    next_slots = [start.astimezone(zone).isoformat() for start in opening.next_slots]
    return {
        "id": practitioner.id,
        "slug": practitioner.slug,
        "name": practitioner.name,
        "profession": practitioner.profession,
        "years_practising": hit.years,
        "distance": round(hit.distance, 2),
        "clinic": {"id": clinic.id, "name": clinic.name, "city": clinic.city, "postcode": clinic.postcode,
                   "country": clinic.country, "lat": clinic.lat, "lon": clinic.lon, "time_zone": clinic.time_zone,
                   "online_booking": opening.online},
        "treatments": sorted(t.slug for t in hit.treatments),
        "treatment": hit.offering.treatment.slug if hit.offering else None,
        "treatment_tiers": tiers_at(clinic, sorted(t.slug for t in hit.treatments), today),
        "url": url_for("directory.profile", slug=practitioner.slug, _external=True),
        "credentials": credentials_json(practitioner, today),
        "badge": hit.badge.as_json(),
        "bookable": opening.verdict.bookable,
        "not_bookable_reason": opening.verdict.reason or None,
        "next_available": next_slots[0] if next_slots else None,
        "next_slots": next_slots,
        "photo_url": url_for("practice.photo", filename=practitioner.photo_filename, _external=True)
        if practitioner.photo_filename else None,
        "price_from": {"amount": hit.price.amount, "currency": hit.price.currency} if hit.price else None,
    }


def practitioners():
    """Search listed practitioners near a place or a point; a parameter that cannot be used is a 400."""
    query = parse_search(request.args)
    today = clock.today()
    result = result_cards(search(query, today), clock.now())
    pagecache.good_until(offered_until(result))  # a kept answer must not outlive its first free time
    ratings = ratings_for(hit.practitioner.id for hit in result.hits)  # one query for the page
    return jsonify({
        "origin": {"lat": query.lat, "lon": query.lon, "label": query.label,
                   "alternatives": list(query.alternatives)},
        "unit": query.unit, "total": result.total, "page": query.page, "per_page": query.per_page,
        "results": [{**hit_json(hit, today), "rating": ratings[hit.practitioner.id].as_json()}
                    for hit in result.hits],
    })
