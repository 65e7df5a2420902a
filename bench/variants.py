"""Alternative search layouts, tried on a scratch database only (bench/experiments.py runs them).

Each ranker answers (total, page) with page rows (practitioner id, clinic id, km, since), sorted by
distance then practitioner id exactly as directory/search.py sorts. Nothing here is imported by the app.
"""
from __future__ import annotations

import math
from dataclasses import fields
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from directory.models import Clinic, Offering, Practitioner
from directory.search import Hit, SearchQuery
from directory.services import whole_years
from extensions import db
from geo.distance import EARTH_RADIUS_KM, KM_PER_MILE, bounding_box

# The same haversine as geo/distance.py, term for term, so SQLite's libm gives the same doubles.
SQL_KM = ("2 * :earth * asin(min(1.0, sqrt(pow(sin((radians({lat}) - :phi1) / 2), 2) "
          "+ :cos_phi1 * cos(radians({lat})) * pow(sin(radians({lon} - :lon) / 2), 2))))")
LISTED_SQL = ("p.suspended_at IS NULL AND EXISTS (SELECT 1 FROM credentials k WHERE k.practitioner_id = p.id "
              "AND k.kind = 'registration' AND k.status = 'verified' "
              "AND (k.expires_on IS NULL OR k.expires_on >= :today))")
SINCE_SQL = ("COALESCE((SELECT min(k.issued_on) FROM credentials k WHERE k.practitioner_id = {pid} "
             "AND k.kind = 'registration' AND k.status = 'verified' "
             "AND (k.expires_on IS NULL OR k.expires_on >= :today)), "
             "(SELECT practising_since FROM practitioners WHERE id = {pid}))")

# A denormalised copy of what the search needs, one row per clinic. In the app this would be
# columns kept up to date by the credential and suspension services (plus a nightly job for expiry).
LISTING_DDL = """
CREATE TABLE IF NOT EXISTS bench_clinic_listing (
    clinic_id INTEGER PRIMARY KEY, practitioner_id INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    listed_until TEXT);
CREATE INDEX IF NOT EXISTS ix_bench_clinic_listing_box
    ON bench_clinic_listing (lat, lon, listed_until, practitioner_id);
CREATE VIRTUAL TABLE IF NOT EXISTS bench_clinic_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
"""
LISTING_FILL = """
INSERT INTO bench_clinic_listing
SELECT c.id, c.practitioner_id, c.lat, c.lon,
       CASE WHEN p.suspended_at IS NULL THEN
           (SELECT max(coalesce(k.expires_on, '9999-12-31')) FROM credentials k WHERE k.practitioner_id = p.id
            AND k.kind = 'registration' AND k.status = 'verified') END
FROM clinics c JOIN practitioners p ON p.id = c.practitioner_id;
INSERT INTO bench_clinic_rtree SELECT clinic_id, lat, lat, lon, lon FROM bench_clinic_listing;
"""


def ensure_listing() -> float:
    """Create and fill the denormalised tables once; return the seconds it took (0 when present)."""
    import time

    connection = db.session.connection().connection.driver_connection
    if connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'bench_clinic_listing'").fetchone()[0]:
        if connection.execute("SELECT count(*) FROM bench_clinic_listing").fetchone()[0]:
            return 0.0
    started = time.perf_counter()
    connection.executescript(LISTING_DDL)
    connection.executescript("BEGIN;" + LISTING_FILL + "COMMIT;")
    return time.perf_counter() - started


def _params(query: SearchQuery, today: date) -> dict:
    """Bind values shared by the SQL rankers."""
    phi1 = math.radians(query.lat)
    return {"earth": EARTH_RADIUS_KM, "phi1": phi1, "cos_phi1": math.cos(phi1), "lat": query.lat,
            "lon": query.lon, "radius_km": query.radius_km, "today": today,
            "limit": query.per_page, "offset": (query.page - 1) * query.per_page}


