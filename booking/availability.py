"""Next free slot for many practitioners at once, for search results and profiles.

Loads the clinics, offerings, hours, overrides, time off and bookings of every practitioner
asked about in a handful of queries, then runs the same generator as `bookable_slots`.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from booking.models import BookingKind, DateOverride, OpeningHours
from booking.slots import HOURS_COLUMNS, OVERRIDE_COLUMNS, Busy, Visit, build_calendar, busy_ranges, generate
from directory.models import Clinic, Offering
from core.extensions import db


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
