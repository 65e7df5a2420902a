"""Radius search on PostGIS: the same candidates the in-memory index finds, read from a GiST index per query.

PostgreSQL keeps a GiST index on each listed clinic's point as a geography (an expression index, so the
table and the models are the same on SQLite). A search asks for the clinics within the radius that pass
the patient's filters, nearest first by the KNN operator `<->`, in pages of rows: directory/search.py
ranks them with the same numpy code as the in-memory index (haversine in km, one clinic per
practitioner, ties by practitioner id), so both backends give the same answer, and asks for more rows
until no row left unread could still enter the page. The total, a `count(DISTINCT ...)`, comes in the same
statement.

No copy of the listing lives in the worker: an edit is in the next search, and a worker starts without
building anything. `SEARCH_BACKEND` (core/settings.py) chooses: "postgis", "index", or "auto" (PostGIS
when the database is PostgreSQL with the extension installed, else the index).
"""
from __future__ import annotations

from datetime import date

import numpy as np
from flask import current_app
from sqlalchemy import DDL, event, text

from directory.index import NEVER, ListingIndex, _day_numbers
from directory.models import BADGE_STATUSES, Clinic
from core.extensions import db
from geo.distance import EARTH_RADIUS_KM, bounding_box

BACKEND_KEY = "verity.search_backend"
# The indexed expression; a query must spell it the same way for the planner to use the index.
POINT = "(ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326)::geography)"
INDEX_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_clinics_geography ON clinics "
    "USING gist ((ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography)) WHERE listed_until IS NOT NULL")
# PostGIS where it can be had: installed already, or installed now when this role may; else nothing.
ENSURE_SQL = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')
     AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') THEN
    BEGIN
      CREATE EXTENSION postgis;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'PostGIS is available but this role may not install it; search uses the in-memory index';
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') THEN
    EXECUTE '{INDEX_DDL}';
  END IF;
END
$$"""
# The sphere and the slack: PostGIS's sphere is 3 cm smaller than geo.distance's, so ask for a metre more.
SLACK_M = 1.0
EXTRA_ROWS = 20  # rows asked for beyond two per result on the page, before asking for more
HAVERSINE_KM = (f"2 * {EARTH_RADIUS_KM!r} * asin(least(1.0, sqrt("
                "power(sin((radians(c.lat) - radians(:lat)) / 2), 2) "
                "+ cos(radians(:lat)) * cos(radians(c.lat)) * power(sin((radians(c.lon) - radians(:lon)) / 2), 2))))")

# Tables made by db.create_all (the tests, the bench) get the index too; migrations run ENSURE_SQL themselves.
event.listen(Clinic.__table__, "after_create", DDL(ENSURE_SQL).execute_if(dialect="postgresql"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For autogenerate: leave out what PostGIS and this module add outside the models (its table, the GiST index)."""
    return not (reflected and compare_to is None and name in ("spatial_ref_sys", "ix_clinics_geography"))


def backend() -> str:
    """The backend this app searches with, "index" or "postgis", decided once per app."""
    chosen = current_app.extensions.get(BACKEND_KEY)
    if chosen is None:
        chosen = current_app.extensions[BACKEND_KEY] = _decide(current_app.config.get("SEARCH_BACKEND", "auto"))
    return chosen


def _decide(setting: str) -> str:
    """Resolve "auto"; refuse "postgis" on a database without it rather than fail every search later."""
    if setting == "index":
        return "index"
    has_postgis = db.engine.dialect.name == "postgresql" and _installed()
    if setting == "postgis" and not has_postgis:
        raise RuntimeError("SEARCH_BACKEND=postgis needs PostgreSQL with the postgis extension "
                           "(CREATE EXTENSION postgis; see scripts/install-system-packages.sh).")
    return "postgis" if has_postgis else "index"


def _installed() -> bool:
    """Whether the database has PostGIS, asked once on a pool connection of its own (not the request's transaction)."""
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT count(*) FROM pg_extension WHERE extname = 'postgis'")
        return bool(cursor.fetchone()[0])
    finally:
        connection.close()


def _box(query) -> tuple[str, dict]:
    """The search's latitude/longitude boxes (split at the 180th meridian) as SQL, for the covering B-tree."""
    boxes = bounding_box(query.lat, query.lon, query.radius_km)
    params = {f"box{n}_{k}": value for n, box in enumerate(boxes) for k, value in enumerate(box)}
    return "(" + " OR ".join(f"(c.lat BETWEEN :box{n}_0 AND :box{n}_1 AND c.lon BETWEEN :box{n}_2 AND :box{n}_3)"
                             for n in range(len(boxes))) + ")", params


