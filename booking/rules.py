"""A practitioner's booking rules: opening hours, date overrides, time off, notice, buffers, feed token.

Every change is checked here, recorded in the audit trail, and left for the caller to commit.
"""
from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select

from audit.services import record, snapshot
from booking.models import ACTIVE, Booking, CalendarFeed, DateOverride, OpeningHours, TimeOff
from booking.overlap import overlaps
from booking.slots import zone_of
from core.extensions import db

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LIMITS = {"min_notice_hours": (0, 720), "horizon_days": (1, 365), "cancellation_cutoff_hours": (0, 336),
          "buffer_minutes": (0, 240)}


class RulesError(ValueError):
    """A booking rule the practitioner entered that cannot work; `field` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


@dataclass
class DayHours:
    """Opening hours of one weekday or date as entered: open or not, hours, optional break."""

    is_open: bool
    opens: time | None = None
    closes: time | None = None
    break_starts: time | None = None
    break_ends: time | None = None


def check_day(hours: DayHours, label: str) -> None:
    """Refuse hours that close before they open, or a break that is half given or outside them."""
    if not hours.is_open:
        return
    if hours.opens is None or hours.closes is None:
        raise RulesError(f"{label}: give both an opening and a closing time, or mark it closed.", "opens")
    if hours.opens >= hours.closes:
        raise RulesError(f"{label}: the closing time must be after the opening time.", "closes")
    if (hours.break_starts is None) != (hours.break_ends is None):
        raise RulesError(f"{label}: give both the start and the end of the break, or neither.", "break_starts")
    if hours.break_starts is not None:
        if not hours.opens < hours.break_starts < hours.break_ends < hours.closes:
            raise RulesError(f"{label}: the break must start after opening and end before closing.", "break_starts")


def check_range(name: str, value: int | None, label: str) -> int:
    """Refuse a number outside the sensible range for a rule."""
    low, high = LIMITS[name]
    if value is None or not low <= value <= high:
        raise RulesError(f"{label} must be a whole number from {low} to {high}.", name)
    return value


def weekly_hours(clinic) -> dict[int, OpeningHours]:
    """The clinic's opening hours by weekday (0 = Monday)."""
    return {h.weekday: h for h in db.session.scalars(select(OpeningHours).where(OpeningHours.clinic_id == clinic.id))}


def _hours_snapshot(clinic) -> dict:
    """The week's hours as text, for the audit trail."""
    return {WEEKDAYS[d]: f"{h.opens}-{h.closes}" + (f" break {h.break_starts}-{h.break_ends}" if h.break_starts else "")
            for d, h in sorted(weekly_hours(clinic).items())}


def save_clinic_booking(clinic, week: list[DayHours], min_notice_hours: int, horizon_days: int,
                        cutoff_hours: int, actor) -> None:
    """Replace a clinic's weekly hours and set its notice, horizon and cancellation cut-off."""
    for weekday, hours in enumerate(week):
        check_day(hours, WEEKDAYS[weekday])
    check_range("min_notice_hours", min_notice_hours, "Minimum notice")
    check_range("horizon_days", horizon_days, "Booking horizon")
    check_range("cancellation_cutoff_hours", cutoff_hours, "Cancellation cut-off")
    before = {"hours": _hours_snapshot(clinic), **snapshot(clinic, ("min_notice_minutes", "horizon_days",
                                                                   "cancellation_cutoff_hours"))}
    existing = weekly_hours(clinic)
    for weekday, hours in enumerate(week):
        row = existing.get(weekday)
        if not hours.is_open:
            if row is not None:
                db.session.delete(row)
            continue
        row = row or OpeningHours(clinic_id=clinic.id, weekday=weekday)
        row.opens, row.closes, row.break_starts, row.break_ends = (hours.opens, hours.closes, hours.break_starts,
                                                                   hours.break_ends)
        db.session.add(row)
    clinic.min_notice_minutes, clinic.horizon_days = min_notice_hours * 60, horizon_days
    clinic.cancellation_cutoff_hours = cutoff_hours
    db.session.flush()
    after = {"hours": _hours_snapshot(clinic), **snapshot(clinic, ("min_notice_minutes", "horizon_days",
                                                                  "cancellation_cutoff_hours"))}
    record(actor, "booking.clinic_rules_saved", "clinic", clinic.id, practitioner_id=clinic.practitioner_id,
           before=before, after=after)


def _override_snapshot(override: DateOverride) -> dict:
    """A date's special hours as JSON-safe values, for the audit trail."""
    values = snapshot(override, ("clinic_id", "day", "closed", "note"))
    for name in ("opens", "closes", "break_starts", "break_ends"):
        value = getattr(override, name)
        values[name] = value.strftime("%H:%M") if value else None
    return values


def add_override(clinic, day: date, hours: DayHours, note: str, actor, today: date) -> DateOverride:
    """Close a clinic on a date, or give it different hours that day."""
    if day is None or day < today:
        raise RulesError("Choose today or a later date.", "day")
    check_day(hours, day.strftime("%-d %B %Y"))
    if db.session.scalar(select(DateOverride.id).where(DateOverride.clinic_id == clinic.id, DateOverride.day == day)):
        raise RulesError("This date already has special hours: remove them first.", "day")
    override = DateOverride(clinic_id=clinic.id, day=day, closed=not hours.is_open, note=(note or "").strip()[:200],
                            **({k: v for k, v in asdict(hours).items() if k != "is_open"} if hours.is_open else {}))
    db.session.add(override)
    db.session.flush()
    record(actor, "booking.override_added", "date_override", override.id, practitioner_id=clinic.practitioner_id,
           after=_override_snapshot(override))
    return override


