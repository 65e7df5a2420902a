"""Bookable slots as pure functions: opening hours in the clinic's IANA zone, turned into UTC instants.

Slots are walked in the clinic's wall time (so a 09:00 opening is 09:00 on both sides of a
daylight-saving change), then each wall time becomes one UTC instant: a wall time that the
change skips is left out, and one it repeats is taken once, at its first occurrence. Lengths,
notice, horizon, buffers, time off and other bookings are then measured in real time (UTC).
`generate` walks a clinic's calendar past the practitioner's busy ranges; booking.schedule.availability
loads those from the database. Nothing here reads the database or the clock.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator
from zoneinfo import ZoneInfo

from booking.models import BookingKind

if TYPE_CHECKING:
    from directory.models import Offering

UTC = timezone.utc
STEP_MINUTES = 15
CONSULTATION_MINUTES = 30
STEP = timedelta(minutes=STEP_MINUTES)
Interval = tuple[time, time]


def overlaps(a_start, a_end, b_start, b_end):
    """True when [a_start, a_end) and [b_start, b_end) share an instant: the one overlap rule of booking.

    Works on datetimes in Python and on columns in SQL alike (`&` is `and` for booleans and
    `AND` for SQLAlchemy expressions), so the slot generator, the booking check and the
    queries all use this one function. Ranges that only touch (one ends as the other starts)
    do not overlap, exactly like PostgreSQL's `tstzrange(..., '[)') && ...`.
    """
    return (a_start < b_end) & (b_start < a_end)


@dataclass(frozen=True)
class Slot:
    """A bookable appointment time, as UTC instants."""

    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Visit:
    """The length of an appointment and the time kept free before and after it, in minutes."""

    minutes: int
    before: int = 0
    after: int = 0

    @classmethod
    def of(cls, offering: Offering, kind: str = BookingKind.TREATMENT.value) -> Visit:
        """The visit an offering needs: the treatment itself, or the consultation before it."""
        minutes = CONSULTATION_MINUTES if kind == BookingKind.CONSULTATION.value else offering.duration_minutes
        return cls(minutes, offering.buffer_before_minutes or 0, offering.buffer_after_minutes or 0)

    def blocked(self, starts_at: datetime) -> tuple[datetime, datetime]:
        """The instants a visit starting then keeps free, buffers included."""
        return (starts_at - timedelta(minutes=self.before),
                starts_at + timedelta(minutes=self.minutes + self.after))

    def dominates(self, other: Visit) -> bool:
        """True when this visit fits wherever the other one does (no longer, no bigger buffers)."""
        return self.minutes <= other.minutes and self.before <= other.before and self.after <= other.after


def day_intervals(opens: time | None, closes: time | None, break_starts: time | None = None,
                  break_ends: time | None = None) -> list[Interval]:
    """The open periods of a day: opening to closing, less the break."""
    if opens is None or closes is None:
        return []
    if break_starts is None or break_ends is None:
        return [(opens, closes)]
    return [(a, b) for a, b in ((opens, break_starts), (break_ends, closes)) if a < b]


@lru_cache(maxsize=512)
def zone_of(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, cached."""
    return ZoneInfo(name)


@dataclass
class ClinicCalendar:
    """Everything about one clinic that decides when it is open and how far ahead it books."""

    zone: ZoneInfo
    weekly: dict[int, list[Interval]]
    overrides: dict[date, list[Interval]]
    min_notice: timedelta
    horizon: timedelta

    def intervals_on(self, day: date) -> list[Interval]:
        """A date's open periods: its override if it has one, else its weekday's hours."""
        found = self.overrides.get(day)
        return found if found is not None else self.weekly.get(day.weekday(), [])


