"""Great-circle distance and search boxes that stay correct at the poles and the 180th meridian."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
KM_PER_MILE = 1.609344

Box = tuple[float, float, float, float]  # (min_lat, max_lat, min_lon, max_lon)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km; within about 0.5% of the WGS84 geodesic."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> list[Box]:
    """Lat/lon boxes that together contain every point within ``radius_km`` of (lat, lon).

    A circle over a pole spans all longitudes; one crossing the 180th meridian is split in two,
    so a query can use ``lat BETWEEN ... AND lon BETWEEN ...`` per box with OR between boxes.
    """
    if radius_km < 0 or not -90 <= lat <= 90:
        raise ValueError("radius must be non-negative and latitude within [-90, 90]")
    angle = radius_km / EARTH_RADIUS_KM
    lat_r = math.radians(lat)
    min_lat, max_lat = lat_r - angle, lat_r + angle
    if angle >= math.pi or max_lat >= math.pi / 2 or min_lat <= -math.pi / 2:
        return [(math.degrees(max(min_lat, -math.pi / 2)), math.degrees(min(max_lat, math.pi / 2)), -180.0, 180.0)]
    # Widest longitude reach is at the circle's tangent points, not at the centre's latitude.
    d_lon = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(lat_r))))
    lo, hi = math.degrees(min_lat), math.degrees(max_lat)
    west, east = _wrap(lon - d_lon), _wrap(lon + d_lon)
    if west > east:  # crosses the antimeridian
        return [(lo, hi, west, 180.0), (lo, hi, -180.0, east)]
    return [(lo, hi, west, east)]


def _wrap(lon: float) -> float:
    """Bring a longitude into [-180, 180]."""
    wrapped = (lon + 180.0) % 360.0 - 180.0
    return 180.0 if wrapped == -180.0 and lon > 0 else wrapped
