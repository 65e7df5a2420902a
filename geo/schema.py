"""The gazetteer file's tables, and the version stamp that says which code can read it."""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

SCHEMA_VERSION = "1"

# postcodes.code is compact ("M11AE") so any typed prefix is one range scan; labels add the space.
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE postcodes (code TEXT PRIMARY KEY, lat INTEGER NOT NULL, lon INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE outcodes (code TEXT PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL, town TEXT,
                       postcodes INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE zips (zip TEXT PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL, city TEXT, state TEXT,
                   county TEXT) WITHOUT ROWID;
CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, region TEXT NOT NULL,
                     district TEXT, population INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
                     label TEXT NOT NULL, label_key TEXT NOT NULL);
CREATE INDEX cities_label_key ON cities (label_key);
CREATE TABLE city_names (key TEXT NOT NULL, city_id INTEGER NOT NULL, is_primary INTEGER NOT NULL,
                         rank REAL NOT NULL, PRIMARY KEY (key, city_id)) WITHOUT ROWID;
CREATE TABLE name_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL, rank REAL NOT NULL);
CREATE TABLE name_trigrams (tri TEXT NOT NULL, key_id INTEGER NOT NULL, PRIMARY KEY (tri, key_id)) WITHOUT ROWID;
CREATE TABLE regions (key TEXT PRIMARY KEY, country TEXT NOT NULL, region TEXT) WITHOUT ROWID;
"""


def schema_version_of(path: str | os.PathLike) -> str | None:
    """The schema version recorded in a gazetteer file, or None if it is missing or unreadable."""
    try:
        with closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None
