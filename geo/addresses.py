"""Is a clinic's address true? The one check for the practice clinic form, the importer and the demo.

A UK postcode or US ZIP code must be one the offline gazetteer holds, the town given must be the
one it lies in or a town near it, and a pin given with it must lie within PIN_MAX_KM of it.
"""
from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

from core.refusal import Refusal
from geo import codes
from geo.distance import haversine
from geo.gazetteer import Gazetteer
from geo.places import POSTCODE_RE, ZIP_RE, PlaceNotFound, compact_code, format_postcode, name_key

PIN_MAX_KM = 2.0
NEAR_TOWN_KM = 5.0  # a postcode this far outside a town's built-up area still counts as "near" it
PEOPLE_PER_KM2 = 4000  # rough density of a British or American town, to turn population into a radius


@dataclass(frozen=True)
class CheckedAddress:
    """An address that passed: where its postcode is, the town the gazetteer puts it in, and the pin."""

    postcode: str  # as on an envelope: "LS1 4AP", "90210"
    town: str  # the post town ("Leeds") or the ZIP's city and state ("Beverly Hills, CA")
    country: str
    lat: float  # the pin: the coordinates given, else the postcode's own point
    lon: float
    postcode_lat: float
    postcode_lon: float

    @property
    def label(self) -> str:
        """The postcode and its town, as the preview names the place: "LS1 4AP, Leeds"."""
        return f"{self.postcode}, {self.town}"

    @property
    def description(self) -> str:
        """The pin in words, the map preview's text alternative: "Pin at 53.79, -1.55 — LS1 4AP, Leeds"."""
        return f"Pin at {self.lat:.2f}, {self.lon:.2f} — {self.label}"


def town_radius_km(population: int) -> float:
    """How far from a town's centre a postcode may lie and still be "near" it.

    The town's built-up radius, taken as a disc of PEOPLE_PER_KM2 (London about 27 km, Leeds 7 km,
    a village under 1 km), plus NEAR_TOWN_KM for suburbs and postcodes on the edge.
    """
    return NEAR_TOWN_KM + math.sqrt(max(population, 0) / PEOPLE_PER_KM2 / math.pi)


def check_address(gazetteer: Gazetteer, postcode: str, town: str, country: str,
                  lat: float | None = None, lon: float | None = None) -> CheckedAddress:
    """Check a clinic's postcode or ZIP, town and optional pin against the gazetteer; raise Refusal if wrong.

    "In or near the town" means one of the comma-separated parts of `town` either names the
    postcode's post town (for a ZIP: its city), or names a town of the same country (for a ZIP:
    of the same state) whose centre lies within town_radius_km(population) of the postcode, so
    "Salford" passes for M3 and "Manchester" for OL1 (Oldham, 10 km out) but not for LS1 4AP
    (Leeds, 58 km away). Parts that name a nation or country ("England", "UK") are ignored; for
    a ZIP a part naming a state must name its state. Refusals name the field at fault, as the
    importer's columns do: "postcode", "city" or "lat", with a stable code.
    """
    db = gazetteer.connection()
    postcode, town = (text if isinstance(text, str) else "" for text in (postcode, town))
    country = country.upper() if isinstance(country, str) else ""
    if country == "GB":
        found = _uk_postcode(db, postcode)
    elif country == "US":
        found = _us_zip(db, postcode)
    else:
        raise Refusal("country_not_listed", "Choose the United Kingdom or the United States.", "country")
    _check_town(db, found, " ".join(town.split()))
    return _pinned(found, lat, lon)


@dataclass(frozen=True)
class _Found:
    """A postcode or ZIP the gazetteer holds, with the place it names."""

    postcode: str
    country: str
    lat: float
    lon: float
    town: str
    state: str | None = None

    @property
    def where(self) -> str:
        """The town as a message names it: "Leeds", "Beverly Hills, CA"."""
        return f"{self.town}, {self.state}" if self.state else self.town


def _uk_postcode(db: sqlite3.Connection, text: str) -> _Found:
    """The UK postcode's point and post town, or postcode_unknown with real postcodes nearby."""
    compact = compact_code(text)
    if not POSTCODE_RE.match(compact):
        raise Refusal("postcode_invalid", "Enter a full UK postcode, such as M1 1AE.", "postcode")
    try:
        place = codes.postcode_place(db, compact, compact)
    except PlaceNotFound as missing:
        gap = codes.not_covered(compact)
        message = (f"Postcodes in {gap} are not in our offline data yet, so we cannot confirm this address."
                   if gap else f"We couldn't find the postcode {format_postcode(compact)}. Check it against a letter "
                   "or Royal Mail's postcode finder.")
        raise Refusal("postcode_unknown", message, "postcode", suggestions=missing.suggestions[1:]) from None
    row = db.execute("SELECT town FROM outcodes WHERE code = ?", (compact[:-3],)).fetchone()
    return _Found(format_postcode(compact), "GB", place.lat, place.lon, (row and row[0]) or format_postcode(compact))


