"""The booking rules as pure functions: hours that can work, sensible numbers, notice, the cut-off.

Each check raises a `Refusal` with a stable code and the field it concerns; nothing here reads
the database or the clock (the caller passes `now`), so the services, the pages and the tests
ask the same question the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from booking.schedule.slots import zone_of
from core.refusal import Refusal
from directory.listing import is_listed

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LIMITS = {"min_notice_hours": (0, 720), "horizon_days": (1, 365), "cancellation_cutoff_hours": (0, 336),
          "buffer_minutes": (0, 240)}
DEFAULT_CUTOFF_HOURS = 24
REASON_MAX = 1000
TIME_OFF_MAX = timedelta(days=366)


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
        raise Refusal("hours_incomplete", f"{label}: give both an opening and a closing time, or mark it closed.",
                      "opens")
    if hours.opens >= hours.closes:
        raise Refusal("closes_before_opens", f"{label}: the closing time must be after the opening time.", "closes")
    if (hours.break_starts is None) != (hours.break_ends is None):
        raise Refusal("break_incomplete", f"{label}: give both the start and the end of the break, or neither.",
                      "break_starts")
    if hours.break_starts is not None:
        if not hours.opens < hours.break_starts < hours.break_ends < hours.closes:
            raise Refusal("break_outside_hours",
                          f"{label}: the break must start after opening and end before closing.", "break_starts")


def check_range(name: str, value: int | None, label: str) -> int:
    """Refuse a number outside the sensible range for a rule."""
    low, high = LIMITS[name]
    if value is None or not low <= value <= high:
        raise Refusal("out_of_range", f"{label} must be a whole number from {low} to {high}.", name)
    return value


def check_override_day(day: date | None, today: date) -> None:
    """Refuse special hours on a date the clinic has already left behind."""
    if day is None or day < today:
        raise Refusal("date_in_past", "Choose today or a later date.", "day")


FAR_DATE = "Choose a date within a few years of today."


def time_off_range(starts_on: date, starts_time: time | None, ends_on: date, ends_time: time | None,
                   zone_name: str) -> tuple[datetime, datetime]:
    """UTC instants of time off entered as local dates (a blank end time means the end of that day)."""
    zone = zone_of(zone_name)
    if ends_on == date.max:  # the day after it is past Python's calendar: was a 500
        raise Refusal("date_out_of_range", FAR_DATE, "ends_on")
    start = _existing_instant(datetime.combine(starts_on, starts_time or time()), zone,
                              "starts_time" if starts_time else "starts_on")
    end_day, end_time = (ends_on, ends_time) if ends_time else (ends_on + timedelta(days=1), time())
    return start, _existing_instant(datetime.combine(end_day, end_time), zone, "ends_time" if ends_time else "ends_on")


def _existing_instant(wall: datetime, zone, field: str) -> datetime:
    """The UTC instant of a wall-clock time, refusing one the clocks skip (01:30 when they go from 01:00 to 02:00).

    Left alone, zoneinfo read a skipped time with the old offset: time off landed an hour from where it was typed.
    """
    try:
        instant = wall.replace(tzinfo=zone).astimezone(timezone.utc)
    except OverflowError:  # year 1 east of Greenwich, or 9999 west of it: no time off is kept so far away
        raise Refusal("date_out_of_range", FAR_DATE, field) from None
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        raise Refusal("time_does_not_exist", f"{wall:%H:%M} does not exist on {wall:%-d %B %Y} in {zone.key}: the "
                                             "clocks go forward then. Choose a time after the change.", field)
    return instant


def check_time_off(start: datetime, end: datetime) -> None:
    """Refuse time off that ends before it starts, or lasts more than a year."""
    if end <= start:
        raise Refusal("time_off_ends_before_start", "The end of the time off must be after its start.", "ends_on")
    if end - start > TIME_OFF_MAX:
        raise Refusal("time_off_too_long", "Enter time off of up to a year at a time.", "ends_on")


def notice_text(minutes: int) -> str:
    """Minimum notice in words, such as '24 hours' or '90 minutes'."""
    if minutes and minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minutes"


def check_notice(clinic, starts_at: datetime, now: datetime) -> None:
    """Refuse a time already past, sooner than the clinic's minimum notice, or beyond its horizon."""
    if starts_at < now:  # "needs at least 0 minutes notice" did not say what was wrong
        raise Refusal("in_the_past", "That time has already passed: choose one of the times offered.", "starts_at")
    if starts_at < now + timedelta(minutes=clinic.min_notice_minutes or 0):
        raise Refusal("too_soon", f"That time is too soon: {clinic.name} needs at least "
                                  f"{notice_text(clinic.min_notice_minutes)} notice.", "starts_at")
    if starts_at > now + timedelta(days=clinic.horizon_days or 0):
        raise Refusal("too_far_ahead", f"That time is too far ahead: {clinic.name} takes bookings up to "
                                       f"{clinic.horizon_days} days ahead.", "starts_at")


def cutoff_hours(booking) -> int:
    """Hours before the appointment after which a patient can no longer change it online."""
    clinic = booking.clinic
    return clinic.cancellation_cutoff_hours if clinic is not None else DEFAULT_CUTOFF_HOURS


def change_deadline(booking) -> datetime:
    """The last instant a patient may cancel or move the booking online."""
    return booking.starts_at - timedelta(hours=cutoff_hours(booking))


def can_change(booking, now: datetime) -> bool:
    """Whether the patient may still cancel or move the booking."""
    return booking.is_active and now <= change_deadline(booking)


def check_changeable(booking, now: datetime, verb: str) -> None:
    """Refuse a patient's change to a booking that is no longer active or is past the cut-off."""
    if not booking.is_active:
        raise Refusal("booking_inactive", f"This booking is {booking.status_label.lower()}, so it cannot be {verb}.")
    if now > change_deadline(booking):
        hours = cutoff_hours(booking)
        deadline = change_deadline(booking).astimezone(zone_of(booking.time_zone))
        raise Refusal(
            "past_cutoff",
            f"This booking can no longer be {verb} online: changes close {hours} hour{'s' if hours != 1 else ''} "
            f"before the appointment, which was at {deadline.strftime('%H:%M on %A %-d %B')} "
            f"({booking.time_zone} time). Please contact {booking.practitioner.name} directly.")


def listing_allows(practitioner, starts_at: datetime, zone_name: str, now: datetime) -> bool:
    """Whether the practitioner's listing allows an appointment then: listed on its local date, or not yet settled.

    Settled means not listed tomorrow either (suspended, no verified registration, or the expiry date
    has come): until then a renewal can still cover the day. booking.services.delisting cancels what
    this refuses; moving a booking asks the same question of the new time.
    """
    zone = zone_of(zone_name)
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return is_listed(practitioner, starts_at.astimezone(zone).date()) or is_listed(practitioner, tomorrow)


def check_movable(booking, starts_at: datetime | None, now: datetime) -> None:
    """Refuse to move a booking of a practitioner who is not listed now, or not listed at the new time (409)."""
    practitioner = booking.practitioner
    today = now.astimezone(zone_of(booking.time_zone)).date()
    if not is_listed(practitioner, today) or (
            starts_at is not None and not listing_allows(practitioner, starts_at, booking.time_zone, now)):
        raise Refusal("not_listed", f"{practitioner.name} is not taking bookings on Verity at the moment, so this "
                                    "booking cannot be moved. You can still cancel it.", status=409)
