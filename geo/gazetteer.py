"""Offline place lookup over the SQLite file made by ``geo.build``; one instance serves a process."""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from geo import cities, codes
from geo.schema import SCHEMA_VERSION, schema_version_of
from geo.places import (MAX_QUERY_LENGTH, OUTCODE_RE, POSTCODE_RE, ZIP_RE, Place, PlaceNotFound,
                        compact_code)

EMPTY_MESSAGE = "Please type a town or city, a UK postcode or a US ZIP code."


def clean_query(text: object) -> str:
    """Collapse whitespace and reject input that can't be a place, always as PlaceNotFound."""
    if not isinstance(text, str):
        raise PlaceNotFound(text, message=EMPTY_MESSAGE)
    query = " ".join(text.split())
    if not query:
        raise PlaceNotFound("", message=EMPTY_MESSAGE)
    if len(query) > MAX_QUERY_LENGTH:
        raise PlaceNotFound(query[:40] + "…", message="That is too long to be a place name; please shorten it.")
    if not any(ch.isalnum() for ch in query):
        raise PlaceNotFound(query, message=EMPTY_MESSAGE)
    return query


class Gazetteer:
    """Resolves postcodes, outcodes, ZIPs and town names from the read-only gazetteer file."""

    def __init__(self, path: str | os.PathLike):
        """Remember the file; connections open lazily, one per thread."""
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"No gazetteer at {self.path}; build it with `python -m geo.build {self.path}`.")
        if schema_version_of(self.path) != SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} is from another version of geo; rebuild it with `python -m geo.build`.")
        # immutable=1: the file never changes in place (rebuilds rename a new file over it).
        self._uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        """This thread's connection; sqlite3 connections must not be shared between threads."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def connection(self) -> sqlite3.Connection:
        """This thread's read-only connection, for checks that read the tables directly (geo.addresses)."""
        return self._db()

    def close(self) -> None:
        """Close the calling thread's connection, if it has one."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def lookup(self, text: object, prefer_country: str | None = None) -> Place:
        """Resolve free text to a Place, or raise PlaceNotFound; `prefer_country` wins a tie between towns."""
        query = clean_query(text)
        db = self._db()
        place = _coded_place(db, query)
        if place is not None:
            return place
        try:
            return cities.find_city(db, query, prefer_country)
        except PlaceNotFound:
            outcode = compact_code(query.split(",")[0])
            if OUTCODE_RE.match(outcode):  # "BT1", "ZZ9": say which postcode district is missing
                raise codes.missing_outcode(db, outcode, query) from None
            raise

    def suggest(self, prefix: object, limit: int = 8) -> list[Place]:
        """Autocomplete: postcodes or ZIPs by prefix, otherwise towns by population."""
        if not isinstance(prefix, str) or limit <= 0:
            return []
        typed = " ".join(prefix.split())[:MAX_QUERY_LENGTH]
        if not typed:
            return []
        db = self._db()
        if typed.isdigit():
            return codes.suggest_zips(db, typed[:5], limit)
        if _looks_like_postcode_start(typed):
            found = codes.suggest_postcodes(db, typed, limit)
            if found:
                return found
        return cities.suggest_cities(db, typed, limit)


def _looks_like_postcode_start(typed: str) -> bool:
    """True for "M1", "SW1A 1", "m11a": letters then a digit, no more than a postcode's length."""
    compact = compact_code(typed)
    head = compact[:2] if compact[1:2].isalpha() else compact[:1]
    return compact[:1].isalpha() and compact[len(head):len(head) + 1].isdigit() and len(compact) <= 7


def _coded_place(db: sqlite3.Connection, query: str) -> Place | None:
    """Resolve a postcode, outcode or ZIP found alone or inside a label such as "M1 1AE, Manchester"."""
    parts = [part.strip() for part in query.split(",")]
    first = compact_code(parts[0])
    last_word = parts[-1].split()[-1] if parts[-1] else ""
    if POSTCODE_RE.match(first):
        return codes.postcode_place(db, first, query)
    zip_match = ZIP_RE.match(first) or (len(parts) > 1 and ZIP_RE.match(last_word))
    if zip_match:
        return codes.zip_place(db, zip_match.group(1), query)
    if OUTCODE_RE.match(first):
        return codes.outcode_place(db, first)
    return None
