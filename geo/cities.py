"""Resolve town names, optionally qualified by state, nation, country or district ("Portland, OR")."""
from __future__ import annotations

import difflib
import sqlite3
from typing import NamedTuple

from geo.fuzzy import similar_names
from geo.places import Place, PlaceNotFound, name_key
from geo.ranking import extends_with_linking_word, is_short_form, ranked

MAX_ALTERNATIVES = 10
MAX_SUGGESTIONS = 8
SUGGEST_ALT_MIN_RANK = 1000.0  # an alternate name's rank is 1% of population: cities over 100,000
_COLUMNS = "c.id, c.name, c.country, c.region, c.district, c.lat, c.lon, c.label"


class Match(NamedTuple):
    """One candidate town row."""

    id: int
    name: str
    country: str
    region: str
    district: str | None
    lat: float
    lon: float
    label: str
    is_primary: bool = True
    rank: float = 0.0  # the name's rank from the build: population, or 1% of it for an alternate name
    population: int = 0


def _named(db: sqlite3.Connection, key: str) -> list[Match]:
    """Towns answering to a name key, primary names of big places first."""
    rows = db.execute(f"SELECT {_COLUMNS}, n.is_primary, n.rank, c.population FROM city_names n "
                      "JOIN cities c ON c.id = n.city_id "
                      "WHERE n.key = ? ORDER BY n.rank DESC, c.id LIMIT 200", (key,)).fetchall()
    return [Match(*row) for row in rows]


def _extended(db: sqlite3.Connection, key: str) -> list[Match]:
    """Towns named the typed name plus "upon ...", "under ...": Newcastle-under-Lyme for "Newcastle"."""
    rows = db.execute(f"SELECT {_COLUMNS}, n.is_primary, n.rank, c.population, n.key FROM city_names n "
                      "JOIN cities c ON c.id = n.city_id WHERE n.key > ? AND n.key < ? AND n.is_primary "
                      "ORDER BY n.rank DESC LIMIT 50", (key + " ", key + " ~")).fetchall()
    return [Match(*row[:-1]) for row in rows if extends_with_linking_word(key, row[-1])]


def _labelled(db: sqlite3.Connection, key: str) -> Match | None:
    """The town whose label is exactly the typed text ("portland or" for "Portland, OR")."""
    row = db.execute(f"SELECT {_COLUMNS} FROM cities c WHERE c.label_key = ? "
                     "ORDER BY c.population DESC LIMIT 1", (key,)).fetchone()
    return Match(*row) if row else None


def _to_place(best: Match, others: list[Match], key: str = "") -> Place:
    """Turn the winning match into a Place listing other towns of that name as alternatives.

    Only towns whose own name matches count: "Leeds" offers Leeds, AL but not a town that
    GeoNames says was once called Leeds; "Newcastle" offers Newcastle-under-Lyme.
    """
    labels = dict.fromkeys(m.label for m in others
                           if (m.is_primary or is_short_form(key, m)) and m.label != best.label)
    return Place(best.lat, best.lon, best.label, best.country, "city", tuple(labels)[:MAX_ALTERNATIVES])


def region_for(db: sqlite3.Connection, qualifier_key: str, fuzzy: bool = False) -> tuple[str, str | None] | None:
    """Read "OR", "Oregon", "Wales" or "UK" as (country, region or None); fuzzy forgives typos."""
    row = db.execute("SELECT country, region FROM regions WHERE key = ?", (qualifier_key,)).fetchone()
    if row or not fuzzy:
        return row
    keys = [k for (k,) in db.execute("SELECT key FROM regions")]
    close = difflib.get_close_matches(qualifier_key, keys, n=1, cutoff=0.8)
    return region_for(db, close[0]) if close else None


def _in_region(match: Match, region: tuple[str, str | None]) -> bool:
    """Whether a town lies in a (country, region) pair; a None region means the whole country."""
    return match.country == region[0] and region[1] in (None, match.region)


def _in_district(match: Match, qualifier_key: str) -> bool:
    """Whether a qualifier names the town's district: its US county or nearest UK outcode."""
    if not match.district:
        return False
    return name_key(match.district) in (qualifier_key, f"{qualifier_key} county", f"{qualifier_key} parish")


def _narrow(db: sqlite3.Connection, matches: list[Match], qualifier: str) -> list[Match]:
    """Keep the matches a qualifier allows: region, then district, then a region typo."""
    key = name_key(qualifier)
    if not key:
        return matches
    region = region_for(db, key)
    if region:
        return [m for m in matches if _in_region(m, region)]
    by_district = [m for m in matches if _in_district(m, key)]
    if by_district:
        return by_district
    region = region_for(db, key, fuzzy=True)
    if region:
        return [m for m in matches if _in_region(m, region)]
    # Every US state is known, so an unknown word is most likely a GB county, which the
    # offline data lacks: keep the GB towns. A short code ("ZZ") is a typo, not a county.
    return [m for m in matches if m.country == "GB"] if len(key) > 3 else []