def _us_zip(db: sqlite3.Connection, text: str) -> _Found:
    """The ZIP code's point, city and state, or postcode_unknown."""
    match = ZIP_RE.match(compact_code(text))
    if not match:
        raise Refusal("postcode_invalid", "Enter a 5-digit ZIP code, such as 90210.", "postcode")
    row = db.execute("SELECT lat, lon, city, state FROM zips WHERE zip = ?", (match.group(1),)).fetchone()
    if row is None:
        raise Refusal("postcode_unknown", f"We couldn't find the ZIP code {match.group(1)}.", "postcode")
    return _Found(match.group(1), "US", row[0], row[1], row[2] or match.group(1), row[3])


def _check_town(db: sqlite3.Connection, found: _Found, town: str) -> None:
    """Refuse a town the postcode is not in or near, or (for a ZIP) a state it is not in.

    The first part names the town; a later part may name another town ("Headingley, Leeds"),
    a state, a nation or a country, which add nothing unless a ZIP's state is wrong.
    """
    parts = [part.strip() for part in town.split(",") if part.strip()]
    names = parts[:1]
    for part in parts[1:]:
        region = db.execute("SELECT country, region FROM regions WHERE key = ?", (name_key(part),)).fetchone()
        if region is None:
            names.append(part)
        elif found.country == "US" and region[0] == "US" and region[1] and region[1] != found.state:
            raise Refusal("postcode_not_in_state", f"{found.postcode} is in {found.where}, not {part}.", "city",
                          town=found.where)
    if not any(_names_place(db, found, name_key(name)) for name in names):
        wrong = f", not {parts[0]}" if parts else ""
        raise Refusal("postcode_not_in_town", f"{found.postcode} is in {found.where}{wrong}.", "city",
                      town=found.where)


def _names_place(db: sqlite3.Connection, found: _Found, key: str) -> bool:
    """Whether a typed town name is the postcode's own town, or a town of that name near it."""
    if key == name_key(found.town):
        return True
    rows = db.execute("SELECT c.lat, c.lon, c.population FROM city_names n JOIN cities c ON c.id = n.city_id "
                      "WHERE n.key = ? AND c.country = ? AND (? IS NULL OR c.region = ?)",
                      (key, found.country, found.state, found.state)).fetchall()
    return any(haversine(lat, lon, found.lat, found.lon) <= town_radius_km(pop) for lat, lon, pop in rows)


def _pinned(found: _Found, lat: float | None, lon: float | None) -> CheckedAddress:
    """The checked address, pinned where given when that is within PIN_MAX_KM of the postcode."""
    if lat is None or lon is None:
        lat, lon = found.lat, found.lon
    elif not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lat, lon)):
        raise Refusal("coordinates_invalid", "Enter the latitude and longitude as decimal numbers, such as 53.4794 "
                      "and -2.2453.", "lat")
    else:
        distance = haversine(lat, lon, found.lat, found.lon)
        if distance > PIN_MAX_KM:
            raise Refusal("coordinates_far_from_postcode",
                          f"That pin is {distance:,.1f} km from {found.postcode}; it must be within "
                          f"{PIN_MAX_KM:g} km. Check the latitude and longitude, or leave them empty to put "
                          "the pin at the postcode.", "lat")
    return CheckedAddress(found.postcode, found.where, found.country, lat, lon, found.lat, found.lon)


def towns_near(gazetteer: Gazetteer, lat: float, lon: float, radius_km: float, limit: int = 6) -> list[tuple]:
    """The biggest towns within radius_km of a point, as (name, lat, lon), to give a map preview its bearings."""
    d_lat = radius_km / 111.2
    d_lon = radius_km / (111.2 * max(math.cos(math.radians(lat)), 0.01))
    rows = gazetteer.connection().execute(
        "SELECT name, lat, lon FROM cities WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
        "ORDER BY population DESC LIMIT ?", (lat - d_lat, lat + d_lat, lon - d_lon, lon + d_lon, limit)).fetchall()
    return [tuple(row) for row in rows]
