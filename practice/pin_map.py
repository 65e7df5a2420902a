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
PX_PER_KM = 20.0  # ±8 km across and ±5 km up and down
MAX_TOWNS = 6
LABEL_PX_PER_CHAR, LABEL_HEIGHT = 7.0, 13  # rough size of a 12 px label, to keep labels apart
KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class Mark:
    """A labelled point on the preview, in viewBox pixels."""

    x: float
    y: float
    label: str
    label_x: float = 0.0  # where the label's baseline starts ("start") or ends ("end")
    label_y: float = 0.0
    anchor: str = "start"


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


def _placed(mark: Mark, dx: float, dy: float) -> Mark:
    """The mark with its label dx, dy from it: right of it for a positive dx, left for a negative one."""
    return Mark(mark.x, mark.y, mark.label, mark.x + dx, mark.y + dy, "start" if dx >= 0 else "end")


def _label_box(mark: Mark) -> tuple[float, float, float, float]:
    """The box a mark's label covers: left, top, right, bottom."""
    width = LABEL_PX_PER_CHAR * len(mark.label)
    left = mark.label_x if mark.anchor == "start" else mark.label_x - width
    return left, mark.label_y - LABEL_HEIGHT + 1, left + width, mark.label_y + 3


def _overlaps(a: tuple, b: tuple) -> bool:
    """Whether two boxes overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legible(towns: list[Mark], pin: Mark) -> list[Mark]:
    """The biggest towns whose labels fit beside them without covering the pin, its label or each other."""
    scale_bar = (0, HEIGHT - 26, 20 + PX_PER_KM + 40, HEIGHT)
    taken, kept = [_label_box(pin), (pin.x - 10, pin.y - 28, pin.x + 10, pin.y + 4), scale_bar], []
    for town in (t for t in towns if _inside(t.x, t.y)):
        for dx, dy in ((5, -4), (-5, -4), (5, 15), (-5, 15)):
            placed = _placed(town, dx, dy)
            box = _label_box(placed)
            if box[0] >= 0 and box[2] <= WIDTH and not any(_overlaps(box, other) for other in taken):
                taken.append(box)
                kept.append(placed)
                break
    return kept[:MAX_TOWNS]


def pin_map(address: CheckedAddress) -> PinMap:
    """Lay out the preview of a checked address, centred on its postcode."""
    to_xy = _projector(address.postcode_lat, address.postcode_lon)
    reach_km = math.hypot(WIDTH, HEIGHT) / 2 / PX_PER_KM
    towns = [Mark(*to_xy(lat, lon), name) for name, lat, lon in
             towns_near(gazetteer(), address.postcode_lat, address.postcode_lon, reach_km, limit=40)]
    pin = _placed(Mark(*to_xy(address.lat, address.lon), address.postcode), 11, -4)
    return PinMap(address=address, pin=pin, postcode=Mark(*to_xy(address.postcode_lat, address.postcode_lon),
                                                          address.postcode),
                  circle_r=PIN_MAX_KM * PX_PER_KM, towns=_legible(towns, pin), scale_px=PX_PER_KM)