def remove_override(override: DateOverride, actor, practitioner_id: int) -> None:
    """Remove a date's special hours; the usual weekly hours apply again."""
    record(actor, "booking.override_removed", "date_override", override.id, practitioner_id=practitioner_id,
           before=_override_snapshot(override))
    db.session.delete(override)


def time_off_range(starts_on: date, starts_time: time | None, ends_on: date, ends_time: time | None,
                   zone_name: str) -> tuple[datetime, datetime]:
    """UTC instants of time off entered as local dates (a blank end time means the end of that day)."""
    zone = zone_of(zone_name)
    start = datetime.combine(starts_on, starts_time or time()).replace(tzinfo=zone).astimezone(timezone.utc)
    end_day, end_time = (ends_on, ends_time) if ends_time else (ends_on + timedelta(days=1), time())
    return start, datetime.combine(end_day, end_time).replace(tzinfo=zone).astimezone(timezone.utc)


def add_time_off(practitioner, start: datetime, end: datetime, zone_name: str, reason: str, actor) -> tuple[TimeOff, int]:
    """Block a range at every clinic; returns it and how many active bookings fall inside it."""
    if end <= start:
        raise RulesError("The end of the time off must be after its start.", "ends_on")
    if end - start > timedelta(days=366):
        raise RulesError("Enter time off of up to a year at a time.", "ends_on")
    time_off = TimeOff(practitioner_id=practitioner.id, starts_at=start, ends_at=end, time_zone=zone_name,
                       reason=(reason or "").strip()[:200])
    db.session.add(time_off)
    db.session.flush()
    record(actor, "booking.time_off_added", "time_off", time_off.id, practitioner_id=practitioner.id,
           after=snapshot(time_off, ("starts_at", "ends_at", "time_zone", "reason")))
    clashes = db.session.scalar(select(func.count(Booking.id)).where(
        Booking.practitioner_id == practitioner.id, Booking.status.in_(ACTIVE),
        overlaps(Booking.blocked_from, Booking.blocked_until, start, end)))
    return time_off, clashes


def remove_time_off(time_off: TimeOff, actor) -> None:
    """Remove a range of time off."""
    record(actor, "booking.time_off_removed", "time_off", time_off.id, practitioner_id=time_off.practitioner_id,
           before=snapshot(time_off, ("starts_at", "ends_at", "time_zone", "reason")))
    db.session.delete(time_off)


OFFERING_RULES = ("buffer_before_minutes", "buffer_after_minutes", "requires_consultation", "includes_exosome_adjunct")


def save_offering_rules(offering, before_minutes: int, after_minutes: int, requires_consultation: bool,
                        includes_exosome_adjunct: bool, actor) -> None:
    """Set an offering's buffers, whether a consultation comes first, and whether it has an exosome adjunct."""
    check_range("buffer_minutes", before_minutes, "The buffer before")
    check_range("buffer_minutes", after_minutes, "The buffer after")
    before = snapshot(offering, OFFERING_RULES)
    offering.buffer_before_minutes, offering.buffer_after_minutes = before_minutes, after_minutes
    offering.requires_consultation = bool(requires_consultation)
    offering.includes_exosome_adjunct = bool(includes_exosome_adjunct)
    record(actor, "booking.offering_rules_saved", "offering", offering.id, practitioner_id=offering.practitioner_id,
           before=before, after=snapshot(offering, OFFERING_RULES))


def feed_of(practitioner) -> CalendarFeed | None:
    """The practitioner's calendar feed, if they have made one."""
    return db.session.get(CalendarFeed, practitioner.id)


def rotate_feed(practitioner, actor, now: datetime) -> CalendarFeed:
    """Make the feed's secret token, or replace it: the old URL stops working at once."""
    feed = feed_of(practitioner)
    if feed is None:
        feed = CalendarFeed(practitioner_id=practitioner.id)
        db.session.add(feed)
    feed.token, feed.rotated_at = secrets.token_urlsafe(32), now
    record(actor, "booking.calendar_feed_rotated", "practitioner", practitioner.id, practitioner_id=practitioner.id)
    return feed


def feed_bookings(token: str, now: datetime):
    """The practitioner and bookings a feed token opens (a year back and all ahead), or None."""
    from directory.models import Practitioner

    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token)) if token else None
    if feed is None or not secrets.compare_digest(feed.token, token):
        return None
    bookings = db.session.scalars(select(Booking).where(
        Booking.practitioner_id == feed.practitioner_id, Booking.starts_at >= now - timedelta(days=365))
        .order_by(Booking.starts_at))
    return db.session.get(Practitioner, feed.practitioner_id), list(bookings)


def own_override(practitioner, override_id: int) -> DateOverride | None:
    """A date override at one of the practitioner's clinics, or None."""
    override = db.session.get(DateOverride, override_id)
    clinic_ids = {c.id for c in practitioner.clinics}
    return override if override is not None and override.clinic_id in clinic_ids else None


def own_time_off(practitioner, time_off_id: int) -> TimeOff | None:
    """A range of the practitioner's time off, or None."""
    time_off = db.session.get(TimeOff, time_off_id)
    return time_off if time_off is not None and time_off.practitioner_id == practitioner.id else None


def practitioner_of(user):
    """The practitioner profile of a user account, or None before they have made one."""
    from directory.models import Practitioner

    return db.session.scalar(select(Practitioner).where(Practitioner.user_id == user.id))


def own_clinic(practitioner, clinic_id: int):
    """One of the practitioner's clinics, or None (another's is treated as missing)."""
    return next((c for c in practitioner.clinics if c.id == clinic_id), None)


def own_offering(practitioner, offering_id: int):
    """One of the practitioner's offerings, or None (another's is treated as missing)."""
    return next((o for o in practitioner.offerings if o.id == offering_id), None)
