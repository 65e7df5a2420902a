"""Which of several same-name towns a typed name means: the biggest, and the site's own country on a tie.

"Newcastle" is Newcastle upon Tyne (about 300,000 people), not Newcastle, WA (11,000): towns
are weighed by population, and a town's own short form ("Newcastle" for Newcastle upon Tyne,
"Stoke" for Stoke-on-Trent) weighs as much as its full name. Any other former or alternate
name keeps the small rank the build gives it, so a town once called Leeds never beats Leeds.
GeoNames populations are rough, so towns within a quarter of each other's size count as a tie,
and the site's default country (the DEFAULT_COUNTRY setting, GB unless set) wins it.
"""
from __future__ import annotations

from typing import Protocol, Sequence, TypeVar

from geo.places import name_key

TIE_RATIO = 1.25  # populations closer than this are the same size for choosing a town
# Words that join a town's short name to the rest of it: Newcastle-under-Lyme, Weston-super-Mare.
LINKING_WORDS = frozenset({"upon", "under", "on", "in", "by", "le", "super", "sub", "juxta", "next", "at", "over"})


class Candidate(Protocol):
    """What ranking reads of a town row."""

    name: str
    country: str
    is_primary: bool
    rank: float
    population: int


T = TypeVar("T", bound=Candidate)


def extends_with_linking_word(key: str, full_key: str) -> bool:
    """True for a name that is the typed one plus "upon ...", "under ...", "on ...": another same-name place."""
    rest = full_key[len(key) + 1:].split() if full_key.startswith(key + " ") else []
    return bool(rest) and rest[0] in LINKING_WORDS


def is_short_form(key: str, candidate: Candidate) -> bool:
    """True when the typed key is the town's name cut before "upon", "on"... ("newcastle" of Newcastle upon Tyne)."""
    return extends_with_linking_word(key, name_key(candidate.name))


def weight(key: str, candidate: Candidate) -> float:
    """A town's weight for a typed name: its population when the name is its own, else its alternate-name rank."""
    if candidate.is_primary or is_short_form(key, candidate):
        return float(candidate.population)
    return candidate.rank


def ranked(key: str, candidates: Sequence[T], prefer_country: str | None = None) -> list[T]:
    """The candidates biggest first, except that the preferred country's biggest wins a near tie for first."""
    order = sorted(candidates, key=lambda c: -weight(key, c))
    if not order or not prefer_country:
        return order
    top = weight(key, order[0])
    tied = [c for c in order if weight(key, c) * TIE_RATIO >= top]
    home = next((c for c in tied if c.country == prefer_country), None)
    if home is None or home is order[0]:
        return order
    return [home] + [c for c in order if c is not home]
