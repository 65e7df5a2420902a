"""Haversine distance against geopy's ellipsoidal geodesic, and radius search boxes."""
import math
import random

import pytest
from geopy.distance import geodesic

from geo.distance import EARTH_RADIUS_KM, KM_PER_MILE, bounding_box, haversine

GB_US_POINTS = [(51.5074, -0.1278), (53.4808, -2.2426), (55.9533, -3.1883), (50.3755, -4.1427),
                (40.7128, -74.0060), (34.0522, -118.2437), (25.7617, -80.1918), (47.6062, -122.3321),
                (61.2181, -149.9003), (21.3069, -157.8583), (44.9778, -93.2650), (29.7604, -95.3698)]


def test_known_distance_and_miles():
    assert haversine(51.5074, -0.1278, 40.7128, -74.0060) == pytest.approx(5570, rel=0.005)
    assert KM_PER_MILE == 1.609344
    assert haversine(10, 20, 10, 20) == 0


def within_half_percent(a, b):
    """haversine and geodesic agree within 0.5% for these two points."""
    expected = geodesic(a, b).km
    return abs(haversine(*a, *b) - expected) <= 0.005 * expected


def test_agrees_with_geodesic_between_gb_and_us_cities():
    pairs = [(a, b) for a in GB_US_POINTS for b in GB_US_POINTS if a != b]
    assert all(within_half_percent(a, b) for a, b in pairs)


def test_agrees_with_geodesic_for_local_trips():
    rng = random.Random(7)
    for _ in range(500):
        a = (rng.uniform(25, 60), rng.uniform(-125, 2))
        b = (a[0] + rng.uniform(-2, 2), a[1] + rng.uniform(-2, 2))
        assert within_half_percent(a, b), (a, b)


def test_agrees_with_geodesic_away_from_the_equator():
    # A sphere can't match the ellipsoid everywhere: short north-south hops near the
    # equator differ by up to ~0.56%, so the sample keeps out of the tropics.
    rng = random.Random(11)
    for _ in range(500):
        a = (rng.uniform(25, 80) * rng.choice((1, -1)), rng.uniform(-180, 180))
        b = (rng.uniform(25, 80) * rng.choice((1, -1)), rng.uniform(-180, 180))
        assert within_half_percent(a, b), (a, b)


def in_boxes(boxes, lat, lon):
    """Whether a point falls inside any of the boxes."""
    return any(lo_lat <= lat <= hi_lat and lo_lon <= lon <= hi_lon for lo_lat, hi_lat, lo_lon, hi_lon in boxes)


def destination(lat, lon, bearing_deg, km):
    """The point ``km`` from (lat, lon) along a bearing, on the same sphere as haversine."""
    d, phi1, lam1, theta = km / EARTH_RADIUS_KM, math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(theta))
    lam2 = lam1 + math.atan2(math.sin(theta) * math.sin(d) * math.cos(phi1), math.cos(d) - math.sin(phi1) * math.sin(phi2))
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


def points_within(lat, lon, radius_km, rng, count=2000):
    """Random points truly inside the circle, many right at its edge."""
    for _ in range(count):
        km = radius_km * rng.choice((rng.random(), 0.999))
        point = destination(lat, lon, rng.uniform(0, 360), km)
        assert haversine(lat, lon, *point) <= radius_km + 1e-6
        yield point


@pytest.mark.parametrize("lat, lon, radius", [
    (0.0, 179.8, 100), (-16.5, -179.9, 300), (65.0, 180.0, 50),  # across the 180th meridian
    (89.5, 10.0, 100), (88.0, -45.0, 250), (-89.0, 120.0, 150),  # circles containing a pole
    (85.0, 0.0, 400), (51.5, -0.13, 25), (40.7, -74.0, 80),  # near a pole, and ordinary
])
def test_boxes_contain_every_point_in_the_circle(lat, lon, radius):
    boxes = bounding_box(lat, lon, radius)
    rng = random.Random(hash((lat, lon, radius)))
    assert all(in_boxes(boxes, *p) for p in points_within(lat, lon, radius, rng))


def test_antimeridian_circle_splits_into_two_boxes():
    boxes = bounding_box(0.0, 179.8, 100)
    assert len(boxes) == 2
    assert {b[2] for b in boxes} | {b[3] for b in boxes} >= {-180.0, 180.0}
    assert not in_boxes(boxes, 0.0, 0.0)


def test_polar_circle_spans_all_longitudes():
    assert bounding_box(89.5, 10.0, 100) == [(pytest.approx(88.6006796), 90.0, -180.0, 180.0)]


def test_ordinary_box_is_tight():
    (box,) = bounding_box(51.5, -0.13, 25)
    assert box[1] - box[0] == pytest.approx(2 * 25 / 111.2, rel=0.01)
    assert not in_boxes([box], 51.5, 0.5)


def test_bad_input_is_rejected():
    with pytest.raises(ValueError):
        bounding_box(0, 0, -1)
    with pytest.raises(ValueError):
        bounding_box(95, 0, 10)
