"""IANA time zone of a point, via timezonefinder's offline polygons."""
from __future__ import annotations

import math
import threading

FALLBACK_ZONES = {"GB": "Europe/London"}
DEFAULT_ZONE = "UTC"

_finder = None
_finder_lock = threading.Lock()


def _get_finder():
    """Create the TimezoneFinder once per process, on first use (it maps ~100 MB of data)."""
    global _finder
    if _finder is None:
        with _finder_lock:
            if _finder is None:
                from timezonefinder import TimezoneFinder

                _finder = TimezoneFinder()
    return _finder


def time_zone_for(lat: float, lon: float, country: str | None = None) -> str:
    """Return the IANA zone at (lat, lon); at sea this is an "Etc/GMT±N" nautical zone.

    Falls back to the country's zone (Europe/London for GB) or UTC for unusable coordinates.
    """
    fallback = FALLBACK_ZONES.get((country or "").upper(), DEFAULT_ZONE)
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return fallback
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return fallback
    try:
        zone = _get_finder().timezone_at(lng=lon, lat=lat)
    except ValueError:
        return fallback
    return zone or fallback
