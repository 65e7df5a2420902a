"""IANA time zones for points, with fallbacks when the data has no answer."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from geo.timezones import time_zone_for


@pytest.mark.parametrize("lat, lon, zone", [
    (51.5074, -0.1278, "Europe/London"),
    (40.7128, -74.0060, "America/New_York"),
    (34.0522, -118.2437, "America/Los_Angeles"),
    (53.4808, -2.2426, "Europe/London"),
    (41.8781, -87.6298, "America/Chicago"),
    (21.3069, -157.8583, "Pacific/Honolulu"),
])
def test_land_points(lat, lon, zone):
    assert time_zone_for(lat, lon) == zone


def test_point_at_sea_gets_a_nautical_zone():
    zone = time_zone_for(45.0, -30.0)  # mid-Atlantic
    assert zone == "Etc/GMT+2"
    assert datetime(2026, 1, 1, 12, tzinfo=ZoneInfo(zone)).utcoffset().total_seconds() == -2 * 3600


@pytest.mark.parametrize("lat, lon", [(91, 0), (0, 181), (float("nan"), 0), (None, None), ("x", 1)])
def test_unusable_coordinates_fall_back(lat, lon):
    assert time_zone_for(lat, lon) == "UTC"
    assert time_zone_for(lat, lon, country="GB") == "Europe/London"


def test_zones_are_valid_iana_names():
    for lat, lon in [(55.95, -3.19), (61.2, -149.9), (25.76, -80.19)]:
        assert ZoneInfo(time_zone_for(lat, lon))
