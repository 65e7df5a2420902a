"""Read search parameters (from the page or the API) into a SearchQuery, or refuse them with a clear reason."""
import math

from sqlalchemy import select

from directory.models import BADGE_STATUSES, Profession, Treatment
from directory.places import PlaceLookupFailed, find_place
from directory.search import SORTS, SearchQuery
from core.extensions import db
from core.refusal import Refusal
from geo import PlaceNotFound

UNITS = ("mi", "km")
MIN_RADIUS, MAX_RADIUS, DEFAULT_RADIUS = 0.1, 500, 10.0
MAX_YEARS = 80
MAX_PAGE, MAX_PER_PAGE, DEFAULT_PER_PAGE = 10_000, 100, 20
YES, NO = ("1", "yes", "true", "on"), ("", "0", "no", "false", "off")
# The refusal codes of a search, for the OpenAPI document's list of error codes.
INVALID, OUT_OF_RANGE, MISSING = "invalid_parameter", "out_of_range", "missing_parameter"
MISSING_LOCATION, UNKNOWN_PLACE, GEOCODER_UNAVAILABLE = "missing_location", "unknown_place", "geocoder_unavailable"
CODES = (INVALID, OUT_OF_RANGE, MISSING, MISSING_LOCATION, UNKNOWN_PLACE, GEOCODER_UNAVAILABLE)


def refuse(code: str, field: str, message: str, **extra) -> Refusal:
    """A search parameter that cannot be used: a 400 when the API answers it."""
    return Refusal(code, message, field, status=400, **extra)


def _number(args, name: str, default, kind=float, low=None, high=None):
    """Parse a number parameter, refusing text, NaN and values out of range."""
    raw = (args.get(name) or "").strip()
    if raw == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise refuse(INVALID, name, f"“{raw[:30]}” is not a valid {name.replace('_', ' ')}.") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise refuse(INVALID, name, f"{name} must be a finite number.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise refuse(OUT_OF_RANGE, name, f"{name.replace('_', ' ').capitalize()} must be between {low} and {high}.")
    return value


def _choice(args, name: str, allowed, default=None):
    """Parse a parameter that must be one of a fixed set."""
    raw = (args.get(name) or "").strip()
    if raw == "":
        return default
    if raw not in allowed:
        raise refuse(INVALID, name, f"{name.capitalize()} must be one of: {', '.join(allowed)}.")
    return raw


def _origin(args) -> tuple[float, float, str, tuple[str, ...]]:
    """The search centre: typed place, or lat and lon from the browser's location."""
    lat = _number(args, "lat", None, float, -90, 90)
    lon = _number(args, "lon", None, float, -180, 180)
    near = (args.get("near") or "").strip()
    if lat is not None and lon is not None:
        return lat, lon, near or "your location", ()
    if (lat is None) != (lon is None):
        raise refuse(MISSING, "lat" if lat is None else "lon", "Give both lat and lon, or a place.")
    if not near:
        raise refuse(MISSING_LOCATION, "near", "Enter a town, city, postcode or ZIP code.")
    try:
        place = find_place(near)
    except PlaceNotFound as error:
        raise refuse(UNKNOWN_PLACE, "near", error.message, suggestions=list(error.suggestions)) from error
    except PlaceLookupFailed as error:
        raise refuse(GEOCODER_UNAVAILABLE, "near", str(error)) from error
    return place.lat, place.lon, place.label, place.alternatives


def _badges(args) -> tuple[str, ...]:
    """Badge statuses to keep: comma-separated (API) or repeated (form) values."""
    values = args.getlist("badge") if hasattr(args, "getlist") else [args.get("badge") or ""]
    statuses = tuple(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))
    unknown = [s for s in statuses if s not in BADGE_STATUSES]
    if unknown:
        raise refuse(INVALID, "badge", f"Badge must be among: {', '.join(BADGE_STATUSES)}.")
    return statuses


def _yes_no(args, name: str) -> bool:
    """Parse a yes/no flag; absent means no."""
    raw = (args.get(name) or "").strip().lower()
    if raw in NO:
        return False
    if raw in YES:
        return True
    raise refuse(INVALID, name, f"{name.replace('_', ' ').capitalize()} must be yes or no.")


def treatment_slugs() -> list[str]:
    """The slugs of the catalogue's treatments."""
    return list(db.session.scalars(select(Treatment.slug).order_by(Treatment.name)))


def parse_search(args) -> SearchQuery:
    """Turn request parameters into a SearchQuery, or raise a Refusal naming what is wrong."""
    unit = _choice(args, "unit", UNITS, UNITS[0])
    radius = _number(args, "radius", DEFAULT_RADIUS, float, MIN_RADIUS, MAX_RADIUS)
    min_years = _number(args, "min_years", 0, int, 0, MAX_YEARS)
    treatment = _choice(args, "treatment", treatment_slugs())
    profession = _choice(args, "profession", [p.value for p in Profession])
    sort = _choice(args, "sort", SORTS, SORTS[0])
    page = _number(args, "page", 1, int, 1, MAX_PAGE)
    per_page = _number(args, "per_page", DEFAULT_PER_PAGE, int, 1, MAX_PER_PAGE)
    badge = _badges(args)
    no_human_exosomes = _yes_no(args, "no_human_exosomes")
    lat, lon, label, alternatives = _origin(args)
    return SearchQuery(lat=lat, lon=lon, radius=radius, unit=unit, min_years=min_years, treatment=treatment,
                       profession=profession, sort=sort, page=page, per_page=per_page, label=label,
                       badge=badge, no_human_exosomes=no_human_exosomes,
                       alternatives=alternatives)
