"""When a practitioner can be booked, from the database: one clinic's slots, or the next free slot of many.

`bookable_slots` is the one function that answers "when can this be booked?"; `check_slot`
refuses a time it would not offer; `next_starts` loads the hours, overrides, time off and bookings
behind a page of search results (each a practitioner at a clinic for one treatment) in three
queries, then runs the same generator.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from typing import Sequence

from sqlalchemy import bindparam, select, union_all

from booking.models import ACTIVE, Booking, BookingKind, DateOverride, OpeningHours, TimeOff
from booking.schedule.rules import check_notice
from booking.schedule.slots import UTC, Busy, Slot, Visit, build_calendar, generate, overlaps, zone_of
from core.extensions import db
from core.refusal import Refusal
from directory.models import Clinic, Offering

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


def _by_clinic(rows) -> dict[int, list]:
    """Rows grouped by their clinic_id."""
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.clinic_id].append(row)
    return grouped


def next_starts(wanted: Sequence[tuple[int, Clinic, Visit]], now: datetime,
                count: int = 3) -> tuple[list[list[datetime]], set[int]]:
    """The first `count` bookable starts of each (practitioner id, clinic, visit) asked about (fewer when there are
    fewer before the horizon); and which of those clinics have opening hours at all (take online bookings).

    A search page asks about 20 practitioners at once: their hours, date overrides and busy time
    are loaded in three queries, then the same generator as `bookable_slots` runs from the
    clinic's today to its horizon, so the answers are the first slots the slot list shows.
    """
    clinics = {clinic.id: clinic for _, clinic, _ in wanted}
    if not clinics:
        return [], set()
    hours = _by_clinic(db.session.execute(select(*HOURS_COLUMNS).where(OpeningHours.clinic_id.in_(list(clinics)))))
    horizon = timedelta(days=max(c.horizon_days or 0 for c in clinics.values()) + 2)
    overrides = _by_clinic(db.session.execute(select(*OVERRIDE_COLUMNS).where(
        DateOverride.clinic_id.in_(list(hours)), DateOverride.day >= (now - timedelta(days=2)).date(),
        DateOverride.day <= (now + horizon).date()))) if hours else {}
    ranges = busy_ranges(sorted({pid for pid, clinic, _ in wanted if clinic.id in hours}), now - timedelta(days=2),
                         now + horizon) if hours else {}
    calendars = {cid: build_calendar(clinics[cid], rows, overrides.get(cid, ())) for cid, rows in hours.items()}
    found = []
    for pid, clinic, visit in wanted:
        calendar = calendars.get(clinic.id)
        if calendar is None:
            found.append([])
            continue
        today = now.astimezone(calendar.zone).date()
        slots = generate(calendar, Busy(ranges.get(pid, ())), visit, today, (clinic.horizon_days or 0) + 2, now)
        found.append([slot.starts_at for slot in islice(slots, count)])
    return found, set(hours)


def first_slots(wanted: Sequence[tuple[int, Clinic, Visit]], now: datetime) -> tuple[list[datetime | None], set[int]]:
    """The first bookable start of each (practitioner id, clinic, visit) asked about, or None; see `next_starts`."""
    starts, online = next_starts(wanted, now, 1)
    return [found[0] if found else None for found in starts], online
