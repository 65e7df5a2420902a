"""An in-memory index of listed clinics per worker, so a radius search ranks in numpy, not in SQL rows.

The index holds one row per clinic of a practitioner with a listing (`listed_until` set): its
coordinates sorted by latitude, the practitioner, the listing facts, the profession and the
stored badge. A search slices the latitude range with a binary search, filters the slice, computes
haversine distances for what is left and keeps each practitioner's nearest clinic. It answers the
same as the SQL it replaced (tests/directory/test_index.py compares them on random data).

The index is rebuilt when the token in `search_generation` differs from the one it was built at;
directory/freshness.py replaces that token in every transaction that changes what search reads.
Memory is about 45 bytes per clinic (about 60 MB per worker at a million practitioners).
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from flask import current_app
from sqlalchemy import String, select, type_coerce

from directory.listing import may_be_listed
from directory.models import Clinic, ComplianceBadgeRow, Offering, Practitioner, SearchGeneration, Treatment
from core.extensions import db
from geo.distance import EARTH_RADIUS_KM, bounding_box

EPOCH = date(1970, 1, 1)
NEVER = np.iinfo(np.int32).max  # practising_from unknown: fails every min_years and sorts last
CACHE_KEY = "verity.listing_index"


@dataclass(frozen=True)
class Ranked:
    """One practitioner's nearest matching clinic."""

    km: float
    clinic_id: int
    practitioner_id: int
    practising_from: date | None


@dataclass
class ListingIndex:
    """Column arrays of listed clinics, sorted by latitude; built once per generation."""

    generation: int | None
    lat: np.ndarray  # degrees, ascending
    lon: np.ndarray  # degrees
    clinic_id: np.ndarray
    practitioner_id: np.ndarray
    listed_until: np.ndarray  # day numbers (days since 1970)
    practising_from: np.ndarray  # day numbers, NEVER when unknown
    profession: np.ndarray  # codes into `professions`
    professions: tuple[str, ...]
    badge: np.ndarray  # codes into `badges`
    badges: tuple[str, ...]
    no_human_exosomes: np.ndarray  # declared, and declared no human-derived exosomes
    _offered: dict[str, np.ndarray] = field(default_factory=dict)  # treatment slug -> practitioner ids

    def candidates(self, lat: float, lon: float, radius_km: float) -> np.ndarray:
        """Positions of clinics inside the search's bounding boxes (split at the 180th meridian)."""
        parts = []
        for lo_lat, hi_lat, lo_lon, hi_lon in bounding_box(lat, lon, radius_km):
            start = int(np.searchsorted(self.lat, lo_lat, side="left"))
            stop = int(np.searchsorted(self.lat, hi_lat, side="right"))
            lons = self.lon[start:stop]
            parts.append(start + np.flatnonzero((lons >= lo_lon) & (lons <= hi_lon)))
        return parts[0] if len(parts) == 1 else np.unique(np.concatenate(parts))

    def offered_by(self, slug: str) -> np.ndarray:
        """Sorted ids of practitioners offering a treatment, loaded on first use."""
        if slug not in self._offered:
            ids = db.session.scalars(select(Offering.practitioner_id).join(Treatment)
                                     .where(Treatment.slug == slug).distinct()).all()
            self._offered[slug] = np.unique(np.asarray(ids, dtype=np.int64))
        return self._offered[slug]


def _codes(values, known: tuple[str, ...] = ()) -> tuple[np.ndarray, tuple[str, ...]]:
    """Small integer codes for repeated strings, and the strings they stand for."""
    values = [getattr(v, "value", v) for v in values]  # enum members arrive on some drivers
    names = tuple(dict.fromkeys([*known, *values]))
    lookup = {name: code for code, name in enumerate(names)}
    return np.fromiter((lookup[v] for v in values), dtype=np.int16, count=len(values)), names


def day_number(day: date) -> int:
    """Days since 1970-01-01, the unit the index stores dates in."""
    return (day - EPOCH).days


def _day_numbers(values) -> np.ndarray:
    """Day numbers of dates (date objects, or the ISO text SQLite holds), NEVER for NULL; parsed in C."""
    days = np.array(list(values), dtype="datetime64[D]").astype(np.int64)
    days[np.isnat(np.array(days, dtype="datetime64[D]"))] = NEVER
    return days.astype(np.int32)


def _per_clinic(owners: np.ndarray, ids: np.ndarray, values: np.ndarray, missing) -> np.ndarray:
    """Spread a per-practitioner column (rows sorted by `ids`) onto clinics by their owner."""
    if ids.size == 0:
        return np.full(owners.size, missing, dtype=values.dtype)
    at = np.minimum(np.searchsorted(ids, owners), ids.size - 1)
    return np.where(ids[at] == owners, values[at], missing)


