"""Lookups of UK postcodes, UK outward codes and US ZIP codes in the gazetteer database."""
from __future__ import annotations

import sqlite3

from geo.places import COORD_SCALE, Place, PlaceNotFound, format_postcode

_NOT_COVERED = {"BT": "Northern Ireland", "GY": "Guernsey", "JE": "Jersey", "IM": "the Isle of Man"}


def _area(code: str) -> str:
    """The postcode area: the leading letters of a compact postcode or outcode ("SW" of "SW1A")."""
    return code[:2] if code[1:2].isalpha() else code[:1]


def _outcode_row(db: sqlite3.Connection, outcode: str):
    """Fetch (lat, lon, town) of an outward code, or None."""
    return db.execute("SELECT lat, lon, town FROM outcodes WHERE code = ?", (outcode,)).fetchone()


def _outcode_label(outcode: str, town: str | None) -> str:
    """Label an outward code with its post town: "SW1A, London"."""
    return f"{outcode}, {town}" if town else outcode


def not_covered(code: str) -> str | None:
    """Where a postcode is when the offline data holds none of that place's postcodes ("Northern Ireland")."""
    return _NOT_COVERED.get(_area(code))


def _coverage_message(query: str, code: str) -> str | None:
    """Explain a gap in the offline data rather than blaming the user's typing."""
    place = not_covered(code)
    if place:
        return f"Postcodes in {place} aren't in our offline data yet; try the nearest town instead."
    return None


def postcode_place(db: sqlite3.Connection, compact: str, query: str) -> Place:
    """Resolve a full postcode such as "M11AE"; a miss suggests its district and neighbours."""
    outcode = compact[:-3]
    row = db.execute("SELECT lat, lon FROM postcodes WHERE code = ?", (compact,)).fetchone()
    district = _outcode_row(db, outcode)
    if row is None:
        raise PlaceNotFound(query, _postcode_neighbours(db, compact, district),
                            _coverage_message(query, compact) or f"We couldn't find the postcode {format_postcode(compact)}.")
    town = district[2] if district else None
    label = f"{format_postcode(compact)}, {town}" if town else format_postcode(compact)
    return Place(row[0] / COORD_SCALE, row[1] / COORD_SCALE, label, "GB", "postcode")


def _postcode_neighbours(db: sqlite3.Connection, compact: str, district) -> list[str]:
    """Suggest the postcode district and a few real postcodes in the same sector."""
    if district is None:
        return []
    outcode = compact[:-3]
    sector = compact[:-2]
    rows = db.execute("SELECT code FROM postcodes WHERE code >= ? AND code < ? AND length(code) = ? "
                      "ORDER BY code LIMIT 4", (sector, sector + "~", len(compact))).fetchall()
    return [_outcode_label(outcode, district[2])] + [format_postcode(r[0]) for r in rows]


def outcode_place(db: sqlite3.Connection, outcode: str) -> Place | None:
    """Resolve an outward code such as "SW1A" to the centroid of its postcodes, or None."""
    row = _outcode_row(db, outcode)
    if row is None:
        return None
    return Place(row[0], row[1], _outcode_label(outcode, row[2]), "GB", "outcode")


def missing_outcode(db: sqlite3.Connection, outcode: str, query: str) -> PlaceNotFound:
    """Build the error for an outward code we don't have, suggesting others in its area."""
    area = _area(outcode)
    rows = db.execute("SELECT code, town FROM outcodes WHERE code >= ? AND code < ? ORDER BY postcodes DESC LIMIT 5",
                      (area, area + "~")).fetchall()
    suggestions = [_outcode_label(code, town) for code, town in rows if _area(code) == area]
    message = _coverage_message(query, outcode) or f"We couldn't find the postcode district {outcode}."
    return PlaceNotFound(query, suggestions, message)


def _zip_label(zip_code: str, city: str | None, state: str | None) -> str:
    """Label a ZIP the way an envelope would: "Beverly Hills, CA 90210"."""
    where = ", ".join(p for p in (city, state) if p)
    return f"{where} {zip_code}" if where else zip_code


def zip_place(db: sqlite3.Connection, zip_code: str, query: str) -> Place:
    """Resolve a five-digit ZIP (any +4 suffix already dropped); a miss suggests numeric neighbours."""
    row = db.execute("SELECT lat, lon, city, state FROM zips WHERE zip = ?", (zip_code,)).fetchone()
    if row is None:
        raise PlaceNotFound(query, _zip_neighbours(db, zip_code), f"We couldn't find the ZIP code {zip_code}.")
    return Place(row[0], row[1], _zip_label(zip_code, row[2], row[3]), "US", "zip")


def _zip_neighbours(db: sqlite3.Connection, zip_code: str) -> list[str]:
    """Suggest the nearest real ZIPs sharing the first three digits (the sectional centre)."""
    prefix = zip_code[:3]
    rows = db.execute("SELECT zip, city, state FROM zips WHERE zip >= ? AND zip < ? ORDER BY zip",
                      (prefix, prefix + "~")).fetchall()
    rows.sort(key=lambda r: abs(int(r[0]) - int(zip_code)))
    return [_zip_label(*r) for r in rows[:4]]


def suggest_postcodes(db: sqlite3.Connection, typed: str, limit: int) -> list[Place]:
    """Autocomplete outward codes, then full postcodes, that start with the typed characters.

    A typed space fixes where the outward code ends, so "M1 1" offers M1 1AA but not M11 0AA.
    """
    outcode, _, inward = typed.upper().partition(" ")
    compact = outcode + inward.replace(" ", "")
    places = []
    if not inward and len(compact) <= 4:
        rows = db.execute("SELECT code, lat, lon, town FROM outcodes WHERE code >= ? AND code < ? "
                          "ORDER BY length(code), code LIMIT ?", (compact, compact + "~", limit)).fetchall()
        places += [Place(lat, lon, _outcode_label(code, town), "GB", "outcode") for code, lat, lon, town in rows]
    if (inward or len(compact) >= 4) and len(places) < limit:
        length_rule = "AND length(p.code) = ?" if inward else "AND ? = 0"
        rows = db.execute("SELECT p.code, p.lat, p.lon, o.town FROM postcodes p LEFT JOIN outcodes o "
                          "ON o.code = substr(p.code, 1, length(p.code) - 3) WHERE p.code >= ? AND p.code < ? "
                          f"{length_rule} ORDER BY p.code LIMIT ?",
                          (compact, compact + "~", len(outcode) + 3 if inward else 0, limit - len(places))).fetchall()
        places += [Place(lat / COORD_SCALE, lon / COORD_SCALE,
                         f"{format_postcode(code)}, {town}" if town else format_postcode(code), "GB", "postcode")
                   for code, lat, lon, town in rows]
    return places


def suggest_zips(db: sqlite3.Connection, digits: str, limit: int) -> list[Place]:
    """Autocomplete ZIP codes that start with the typed digits."""
    rows = db.execute("SELECT zip, lat, lon, city, state FROM zips WHERE zip >= ? AND zip < ? ORDER BY zip LIMIT ?",
                      (digits, digits + "~", limit)).fetchall()
    return [Place(lat, lon, _zip_label(z, city, state), "US", "zip") for z, lat, lon, city, state in rows]
