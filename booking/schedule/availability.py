"""When a practitioner can be booked, from the database: one clinic's slots, or the next free slot of many.

`bookable_slots` is the one function that answers "when can this be booked?"; `check_slot`
refuses a time it would not offer; `next_available_for` loads the clinics, offerings, hours,
overrides, time off and bookings of every practitioner asked about in a handful of queries, for
a page of search results, then runs the same generator.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, select, union_all

from booking.models import ACTIVE, Booking, BookingKind, DateOverride, OpeningHours, TimeOff
from booking.schedule.rules import check_notice
from booking.schedule.slots import UTC, Busy, Slot, Visit, build_calendar, generate, overlaps, zone_of
from core.extensions import db
from core.refusal import Refusal
from directory.models import Clinic, Offering
from directory.search import SearchResult

MAX_DAYS = 100

HOURS_COLUMNS = (OpeningHours.clinic_id, OpeningHours.weekday, OpeningHours.opens, OpeningHours.closes,
                 OpeningHours.break_starts, OpeningHours.break_ends)
OVERRIDE_COLUMNS = (DateOverride.clinic_id, DateOverride.day, DateOverride.closed, DateOverride.opens,
                    DateOverride.closes, DateOverride.break_starts, DateOverride.break_ends)


@lru_cache(maxsize=2)
def _busy_query(include_bookings: bool):
    """The time off (and active bookings) of some practitioners overlapping [start, end); built once."""
    start, end = bindparam("start"), bindparam("end")
    query = select(TimeOff.practitioner_id, TimeOff.starts_at, TimeOff.ends_at).where(
        TimeOff.practitioner_id.in_(bindparam("ids", expanding=True)),
        overlaps(TimeOff.starts_at, TimeOff.ends_at, start, end))
    if not include_bookings:
        return query
    return union_all(query, select(Booking.practitioner_id, Booking.blocked_from, Booking.blocked_until).where(
        Booking.practitioner_id.in_(bindparam("ids", expanding=True)), Booking.status.in_(ACTIVE),
        Booking.id != bindparam("ignore"), overlaps(Booking.blocked_from, Booking.blocked_until, start, end)))


def busy_ranges(practitioner_ids: list[int], start: datetime, end: datetime, ignore_booking_id: int | None = None,
                include_bookings: bool = True) -> dict[int, list[tuple[datetime, datetime]]]:
    """Per practitioner, the time off and active bookings (at any clinic) overlapping [start, end)."""
    ranges: dict[int, list] = defaultdict(list)
    parameters = {"ids": list(practitioner_ids), "start": start, "end": end, "ignore": ignore_booking_id or 0}
    for pid, range_start, range_end in db.session.execute(_busy_query(include_bookings), parameters):
        ranges[pid].append((range_start, range_end))
    return ranges


def _window(first_day: date, days: int) -> tuple[datetime, datetime]:
    """UTC instants safely covering `days` local dates from `first_day` in any zone, buffers included."""
    start = datetime.combine(first_day - timedelta(days=2), time(), UTC)
    return start, datetime.combine(first_day + timedelta(days=days + 2), time(), UTC)


def bookable_slots(practitioner, offering: Offering, clinic: Clinic, first_day: date, days: int, now: datetime, *,
                   kind: str = BookingKind.TREATMENT.value, ignore_booking_id: int | None = None,
                   include_bookings: bool = True) -> list[Slot]:
    """The slots a patient can book for an offering at a clinic over `days` local dates from `first_day`.

    Honours opening hours, breaks, date overrides, time off, minimum notice, horizon, buffers and
    the practitioner's active bookings at every clinic (less `ignore_booking_id`, the booking
    being moved). `include_bookings=False` answers "is this a time the rules allow at all?".
    """
    days = max(0, min(days, MAX_DAYS))
    hours = db.session.execute(select(*HOURS_COLUMNS).where(OpeningHours.clinic_id == clinic.id))
    overrides = db.session.execute(select(*OVERRIDE_COLUMNS).where(
        DateOverride.clinic_id == clinic.id, DateOverride.day >= first_day - timedelta(days=1),
        DateOverride.day <= first_day + timedelta(days=days)))
    calendar = build_calendar(clinic, hours, overrides)
    start, end = _window(first_day, days)
    ranges = busy_ranges([practitioner.id], start, end, ignore_booking_id, include_bookings)
    busy = Busy(ranges.get(practitioner.id, ()))
    return list(generate(calendar, busy, Visit.of(offering, kind), first_day, days, now))


def nearest_slots(practitioner, offering: Offering, clinic: Clinic, wanted: datetime, now: datetime, *,
                  kind: str = BookingKind.TREATMENT.value, ignore_booking_id: int | None = None,
                  count: int = 3) -> list[Slot]:
    """The free slots closest to a wanted time (a week either side), in time order."""
    local_day = wanted.astimezone(zone_of(clinic.time_zone)).date()
    found = bookable_slots(practitioner, offering, clinic, local_day - timedelta(days=7), 15, now, kind=kind,
                           ignore_booking_id=ignore_booking_id)
    return sorted(sorted(found, key=lambda s: abs(s.starts_at - wanted))[:count], key=lambda s: s.starts_at)


def check_slot(practitioner, offering: Offering, clinic, starts_at: datetime, now: datetime, kind: str,
               ignore_id: int | None = None) -> None:
    """Refuse a time the clinic's rules do not offer (hours, notice, horizon, time off), with why."""
    check_notice(clinic, starts_at, now)
    day = starts_at.astimezone(zone_of(clinic.time_zone)).date()
    allowed = bookable_slots(practitioner, offering, clinic, day, 1, now, kind=kind, ignore_booking_id=ignore_id,
                             include_bookings=False)
    if not any(slot.starts_at == starts_at for slot in allowed):
        raise Refusal("time_not_offered", "That time is not one we can offer: please choose one of the times shown.",
                      "starts_at")


