""""Did you mean" for town names: trigram candidates from SQLite, ranked with difflib."""
from __future__ import annotations

import sqlite3
from difflib import SequenceMatcher

from geo.places import trigrams

CANDIDATES = 60  # names sharing the most trigrams, before the finer difflib ranking
MIN_SIMILARITY = 0.72


def similar_names(db: sqlite3.Connection, key: str, limit: int = 5) -> list[str]:
    """Return up to ``limit`` known name keys closest to ``key``, best first, bigger places on ties."""
    grams = sorted(trigrams(key))
    if not key or not grams:
        return []
    marks = ",".join("?" * len(grams))
    rows = db.execute(
        f"SELECT k.key, k.rank FROM (SELECT key_id, count(*) AS shared FROM name_trigrams WHERE tri IN ({marks}) "
        f"GROUP BY key_id ORDER BY shared DESC LIMIT {CANDIDATES}) t JOIN name_keys k ON k.id = t.key_id",
        grams,
    ).fetchall()
    scored = []
    for candidate, rank in rows:
        similarity = SequenceMatcher(None, key, candidate, autojunk=False).ratio()
        if similarity >= MIN_SIMILARITY and candidate != key:
            scored.append((round(similarity, 2), rank, candidate))
    scored.sort(reverse=True)
    return [candidate for _, _, candidate in scored[:limit]]
