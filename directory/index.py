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
from sqlalchemy import select

from compliance.models import ComplianceBadgeRow
from directory.models import Clinic, Offering, Practitioner, SearchGeneration, Treatment
from extensions import db
from geo.distance import EARTH_RADIUS_KM, bounding_box

NEVER = date.max.toordinal() + 1  # practising_from unknown: fails every min_years and sorts last
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
    listed_until: np.ndarray  # date ordinals
    practising_from: np.ndarray  # date ordinals, NEVER when unknown
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


def _codes(values: list, known: tuple[str, ...] = ()) -> tuple[np.ndarray, tuple[str, ...]]:
    """Small integer codes for repeated strings, and the strings they stand for."""
    names = tuple(dict.fromkeys([*known, *values]))
    lookup = {name: code for code, name in enumerate(names)}
    return np.fromiter((lookup[v] for v in values), dtype=np.int16, count=len(values)), names


def build_index(generation: int | None) -> ListingIndex:
    """Read every listed clinic into column arrays sorted by latitude."""
    badge = ComplianceBadgeRow
    rows = db.session.execute(
        select(Clinic.lat, Clinic.lon, Clinic.id, Clinic.practitioner_id, Clinic.listed_until,
               Clinic.practising_from, Practitioner.profession, badge.status, badge.uses_human_exosomes)
        .join(Practitioner, Practitioner.id == Clinic.practitioner_id)
        .outerjoin(badge, badge.practitioner_id == Clinic.practitioner_id)
        .where(Clinic.listed_until.is_not(None))
        .order_by(Clinic.lat, Clinic.id)).all()
    columns = list(zip(*rows)) or [()] * 9
    lat, lon, clinic_id, practitioner_id, listed_until, practising_from, professions, statuses, human = columns
    profession, profession_names = _codes([getattr(p, "value", p) for p in professions])
    badge_code, badge_names = _codes([s or "undeclared" for s in statuses], ("undeclared",))
    return ListingIndex(
        generation=generation,
        lat=np.asarray(lat, dtype=np.float64), lon=np.asarray(lon, dtype=np.float64),
        clinic_id=np.asarray(clinic_id, dtype=np.int64), practitioner_id=np.asarray(practitioner_id, dtype=np.int64),
        listed_until=np.fromiter((d.toordinal() for d in listed_until), dtype=np.int32, count=len(rows)),
        practising_from=np.fromiter((d.toordinal() if d else NEVER for d in practising_from),
                                    dtype=np.int32, count=len(rows)),
        profession=profession, professions=profession_names, badge=badge_code, badges=badge_names,
        # Only a declaration can promise no human-derived exosomes; an undeclared practitioner may use any.
        no_human_exosomes=np.fromiter(((s or "undeclared") != "undeclared" and h is False
                                       for s, h in zip(statuses, human)), dtype=bool, count=len(rows)))


def current_generation() -> int | None:
    """The stored token; None before anything was ever written."""
    return db.session.scalar(select(SearchGeneration.token).where(SearchGeneration.id == 1))


def current_index() -> ListingIndex:
    """This worker's index, rebuilt first if search data changed since it was built."""
    cache = current_app.extensions.setdefault(CACHE_KEY, {"lock": threading.Lock(), "index": None})
    generation = current_generation()  # read before the rows, so the index is never older than its token
    index = cache["index"]
    if index is None or index.generation != generation:
        with cache["lock"]:
            index = cache["index"]
            if index is None or index.generation != generation:
                index = cache["index"] = build_index(generation)
    return index


def haversine_km(index: ListingIndex, positions: np.ndarray, lat: float, lon: float) -> np.ndarray:
    """Great-circle km from a point to the clinics at `positions` (geo.distance.haversine, vectorised)."""
    lat0, lon0 = math.radians(lat), math.radians(lon)
    lats = np.radians(index.lat[positions])
    a = (np.sin((lats - lat0) / 2) ** 2
         + math.cos(lat0) * np.cos(lats) * np.sin((np.radians(index.lon[positions]) - lon0) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