# Plain rows, not ORM objects: a page of results needs only these columns.
CLINIC_COLUMNS = (Clinic.id, Clinic.practitioner_id, Clinic.time_zone, Clinic.min_notice_minutes, Clinic.horizon_days)
OFFERING_COLUMNS = (Offering.practitioner_id, Offering.duration_minutes, Offering.buffer_before_minutes,
                    Offering.buffer_after_minutes, Offering.requires_consultation)


def _visits(offerings) -> list[Visit]:
    """The visit shapes that could come first: drop any another one fits inside."""
    shapes = {Visit.of(o, BookingKind.CONSULTATION.value if o.requires_consultation else BookingKind.TREATMENT.value)
              for o in offerings}
    return [v for v in shapes if not any(w != v and w.dominates(v) for w in shapes)]


def next_available_for(practitioner_ids, now: datetime) -> dict[int, datetime | None]:
    """Per practitioner id, the start of their earliest bookable slot (any clinic, any treatment), or None."""
    ids = sorted(set(practitioner_ids))
    result: dict[int, datetime | None] = dict.fromkeys(ids)
    if not ids:
        return result
    clinics = db.session.execute(select(*CLINIC_COLUMNS).where(Clinic.practitioner_id.in_(ids))).all()
    if not clinics:
        return result
    offerings = defaultdict(list)
    for offering in db.session.execute(select(*OFFERING_COLUMNS).where(Offering.practitioner_id.in_(ids))):
        offerings[offering.practitioner_id].append(offering)
    clinic_ids = [c.id for c in clinics]
    hours, overrides = defaultdict(list), defaultdict(list)
    for row in db.session.execute(select(*HOURS_COLUMNS).where(OpeningHours.clinic_id.in_(clinic_ids))):
        hours[row.clinic_id].append(row)
    horizon = timedelta(days=max(c.horizon_days or 0 for c in clinics) + 1)
    for row in db.session.execute(select(*OVERRIDE_COLUMNS).where(
            DateOverride.clinic_id.in_(clinic_ids), DateOverride.day >= (now - timedelta(days=1)).date(),
            DateOverride.day <= (now + horizon).date())):
        overrides[row.clinic_id].append(row)
    ranges = busy_ranges(ids, now - timedelta(days=1), now + horizon)
    for clinic in clinics:
        visits = _visits(offerings[clinic.practitioner_id])
        if not visits or not hours[clinic.id]:
            continue
        calendar = build_calendar(clinic, hours[clinic.id], overrides[clinic.id])
        busy = Busy(ranges.get(clinic.practitioner_id, ()))
        today = now.astimezone(calendar.zone).date()
        for visit in visits:
            best = result[clinic.practitioner_id]
            days = (best.astimezone(calendar.zone).date() - today).days + 1 if best else horizon.days + 1
            first = next(generate(calendar, busy, visit, today, days, now), None)
            if first is not None and (best is None or first.starts_at < best):
                result[clinic.practitioner_id] = first.starts_at
    return result


def with_next_available(result: SearchResult, now: datetime) -> SearchResult:
    """Add each search hit's next free slot, for the result cards and the API."""
    slots = next_available_for([hit.practitioner.id for hit in result.hits], now)
    for hit in result.hits:
        hit.next_available = slots.get(hit.practitioner.id)
    return result