def _boxes(query: SearchQuery, lat: str, lon: str, params: dict) -> str:
    """The OR of the bounding boxes as SQL, binding their corners into params."""
    parts = []
    for i, (lo_lat, hi_lat, lo_lon, hi_lon) in enumerate(bounding_box(query.lat, query.lon, query.radius_km)):
        params.update({f"lo_lat{i}": lo_lat, f"hi_lat{i}": hi_lat, f"lo_lon{i}": lo_lon, f"hi_lon{i}": hi_lon})
        parts.append(f"({lat} BETWEEN :lo_lat{i} AND :hi_lat{i} AND {lon} BETWEEN :lo_lon{i} AND :hi_lon{i})")
    return "(" + " OR ".join(parts) + ")"


def _ranked(inner: str, params: dict) -> tuple[int, list[tuple]]:
    """Nearest clinic per practitioner, counted and paged in SQL; `since` only for the page's rows.

    SQLite returns the bare column clinic_id from the row holding min(km); PostgreSQL would
    spell this DISTINCT ON (practitioner_id) ... ORDER BY practitioner_id, km.
    """
    sql = f"""
        SELECT pid, cid, km, {SINCE_SQL.format(pid='pid')} AS since, total FROM (
            SELECT pid, cid, km, count(*) OVER () AS total FROM (
                SELECT practitioner_id AS pid, clinic_id AS cid, min(km) AS km
                FROM ({inner}) WHERE km <= :radius_km GROUP BY practitioner_id)
            ORDER BY km, pid LIMIT :limit OFFSET :offset)
        ORDER BY km, pid"""
    rows = db.session.execute(text(sql), params).all()
    total = rows[0].total if rows else _count_only(inner, params)
    return total, [(r.pid, r.cid, r.km, r.since) for r in rows]


def _count_only(inner: str, params: dict) -> int:
    """Total when the page is past the end (so the window count came back with no row)."""
    sql = f"SELECT count(DISTINCT practitioner_id) FROM ({inner}) WHERE km <= :radius_km"
    return db.session.execute(text(sql), params).scalar_one()


def rank_sql_current_schema(query: SearchQuery, today: date) -> tuple[int, list[tuple]]:
    """Distance, nearest clinic, count and page in SQL, on today's tables (listing check per row kept)."""
    params = _params(query, today)
    inner = (f"SELECT c.practitioner_id, c.id AS clinic_id, {SQL_KM.format(lat='c.lat', lon='c.lon')} AS km "
             f"FROM clinics c JOIN practitioners p ON p.id = c.practitioner_id "
             f"WHERE {_boxes(query, 'c.lat', 'c.lon', params)} AND {LISTED_SQL}")
    return _ranked(inner, params)


def rank_denormalised(query: SearchQuery, today: date) -> tuple[int, list[tuple]]:
    """The same in SQL over the denormalised listing with its covering (lat, lon, listed_until, pid) index."""
    params = _params(query, today)
    inner = (f"SELECT practitioner_id, clinic_id, {SQL_KM.format(lat='lat', lon='lon')} AS km "
             f"FROM bench_clinic_listing WHERE {_boxes(query, 'lat', 'lon', params)} AND listed_until >= :today")
    return _ranked(inner, params)


def rank_rtree(query: SearchQuery, today: date) -> tuple[int, list[tuple]]:
    """The same, finding the box through an R*Tree instead of the (lat, lon) B-tree."""
    params = _params(query, today)
    # R*Tree keeps 32-bit floats rounded outwards; the exact distance test below decides.
    inner = (f"SELECT l.practitioner_id, l.clinic_id, {SQL_KM.format(lat='l.lat', lon='l.lon')} AS km "
             f"FROM bench_clinic_rtree r JOIN bench_clinic_listing l ON l.clinic_id = r.id "
             f"WHERE {_boxes(query, 'r.min_lat', 'r.min_lon', params)} AND l.listed_until >= :today")
    return _ranked(inner, params)


