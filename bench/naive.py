"""The baseline the search service must beat: every listed clinic, haversine in Python, no box."""
from __future__ import annotations

from datetime import date

from sqlalchemy import text

from directory.search import SearchQuery
from directory.services import whole_years
from core.extensions import db
from geo.distance import haversine

# The rules worked out from the credentials themselves, ignoring the listing columns the service
# reads: listed = not suspended and holding a current verified registration; years count from the
# first verified registration (any expiry), else the declared date.
LISTED_CLINICS = text("""
    SELECT c.id, c.practitioner_id, c.lat, c.lon, COALESCE(f.since, p.practising_since)
    FROM clinics c
    JOIN practitioners p ON p.id = c.practitioner_id
    JOIN (SELECT DISTINCT practitioner_id FROM credentials
          WHERE kind = 'registration' AND status = 'verified' AND (expires_on IS NULL OR expires_on >= :today)
          ) r ON r.practitioner_id = p.id
    LEFT JOIN (SELECT practitioner_id, MIN(issued_on) AS since FROM credentials
               WHERE kind = 'registration' AND status = 'verified' GROUP BY practitioner_id) f
           ON f.practitioner_id = p.id
    WHERE p.suspended_at IS NULL
""")


def naive_search(query: SearchQuery, today: date) -> tuple[int, list[tuple[int, int, float, int]]]:
    """Total and first page as (practitioner id, clinic id, km, years), sorted by distance then id."""
    nearest = {}
    for clinic_id, practitioner_id, lat, lon, since in db.session.execute(LISTED_CLINICS, {"today": today}):
        km = haversine(query.lat, query.lon, lat, lon)
        if km <= query.radius_km and (practitioner_id not in nearest or km < nearest[practitioner_id][0]):
            nearest[practitioner_id] = (km, clinic_id, practitioner_id, since)
    ranked = sorted(nearest.values(), key=lambda m: (m[0], m[2]))
    start = (query.page - 1) * query.per_page
    page = [(pid, cid, km, whole_years(_as_date(since), today))
            for km, cid, pid, since in ranked[start:start + query.per_page]]
    return len(ranked), page


def _as_date(value) -> date | None:
    """SQLite hands a textual query's dates back as ISO strings."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def service_page(result) -> list[tuple[int, int, float, int]]:
    """The service's page in the same shape as `naive_search`'s, distances back in km."""
    per_km = 1.609344 if result.query.unit == "mi" else 1.0
    return [(hit.practitioner.id, hit.clinic.id, hit.distance * per_km, hit.years) for hit in result.hits]


def same_results(service_result, naive_total: int, naive_page: list) -> list[str]:
    """Differences between the service's answer and the baseline's; empty when they agree."""
    problems = []
    if service_result.total != naive_total:
        problems.append(f"total {service_result.total} != naive {naive_total}")
    mine = service_page(service_result)
    if [m[:2] for m in mine] != [n[:2] for n in naive_page]:
        problems.append(f"page ids differ: {[m[:2] for m in mine][:5]}... vs {[n[:2] for n in naive_page][:5]}...")
    elif any(abs(m[2] - n[2]) > 1e-9 or m[3] != n[3] for m, n in zip(mine, naive_page)):
        problems.append("page distances or years differ")
    return problems