def _columns(statement, count: int) -> list:
    """Run a query and return its result as columns (empty tuples when there are no rows)."""
    return list(zip(*db.session.connection().execute(statement).all())) or [()] * count


def build_index(generation: int | None) -> ListingIndex:
    """Read listed clinics, their owners' professions and badges into column arrays sorted by latitude.

    Three narrow queries joined here cost half of one SQL join; dates come back as raw values so
    numpy parses them instead of the ORM one by one.
    """
    lat, lon, clinic_id, owner, listed_until, practising_from = _columns(
        select(Clinic.lat, Clinic.lon, Clinic.id, Clinic.practitioner_id, type_coerce(Clinic.listed_until, String),
               type_coerce(Clinic.practising_from, String)).where(may_be_listed(Clinic)), 6)
    order = np.lexsort((np.asarray(clinic_id, dtype=np.int64), np.asarray(lat, dtype=np.float64)))
    owners = np.asarray(owner, dtype=np.int64)[order]
    ids, professions = _columns(select(Practitioner.id, Practitioner.profession)
                                .where(may_be_listed(Practitioner)).order_by(Practitioner.id), 2)
    profession, profession_names = _codes(professions)
    row = ComplianceBadgeRow
    badge_ids, statuses, human = _columns(select(row.practitioner_id, row.status, row.uses_human_exosomes)
                                          .order_by(row.practitioner_id), 3)
    status, badge_names = _codes(statuses, ("undeclared",))  # code 0: no stored row means undeclared
    badge_ids = np.asarray(badge_ids, dtype=np.int64)
    # Only a declaration can promise no human-derived exosomes; an undeclared practitioner may use any.
    no_human = np.fromiter((s != "undeclared" and h is not None and not h for s, h in zip(statuses, human)),
                           dtype=bool, count=len(statuses))
    return ListingIndex(
        generation=generation,
        lat=np.asarray(lat, dtype=np.float64)[order], lon=np.asarray(lon, dtype=np.float64)[order],
        clinic_id=np.asarray(clinic_id, dtype=np.int64)[order], practitioner_id=owners,
        listed_until=_day_numbers(listed_until)[order], practising_from=_day_numbers(practising_from)[order],
        profession=_per_clinic(owners, np.asarray(ids, dtype=np.int64), profession, -1),
        professions=profession_names,
        badge=_per_clinic(owners, badge_ids, status, 0), badges=badge_names,
        no_human_exosomes=_per_clinic(owners, badge_ids, no_human, False))


def current_generation() -> int | None:
    """The stored token; None before anything was ever written."""
    return db.session.scalar(select(SearchGeneration.token).where(SearchGeneration.id == 1))


def current_index() -> ListingIndex:
    """This worker's index, as of the stored token.

    A small index (a rebuild well under a second) is rebuilt before answering. A large one is
    rebuilt on a background thread while searches keep using the previous one for those seconds;
    directory.search re-checks each hit's listing against the database, so a suspended
    practitioner still never shows.
    """
    cache = current_app.extensions.get(CACHE_KEY) or current_app.extensions.setdefault(
        CACHE_KEY, {"lock": threading.Lock(), "index": None, "rebuilding": False})
    generation = current_generation()  # read before the rows, so the index is never older than its token
    index = cache["index"]
    if index is not None and index.generation == generation:
        return index
    if index is not None and index.clinic_id.size > current_app.config["SEARCH_INDEX_SYNC_LIMIT"]:
        _rebuild_in_background(current_app._get_current_object(), cache)
        return index
    with cache["lock"]:
        index = cache["index"]
        if index is None or index.generation != generation:
            index = cache["index"] = build_index(generation)
    return index


def _rebuild_in_background(app, cache: dict) -> None:
    """Start one rebuild thread for this worker unless one is already running."""
    with cache["lock"]:
        if cache["rebuilding"]:
            return
        cache["rebuilding"] = True
    threading.Thread(target=_rebuild, args=(app, cache), name="listing-index", daemon=True).start()


def _rebuild(app, cache: dict) -> None:
    """Build the index in its own app context and session, then swap it in."""
    try:
        with app.app_context():
            fresh = build_index(current_generation())
            db.session.remove()
        cache["index"] = fresh
    except Exception:  # the next search tries again; the old index keeps serving meanwhile
        app.logger.exception("Rebuilding the listing index failed")
    finally:
        cache["rebuilding"] = False


def haversine_km(index: ListingIndex, positions: np.ndarray, lat: float, lon: float) -> np.ndarray:
    """Great-circle km from a point to the clinics at `positions` (geo.distance.haversine, vectorised)."""
    lat0, lon0 = math.radians(lat), math.radians(lon)
    lats = np.radians(index.lat[positions])
    a = (np.sin((lats - lat0) / 2) ** 2
         + math.cos(lat0) * np.cos(lats) * np.sin((np.radians(index.lon[positions]) - lon0) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