def build_calendar(clinic, hours: Iterable, overrides: Iterable) -> ClinicCalendar:
    """A ClinicCalendar from a clinic (or a row with its booking columns) and its hours and override rows."""
    weekly = {h.weekday: day_intervals(h.opens, h.closes, h.break_starts, h.break_ends) for h in hours}
    special = {o.day: ([] if o.closed else day_intervals(o.opens, o.closes, o.break_starts, o.break_ends))
               for o in overrides}
    return ClinicCalendar(zone_of(clinic.time_zone), weekly, special,
                          timedelta(minutes=clinic.min_notice_minutes or 0), timedelta(days=clinic.horizon_days or 0))


class Busy:
    """Instants the practitioner cannot take a booking, merged into sorted disjoint ranges."""

    def __init__(self, ranges: Iterable[tuple[datetime, datetime]] = ()):
        self.starts: list[datetime] = []
        self.ends: list[datetime] = []
        for start, end in sorted(ranges):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def clash_end(self, start: datetime, end: datetime) -> datetime | None:
        """The end of the busy range [start, end) overlaps, or None (only the last one starting before `end` can)."""
        i = bisect_left(self.starts, end) - 1
        return self.ends[i] if i >= 0 and overlaps(self.starts[i], self.ends[i], start, end) else None

    def covers(self, start: datetime, end: datetime) -> bool:
        """True when one busy range holds all of [start, end), so nothing inside it can be booked."""
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end


def wall_instant(day: date, minutes: int, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a wall time, its first occurrence if repeated, None if the clocks skip it."""
    naive = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
    instant = naive.replace(tzinfo=zone).astimezone(UTC)
    return instant if instant.astimezone(zone).replace(tzinfo=None) == naive else None


def steady_midnight(day: date, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a date's local midnight when its offset holds all day; None on a change day.

    On such a day every wall time is midnight plus minutes, which spares a zone lookup per slot.
    """
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
    offset = midnight.utcoffset()
    if offset != (midnight + timedelta(days=1)).utcoffset():  # wall-clock arithmetic: the next midnight
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - offset


def wall_starts(day: date, opens: time, closes: time, zone: ZoneInfo) -> Iterator[datetime]:
    """UTC instants of the wall times from `opens`, every STEP_MINUTES, before `closes`; skipped ones left out."""
    first, stop = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute
    midnight = steady_midnight(day, zone)
    if midnight is None:
        yield from filter(None, (wall_instant(day, m, zone) for m in range(first, stop, STEP_MINUTES)))
        return
    start = midnight + timedelta(minutes=first)
    for _ in range(first, stop, STEP_MINUTES):
        yield start
        start += STEP


def bound_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of an opening or closing time (a skipped one falls just after the gap)."""
    return datetime.combine(day, at).replace(tzinfo=zone).astimezone(UTC)


def generate(calendar: ClinicCalendar, busy: Busy, visit: Visit, first_day: date, days: int,
             now: datetime) -> Iterator[Slot]:
    """Yield the bookable slots of `days` local dates from `first_day`, earliest first."""
    zone, length = calendar.zone, timedelta(minutes=visit.minutes)
    before, after = timedelta(minutes=visit.before), timedelta(minutes=visit.after)
    earliest, latest = now + calendar.min_notice, now + calendar.horizon
    day = max(first_day, earliest.astimezone(zone).date())
    last_day = min(first_day + timedelta(days=days - 1), latest.astimezone(zone).date())
    while day <= last_day:
        for opens, closes in calendar.intervals_on(day):
            close_at = bound_instant(day, closes, zone)
            if busy.covers(bound_instant(day, opens, zone), close_at):
                continue
            resume = earliest  # no slot starts before this: too soon, or inside the busy range just met
            for start in wall_starts(day, opens, closes, zone):
                if start < resume:
                    continue
                end = start + length
                if end > close_at:
                    break
                if start > latest:
                    return
                busy_until = busy.clash_end(start - before, end + after)
                if busy_until is None:
                    yield Slot(start, end)
                else:
                    resume = busy_until + before
        day += timedelta(days=1)
