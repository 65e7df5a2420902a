"""Showing instants on a clinic's clocks: template filters and grouping slots by local date."""
from __future__ import annotations

from datetime import date, datetime, timezone
from itertools import groupby

from booking.schedule import Slot, zone_of


def local_dt(instant: datetime, zone_name: str) -> datetime:
    """An instant on the clocks of a zone."""
    return instant.astimezone(zone_of(zone_name))


def clock(instant: datetime, zone_name: str) -> str:
    """'09:00' on the zone's clocks."""
    return local_dt(instant, zone_name).strftime("%H:%M")


def clock_zone(instant: datetime, zone_name: str) -> str:
    """'09:00 GMT' on the zone's clocks, with the abbreviation in force then."""
    return local_dt(instant, zone_name).strftime("%H:%M %Z")


def long_date(value: date | datetime, zone_name: str | None = None) -> str:
    """'Tuesday 3 March 2026', of a date or of an instant on a zone's clocks."""
    if isinstance(value, datetime) and zone_name:
        value = local_dt(value, zone_name)
    return value.strftime("%A %-d %B %Y")


def when(instant: datetime, end: datetime | None, zone_name: str) -> str:
    """'Tuesday 3 March 2026, 09:00 to 09:45 GMT'."""
    start = local_dt(instant, zone_name)
    text = start.strftime("%A %-d %B %Y, %H:%M")
    return f"{text} to {clock_zone(end, zone_name)}" if end else f"{text} {start.strftime('%Z')}"


def url_instant(instant: datetime) -> str:
    """A compact UTC form of an instant for URLs: 2026-03-03T09:00Z (booking.flow.parse_instant reads it back)."""
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def slot_days(slots: list[Slot], zone_name: str) -> list[tuple[date, list[Slot]]]:
    """Slots grouped by their local date, in order."""
    return [(day, list(group)) for day, group in
            groupby(slots, key=lambda s: local_dt(s.starts_at, zone_name).date())]


def install(blueprint) -> None:
    """Register the filters for every template."""
    for name, function in (("clock", clock), ("clock_zone", clock_zone), ("long_date", long_date),
                           ("when", when), ("local_dt", local_dt)):
        blueprint.add_app_template_filter(function, name)