def _split_trailing_region(db: sqlite3.Connection, text: str) -> tuple[str, list[str], list[Match]]:
    """Read "Portland Oregon" or "Leeds UK" (no comma) as a name followed by a region."""
    words = text.split()
    for size in range(1, min(4, len(words))):
        qualifier = " ".join(words[-size:])
        if region_for(db, name_key(qualifier)):
            name = " ".join(words[:-size])
            matches = _named(db, name_key(name))
            if matches:
                return name, [qualifier], matches
    return text, [], []


def find_city(db: sqlite3.Connection, query: str, prefer_country: str | None = None) -> Place:
    """Resolve a town name; the biggest match wins (ranking in geo/ranking.py) and the rest become alternatives."""
    labelled = _labelled(db, name_key(query))
    if labelled:
        return _to_place(labelled, [])
    name, *qualifiers = [part.strip() for part in query.split(",") if part.strip()] or [query]
    matches = _named(db, name_key(name))
    if not matches and not qualifiers:
        name, qualifiers, matches = _split_trailing_region(db, name)
    key = name_key(name)
    candidates, extended = matches, _extended(db, key) if matches else []
    for qualifier in qualifiers:
        candidates, extended = _narrow(db, candidates, qualifier), _narrow(db, extended, qualifier)
    if not candidates:
        raise _not_found(db, query, name, qualifiers, matches)
    best, *others = ranked(key, candidates, prefer_country)
    return _to_place(best, ranked(key, others + extended), key)


def _not_found(db, query: str, name: str, qualifiers: list[str], matches: list[Match]) -> PlaceNotFound:
    """Explain a miss: a known name in the wrong region, or a near miss worth suggesting."""
    if matches:
        where = ", ".join(qualifiers)
        labels = list(dict.fromkeys(m.label for m in matches))[:MAX_SUGGESTIONS]
        return PlaceNotFound(query, labels, f"We couldn't find {name} in {where}.")
    return PlaceNotFound(query, _near_misses(db, name, qualifiers))


def _near_misses(db: sqlite3.Connection, name: str, qualifiers: list[str]) -> list[str]:
    """Labels of towns whose names are close to the typed one, in the typed region when given."""
    labels: list[str] = []
    for key in similar_names(db, name_key(name)):
        matches = _named(db, key)
        narrowed = matches
        for qualifier in qualifiers:
            narrowed = _narrow(db, narrowed, qualifier)
        labels.extend(m.label for m in (narrowed or matches)[:3])
    return list(dict.fromkeys(labels))[:MAX_SUGGESTIONS]


def _qualifier_filter(db: sqlite3.Connection, typed_qualifier: str):
    """A predicate for autocomplete: does a town fit a half-typed qualifier such as "Ore"?"""
    key = name_key(typed_qualifier)
    if not key:
        return lambda match: True
    regions = set(db.execute("SELECT DISTINCT country, region FROM regions WHERE key >= ? AND key < ?",
                             (key, key + "~")).fetchall())

    def fits(match: Match) -> bool:
        """True when the town's region or district starts with the typed qualifier."""
        in_region = any(_in_region(match, region) for region in regions)
        return in_region or name_key(match.district or "").startswith(key)

    return fits


def suggest_cities(db: sqlite3.Connection, typed: str, limit: int) -> list[Place]:
    """Autocomplete towns whose names start with the typed text, biggest first."""
    name, comma, qualifier = typed.partition(",")
    key = name_key(name)
    if not key:
        return []
    fetch = limit * (20 if comma else 2)
    # Alternate names only count for big cities ("NYC"); small towns' former names are noise here.
    rows = db.execute(f"SELECT {_COLUMNS}, max(n.rank) AS best FROM city_names n JOIN cities c ON c.id = n.city_id "
                      "WHERE n.key >= ? AND n.key < ? AND (n.is_primary OR n.rank >= ?) AND n.rank >= ? "
                      "GROUP BY c.id ORDER BY best DESC LIMIT ?",
                      (key, key + "~", SUGGEST_ALT_MIN_RANK, 10_000 if len(key) == 1 else 0, fetch)).fetchall()
    fits = _qualifier_filter(db, qualifier) if comma else (lambda match: True)
    places: dict[str, Place] = {}
    for match in (Match(*row[:8]) for row in rows):
        if fits(match) and match.label not in places:
            places[match.label] = Place(match.lat, match.lon, match.label, match.country, "city")
    return list(places.values())[:limit]