def lean_hits(query: SearchQuery, page: list[tuple], today: date) -> list[Hit]:
    """The page's hits without loading credentials (neither the page nor the API shows them)."""
    if not page:
        return []
    practitioners = {p.id: p for p in db.session.scalars(
        select(Practitioner).where(Practitioner.id.in_([m[0] for m in page]))
        .options(selectinload(Practitioner.offerings).selectinload(Offering.treatment)))}
    clinics = {c.id: c for c in db.session.scalars(select(Clinic).where(Clinic.id.in_([m[1] for m in page])))}
    badges = _badges(list(practitioners))
    per_unit = KM_PER_MILE if query.unit == "mi" else 1.0
    return [Hit(practitioners[pid], clinics[cid], km / per_unit, whole_years(_date(since), today),
                **({"badge": badges[pid]} if badges is not None else {}))
            for pid, cid, km, since in page]


def _badges(practitioner_ids: list[int]) -> dict | None:
    """Compliance badges as the service's hits carry them, or None for a service without them."""
    if "badge" not in {f.name for f in fields(Hit)}:
        return None
    from compliance.badge import badges_for

    return badges_for(practitioner_ids)


def _date(value):
    """ISO text from a textual query as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _listed_rows(query: SearchQuery, today: date) -> list[tuple]:
    """(practitioner id, clinic id, lat, lon) of listed clinics in the box, straight from the driver."""
    params = _params(query, today)
    params["today"] = today.isoformat()
    sql = (f"SELECT practitioner_id, clinic_id, lat, lon FROM bench_clinic_listing "
           f"WHERE {_boxes(query, 'lat', 'lon', params)} AND listed_until >= :today")
    return db.session.connection().connection.driver_connection.execute(sql, params).fetchall()


def _with_since(page: list[tuple], today: date) -> list[tuple]:
    """Add `since` to a page of (pid, cid, km) with one query for the page's practitioners only."""
    if not page:
        return []
    pids = ", ".join(str(int(m[0])) for m in page)
    since = dict(db.session.execute(text(f"SELECT p.id, {SINCE_SQL.format(pid='p.id')} FROM practitioners p "
                                         f"WHERE p.id IN ({pids})"), {"today": today}).all())
    return [(int(pid), int(cid), float(km), since[int(pid)]) for pid, cid, km in page]


def rank_python_lean(query: SearchQuery, today: date) -> tuple[int, list[tuple]]:
    """Today's Python ranking loop, fed from the denormalised listing (no per-row subqueries)."""
    from geo.distance import haversine

    nearest = {}
    for pid, cid, lat, lon in _listed_rows(query, today):
        km = haversine(query.lat, query.lon, lat, lon)
        if km <= query.radius_km and (pid not in nearest or km < nearest[pid][2]):
            nearest[pid] = (pid, cid, km)
    ranked = sorted(nearest.values(), key=lambda m: (m[2], m[0]))
    start = (query.page - 1) * query.per_page
    return len(ranked), _with_since(ranked[start:start + query.per_page], today)


def rank_numpy(query: SearchQuery, today: date) -> tuple[int, list[tuple]]:
    """The same ranking vectorised with numpy over the denormalised listing's rows."""
    import numpy as np

    rows = np.array(_listed_rows(query, today), dtype=float).reshape(-1, 4)
    phi1 = math.radians(query.lat)
    phi2 = np.radians(rows[:, 2])
    a = np.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(np.radians(rows[:, 3] - query.lon) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    inside = km <= query.radius_km
    pid, cid, km = rows[inside, 0], rows[inside, 1], km[inside]
    by_pid = np.lexsort((km, pid))  # each practitioner's clinics, nearest first
    first = np.ones(by_pid.size, dtype=bool)
    first[1:] = pid[by_pid][1:] != pid[by_pid][:-1]
    nearest = by_pid[first]
    order = nearest[np.lexsort((pid[nearest], km[nearest]))]
    start = (query.page - 1) * query.per_page
    top = order[start:start + query.per_page]
    return int(nearest.size), _with_since(list(zip(pid[top], cid[top], km[top])), today)
