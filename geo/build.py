"""Build the read-only SQLite gazetteer from data that ships inside Python packages.

Run as ``python -m geo.build [PATH]`` (default ``instance/gazetteer.sqlite3``).
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from core import clock
from pathlib import Path

import numpy as np

from geo import derive, sources
from geo.places import COORD_SCALE, name_key
from geo.schema import SCHEMA, SCHEMA_VERSION, schema_version_of

DEFAULT_PATH = Path("instance") / "gazetteer.sqlite3"


def _write_postcodes(db: sqlite3.Connection, postcodes: sources.Postcodes) -> None:
    """Store postcodes compactly: code as key, coordinates as scaled integers."""
    lat = np.rint(postcodes.lat * COORD_SCALE).astype(np.int64).tolist()
    lon = np.rint(postcodes.lon * COORD_SCALE).astype(np.int64).tolist()
    db.executemany("INSERT INTO postcodes VALUES (?, ?, ?)", zip(postcodes.codes.tolist(), lat, lon))


def _write_cities(db: sqlite3.Connection, cities: list[sources.City], outcodes: list, zips: list) -> None:
    """Store towns with unique labels, every name they answer to, and the fuzzy trigram index."""
    district_of = derive.districts(cities, outcodes, zips)
    labels = derive.city_labels(cities, district_of)
    db.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
        (c.id, c.name, c.country, c.region, district_of.get(c.id), c.population, c.lat, c.lon,
         labels[c.id], name_key(labels[c.id])) for c in cities))
    db.executemany("INSERT INTO city_names VALUES (?, ?, ?, ?)", derive.name_rows(cities))
    keys, postings = derive.trigram_rows(cities)
    db.executemany("INSERT INTO name_keys VALUES (?, ?, ?)", keys)
    db.executemany("INSERT INTO name_trigrams VALUES (?, ?)", postings)


def _write_all(db: sqlite3.Connection, postcode_areas: set[str] | None) -> dict[str, int]:
    """Load every source, derive what's missing and insert it; return row counts."""
    postcodes = sources.load_postcodes(postcode_areas)
    outcodes = derive.outcode_centroids(postcodes)
    zips, cities = sources.load_zips(), sources.load_cities()
    towns = derive.post_towns(outcodes, cities)
    db.executescript(SCHEMA)
    _write_postcodes(db, postcodes)
    db.executemany("INSERT INTO outcodes VALUES (?, ?, ?, ?, ?)",
                   ((o[0], o[1], o[2], town, o[3]) for o, town in zip(outcodes, towns)))
    db.executemany("INSERT INTO zips VALUES (?, ?, ?, ?, ?, ?)", zips)
    _write_cities(db, cities, outcodes, zips)
    db.executemany("INSERT INTO regions VALUES (?, ?, ?)", sources.load_regions())
    return {"postcodes": len(postcodes.codes), "outcodes": len(outcodes), "zips": len(zips), "cities": len(cities)}


def needs_build(path: str | os.PathLike) -> bool:
    """Whether the file is absent or was built by an older version of this module."""
    return schema_version_of(path) != SCHEMA_VERSION


def build_gazetteer(path: str | os.PathLike, postcode_areas: set[str] | None = None) -> dict:
    """Build the gazetteer at ``path`` via a temp file and an atomic rename; return build stats.

    ``postcode_areas`` (e.g. ``{"M", "SW"}``) limits UK postcodes to those areas, for quick tests.
    """
    started = time.perf_counter()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        counts = _build_into(Path(tmp_name), postcode_areas)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    seconds = time.perf_counter() - started
    return {"path": str(target), "counts": counts, "seconds": round(seconds, 2), "bytes": target.stat().st_size}


def _build_into(tmp_path: Path, postcode_areas: set[str] | None) -> dict[str, int]:
    """Write a complete database into ``tmp_path``; nothing else sees it until the rename."""
    tmp_path.unlink(missing_ok=True)  # sqlite wants to create the file itself
    db = sqlite3.connect(tmp_path)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with db:
            counts = _write_all(db, postcode_areas)
            built_at = clock.now().isoformat(timespec="seconds")
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema_version", SCHEMA_VERSION),
                                                             ("built_at", built_at)])
        db.execute("ANALYZE")
    finally:
        db.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command line entry point: build, then report counts, time and size."""
    parser = argparse.ArgumentParser(prog="python -m geo.build", description="Build the offline gazetteer.")
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help=f"output file (default {DEFAULT_PATH})")
    stats = build_gazetteer(parser.parse_args(argv).path)
    counts = ", ".join(f"{n:,} {what}" for what, n in stats["counts"].items())
    print(f"Built {stats['path']}: {counts}")
    print(f"in {stats['seconds']:.1f} s, {stats['bytes'] / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
