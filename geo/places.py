"""The Place record, the not-found error and the text normalisation shared by build and lookup."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

MAX_QUERY_LENGTH = 100
COORD_SCALE = 100_000  # postcode coordinates are stored as integers of 1e-5 degree (about 1 m)

# Compact (no spaces, upper case) forms of UK postcodes and US ZIP codes.
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
OUTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
ZIP_RE = re.compile(r"^([0-9]{5})(?:-?[0-9]{4})?$")

GB_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
COUNTRY_ALIASES = {
    "GB": ("uk", "gb", "gbr", "united kingdom", "great britain", "britain"),
    "US": ("us", "usa", "united states", "united states of america", "america"),
}


@dataclass(frozen=True)
class Place:
    """A resolved place: where it is, what to call it, and what else the text could have meant."""

    lat: float
    lon: float
    label: str
    country: str  # "GB" or "US"
    kind: str  # "postcode", "outcode", "zip" or "city"
    alternatives: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """Return a JSON-ready dict, for autocomplete and API responses."""
        data = asdict(self)
        data["alternatives"] = list(self.alternatives)
        return data


class PlaceNotFound(LookupError):
    """Raised when text names no place we know; carries "did you mean" suggestions."""

    def __init__(self, query: object, suggestions: list[str] | None = None, message: str | None = None):
        """Record what was asked (always as text), what to suggest and what to tell the user."""
        self.query = query if isinstance(query, str) else repr(query)
        self.suggestions = list(suggestions or [])
        self.message = message or f"We couldn't find a place called “{self.query}”."
        super().__init__(self.message)


def fold(text: str) -> str:
    """Strip accents and case so "Llanelli", "LLANELLÍ" and "llanelli" compare equal."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_key(text: str) -> str:
    """Return the matching key of a place name: folded, punctuation-free, "saint" as "st"."""
    folded = fold(text).replace("'", "").replace("’", "").replace("&", " and ")
    words = re.sub(r"[^0-9a-z]+", " ", folded).split()
    return " ".join("st" if w == "saint" else w for w in words)


def trigrams(key: str) -> set[str]:
    """Character trigrams of a padded name key, the unit of the fuzzy "did you mean" index."""
    padded = f"  {key} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def compact_code(text: str) -> str:
    """Upper-case text with all whitespace removed, the form postcodes and ZIPs are matched in."""
    return re.sub(r"\s+", "", text).upper()


def format_postcode(compact: str) -> str:
    """Put the single space back before the inward code: "M11AE" -> "M1 1AE"."""
    return f"{compact[:-3]} {compact[-3:]}"


def city_label(name: str, country: str, region: str, district: str | None = None) -> str:
    """Label a town as users would write it: "Portland, OR", "Leeds, England"."""
    region_name = GB_NATIONS.get(region, region) if country == "GB" else region
    parts = [name, district, region_name] if district else [name, region_name]
    return ", ".join(p for p in parts if p)
