"""Read search parameters (from the page or the API) into a SearchQuery, with clear errors."""
import math

from sqlalchemy import select

from compliance.badge import STATUSES
from directory.models import Profession, Treatment
from directory.places import PlaceLookupFailed, find_place
from directory.search import SORTS, SearchQuery
from core.extensions import db
from geo import PlaceNotFound

MAX_RADIUS = 500
MAX_PER_PAGE = 100


class SearchError(ValueError):
    """A parameter that cannot be used, with a code, the field, a message and suggestions."""

    def __init__(self, code: str, field: str, message: str, suggestions=()):
        super().__init__(message)
        self.code, self.field, self.message, self.suggestions = code, field, message, list(suggestions)


def _number(args, name: str, default, kind=float, low=None, high=None):
    """Parse a number parameter, refusing text, NaN and values out of range."""
    raw = (args.get(name) or "").strip()
    if raw == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SearchError("invalid_parameter", name, f"“{raw[:30]}” is not a valid {name.replace('_', ' ')}.") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise SearchError("invalid_parameter", name, f"{name} must be a finite number.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise SearchError("out_of_range", name, f"{name.replace('_', ' ').capitalize()} must be between {low} and {high}.")
    return value


def _choice(args, name: str, allowed, default=None):
    """Parse a parameter that must be one of a fixed set."""
    raw = (args.get(name) or "").strip()
    if raw == "":
        return default
    if raw not in allowed:
        raise SearchError("invalid_parameter", name, f"{name.capitalize()} must be one of: {', '.join(allowed)}.")
    return raw


def _origin(args) -> tuple[float, float, str, tuple[str, ...]]:
    """The search centre: typed place, or lat and lon from the browser's location."""
    lat = _number(args, "lat", None, float, -90, 90)
    lon = _number(args, "lon", None, float, -180, 180)
    near = (args.get("near") or "").strip()
    if lat is not None and lon is not None:
        return lat, lon, near or "your location", ()
    if (lat is None) != (lon is None):
        raise SearchError("missing_parameter", "lat" if lat is None else "lon", "Give both lat and lon, or a place.")
    if not near:
        raise SearchError("missing_location", "near", "Enter a town, city, postcode or ZIP code.")
    try:
        place = find_place(near)
    except PlaceNotFound as error:
        raise SearchError("unknown_place", "near", error.message, error.suggestions) from error
    except PlaceLookupFailed as error:
        raise SearchError("geocoder_unavailable", "near", str(error)) from error
    return place.lat, place.lon, place.label, place.alternatives


def _badges(args) -> tuple[str, ...]:
    """Badge statuses to keep: comma-separated (API) or repeated (form) values."""
    values = args.getlist("badge") if hasattr(args, "getlist") else [args.get("badge") or ""]
    statuses = tuple(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise SearchError("invalid_parameter", "badge", f"Badge must be among: {', '.join(STATUSES)}.")
    return statuses


def _yes_no(args, name: str) -> bool:
    """Parse a yes/no flag; absent means no."""
    raw = (args.get(name) or "").strip().lower()
    if raw in ("", "0", "no", "false", "off"):
        return False
    if raw in ("1", "yes", "true", "on"):
        return True
    raise SearchError("invalid_parameter", name, f"{name.replace('_', ' ').capitalize()} must be yes or no.")


def treatment_slugs() -> list[str]:
    """The slugs of the catalogue's treatments."""
    return list(db.session.scalars(select(Treatment.slug).order_by(Treatment.name)))


def parse_search(args) -> SearchQuery:
    """Turn request parameters into a SearchQuery, or raise SearchError naming what is wrong."""
    unit = _choice(args, "unit", ("mi", "km"), "mi")
    radius = _number(args, "radius", 10.0, float, 0.1, MAX_RADIUS)
    min_years = _number(args, "min_years", 0, int, 0, 80)
    treatment = _choice(args, "treatment", treatment_slugs())
    profession = _choice(args, "profession", [p.value for p in Profession])
    sort = _choice(args, "sort", SORTS, "distance")
    page = _number(args, "page", 1, int, 1, 10_000)
    per_page = _number(args, "per_page", 20, int, 1, MAX_PER_PAGE)
    badge = _badges(args)
    no_human_exosomes = _yes_no(args, "no_human_exosomes")
    lat, lon, label, alternatives = _origin(args)
    return SearchQuery(lat=lat, lon=lon, radius=radius, unit=unit, min_years=min_years, treatment=treatment,
                       profession=profession, sort=sort, page=page, per_page=per_page, label=label,
                       badge=badge, no_human_exosomes=no_human_exosomes,
                       alternatives=alternatives)