def _filters(query, today: date, cutoff: date | None) -> tuple[list[str], dict]:
    """The WHERE clauses shared by the page and the count: listed today and the patient's filters."""
    params = {"lat": query.lat, "lon": query.lon, "today": today, "metres": query.radius_km * 1000 + SLACK_M}
    where = ["c.listed_until IS NOT NULL", "c.listed_until >= :today"]
    if cutoff is not None:
        where.append("c.practising_from <= :cutoff")
        params["cutoff"] = cutoff
    if query.profession:
        where.append("EXISTS (SELECT 1 FROM practitioners p WHERE p.id = c.practitioner_id "
                     "AND p.listed_until IS NOT NULL AND p.profession = :profession)")
        params["profession"] = query.profession
    if query.badge:
        unknown = set(query.badge) - set(BADGE_STATUSES)
        if unknown:
            raise ValueError(f"Unknown badge status: {', '.join(sorted(unknown))}.")
        where.append("coalesce((SELECT b.status FROM compliance_badges b WHERE b.practitioner_id = c.practitioner_id),"
                     " 'undeclared') = ANY(:badges)")
        params["badges"] = list(query.badge)
    if query.no_human_exosomes:  # only a declaration can promise it, as in the index
        where.append("EXISTS (SELECT 1 FROM compliance_badges b WHERE b.practitioner_id = c.practitioner_id "
                     "AND b.status <> 'undeclared' AND b.uses_human_exosomes IS false)")
    if query.treatment:
        where.append("c.practitioner_id IN (SELECT o.practitioner_id FROM offerings o "
                     "JOIN treatments t ON t.id = o.treatment_id WHERE t.slug = :treatment)")
        params["treatment"] = query.treatment
    return where, params


def nearest_rows(query, today: date, cutoff: date | None, limit: int) -> tuple[ListingIndex, int]:
    """Up to `limit` matching clinics in the order the page needs (by years first when sorting by years), as
    arrays, and the total: how many practitioners have a matching clinic within the radius, in the same statement.

    The total measures by haversine, as the index does; the rows are cut to the radius by directory.search.
    """
    where, params = _filters(query, today, cutoff)
    box, box_params = _box(query)
    # The page: KNN on the GiST index. The total: every row in the radius, which the covering B-tree on
    # (lat, lon, listed_until, practitioner_id, ...) reads without touching the table (3-4x faster at 1M).
    near = " AND ".join([*where, f"ST_DWithin({POINT}, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, "
                                 ":metres, false)"])
    inside = " AND ".join([*where, box, f"{HAVERSINE_KM} <= :radius_km"])
    order = f"{POINT} <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography"
    if query.sort == "years":
        order = "c.practising_from ASC NULLS LAST, " + order
    total = f"(SELECT count(DISTINCT c.practitioner_id) FROM clinics c WHERE {inside})"
    sql = (f"SELECT c.lat, c.lon, c.id, c.practitioner_id, CAST(c.practising_from AS text), {total} "
           f"FROM clinics c WHERE {near} ORDER BY {order} LIMIT :limit")
    rows = db.session.connection().execute(
        text(sql), {**params, **box_params, "limit": limit, "radius_km": query.radius_km}).all()
    lat, lon, clinic_id, owner, practising_from, totals = list(zip(*rows)) or [()] * 6
    return _rows_index(lat, lon, clinic_id, owner, practising_from), (totals[0] if totals else 0)


def _rows_index(lat, lon, clinic_id, owner, practising_from) -> ListingIndex:
    """Fetched rows as a ListingIndex (in fetch order, not by latitude) for directory.search's ranking."""
    n = len(clinic_id)
    empty16 = np.zeros(n, dtype=np.int16)
    return ListingIndex(
        generation=None, lat=np.asarray(lat, dtype=np.float64), lon=np.asarray(lon, dtype=np.float64),
        clinic_id=np.asarray(clinic_id, dtype=np.int64), practitioner_id=np.asarray(owner, dtype=np.int64),
        listed_until=np.full(n, NEVER, dtype=np.int32),
        practising_from=_day_numbers(practising_from) if n else np.zeros(0, dtype=np.int32),
        profession=empty16, professions=(), badge=empty16, badges=(), no_human_exosomes=np.ones(n, dtype=bool))
