"""The clinic form's pin preview: a small map drawn from the gazetteer alone, so it works without map tiles.

It shows the pin, the postcode's own point with the circle the pin must stay inside, and the
biggest towns around for bearings, on a flat projection that is true enough over a few kilometres.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from directory.places import gazetteer
from geo.addresses import PIN_MAX_KM, CheckedAddress, towns_near

WIDTH, HEIGHT = 320, 200  # the SVG's viewBox; it scales to the width of the form
PX_PER_KM = 24.0  # about ±6.7 km across and ±4 km up and down
KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class Mark:
    """A labelled point on the preview, in viewBox pixels."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class PinMap:
    """What the template draws: the pin, the postcode and its circle, nearby towns and a 1 km scale bar."""

    address: CheckedAddress
    pin: Mark
    postcode: Mark
    circle_r: float
    towns: list[Mark]
    scale_px: float
    width: int = WIDTH
    height: int = HEIGHT


def _projector(lat0: float, lon0: float):
    """Turn (lat, lon) into viewBox pixels around (lat0, lon0), north up."""
    east_km = KM_PER_DEGREE * math.cos(math.radians(lat0))

    def to_xy(lat: float, lon: float) -> tuple[float, float]:
        """Pixels of one point."""
        return (round(WIDTH / 2 + (lon - lon0) * east_km * PX_PER_KM, 1),
                round(HEIGHT / 2 - (lat - lat0) * KM_PER_DEGREE * PX_PER_KM, 1))

    return to_xy


def _inside(x: float, y: float, margin: float = 12) -> bool:
    """Whether a point can be drawn with its label inside the preview."""
    return margin <= x <= WIDTH - margin and margin <= y <= HEIGHT - margin


def pin_map(address: CheckedAddress) -> PinMap:
    """Lay out the preview of a checked address, centred on its postcode."""
    to_xy = _projector(address.postcode_lat, address.postcode_lon)
    reach_km = math.hypot(WIDTH, HEIGHT) / 2 / PX_PER_KM
    towns = [Mark(*to_xy(lat, lon), name) for name, lat, lon in
             towns_near(gazetteer(), address.postcode_lat, address.postcode_lon, reach_km)]
    return PinMap(address=address, pin=Mark(*to_xy(address.lat, address.lon), address.label),
                  postcode=Mark(*to_xy(address.postcode_lat, address.postcode_lon), address.postcode),
                  circle_r=PIN_MAX_KM * PX_PER_KM, towns=[t for t in towns if _inside(t.x, t.y)],
                  scale_px=PX_PER_KM)
