"""Changing a practitioner's booking rules: opening hours, date overrides, time off, notice, buffers, feed token.

Every change is checked by the pure rules in booking.schedule, recorded in the audit trail, and
left for the caller to commit.
"""
from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import date, datetime

from audit.services import record, snapshot
from booking.models import CalendarFeed, DateOverride, OpeningHours, TimeOff
from booking.queries import active_bookings_between, feed_of, has_override, weekly_hours
from booking.schedule import (WEEKDAYS, DayHours, check_day, check_override_day, check_range, check_time_off,
                              zone_of)
from compliance.consistency import ProposedOffering, refuse_conflicts
from core.extensions import db
from core.refusal import Refusal

CLINIC_RULES = ("min_notice_minutes", "horizon_days", "cancellation_cutoff_hours")
OFFERING_RULES = ("buffer_before_minutes", "buffer_after_minutes", "requires_consultation", "includes_exosome_adjunct")
TIME_OFF_AUDITED = ("starts_at", "ends_at", "time_zone", "reason")


def _clinic_snapshot(clinic) -> dict:
    """The week's hours as text and the clinic's booking rules, for the audit trail."""
    hours = {WEEKDAYS[d]: f"{h.opens}-{h.closes}"
             + (f" break {h.break_starts}-{h.break_ends}" if h.break_starts else "")
             for d, h in sorted(weekly_hours(clinic).items())}
    return {"hours": hours, **snapshot(clinic, CLINIC_RULES)}


def save_clinic_booking(clinic, week: list[DayHours], min_notice_hours: int, horizon_days: int,
                        cutoff_hours: int, actor) -> None:
    """Replace a clinic's weekly hours and set its notice, horizon and cancellation cut-off."""
    for weekday, hours in enumerate(week):
        check_day(hours, WEEKDAYS[weekday])
    check_range("min_notice_hours", min_notice_hours, "Minimum notice")
    check_range("horizon_days", horizon_days, "Booking horizon")
    check_range("cancellation_cutoff_hours", cutoff_hours, "Cancellation cut-off")
    before = _clinic_snapshot(clinic)
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
    record(actor, "booking.clinic_rules_saved", "clinic", clinic.id, practitioner_id=clinic.practitioner_id,
           before=before, after=_clinic_snapshot(clinic))


def _override_snapshot(override: DateOverride) -> dict:
    """A date's special hours as JSON-safe values, for the audit trail."""
    values = snapshot(override, ("clinic_id", "day", "closed", "note"))
    for name in ("opens", "closes", "break_starts", "break_ends"):
        value = getattr(override, name)
        values[name] = value.strftime("%H:%M") if value else None
    return values


def add_override(clinic, day: date, hours: DayHours, note: str, actor, now: datetime) -> DateOverride:
    """Close a clinic on a date, or give it different hours that day (today or later on its clocks)."""
    check_override_day(day, now.astimezone(zone_of(clinic.time_zone)).date())
    check_day(hours, day.strftime("%-d %B %Y"))
    if has_override(clinic, day):
        raise Refusal("date_has_override", "This date already has special hours: remove them first.", "day")
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


def add_time_off(practitioner, start: datetime, end: datetime, zone_name: str, reason: str,
                 actor) -> tuple[TimeOff, int]:
    """Block a range at every clinic; returns it and how many active bookings fall inside it."""
    check_time_off(start, end)
    time_off = TimeOff(practitioner_id=practitioner.id, starts_at=start, ends_at=end, time_zone=zone_name,
                       reason=(reason or "").strip()[:200])
    db.session.add(time_off)
    db.session.flush()
    record(actor, "booking.time_off_added", "time_off", time_off.id, practitioner_id=practitioner.id,
           after=snapshot(time_off, TIME_OFF_AUDITED))
    return time_off, active_bookings_between(practitioner.id, start, end)


def remove_time_off(time_off: TimeOff, actor) -> None:
    """Remove a range of time off."""
    record(actor, "booking.time_off_removed", "time_off", time_off.id, practitioner_id=time_off.practitioner_id,
           before=snapshot(time_off, TIME_OFF_AUDITED))
    db.session.delete(time_off)


def save_offering_rules(offering, before_minutes: int, after_minutes: int, requires_consultation: bool,
                        includes_exosome_adjunct: bool, actor) -> None:
    """Set an offering's buffers, whether a consultation comes first, and whether it has an exosome adjunct."""
    check_range("buffer_minutes", before_minutes, "The buffer before")
    check_range("buffer_minutes", after_minutes, "The buffer after")
    if includes_exosome_adjunct and not offering.includes_exosome_adjunct:
        refuse_conflicts(offering.practitioner, offering=ProposedOffering(offering.treatment, offering.description,
                                                                          includes_exosome_adjunct=True))
    before = snapshot(offering, OFFERING_RULES)
    offering.buffer_before_minutes, offering.buffer_after_minutes = before_minutes, after_minutes
    offering.requires_consultation = bool(requires_consultation)
    offering.includes_exosome_adjunct = bool(includes_exosome_adjunct)
    record(actor, "booking.offering_rules_saved", "offering", offering.id, practitioner_id=offering.practitioner_id,
           before=before, after=snapshot(offering, OFFERING_RULES))


def rotate_feed(practitioner, actor, now: datetime) -> CalendarFeed:
    """Make the feed's secret token, or replace it: the old URL stops working at once."""
    feed = feed_of(practitioner)
    if feed is None:
        feed = CalendarFeed(practitioner_id=practitioner.id)
        db.session.add(feed)
    feed.token, feed.rotated_at = secrets.token_urlsafe(32), now
    record(actor, "booking.calendar_feed_rotated", "practitioner", practitioner.id, practitioner_id=practitioner.id)
    return feed
