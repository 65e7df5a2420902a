"""Scheduling: when a practitioner can be booked, in the clinic's IANA zone, and the rules of time.

- `slots`: pure functions: the overlap rule, `Slot`, `Visit`, the slot generator.
- `rules`: pure rule checks: hours that can work, sensible numbers, notice, the cut-off.
- `availability`: the same generator fed from the database: `bookable_slots`, `check_slot`,
  `nearest_slots`, and `next_starts` (first free times) of many practitioners at their clinics at once.

Nothing here writes: booking.services does. Callers import the names below from `booking.schedule`.
"""
from booking.schedule.availability import (MAX_DAYS, bookable_slots, busy_ranges, check_slot, first_slots,
                                           nearest_slots, next_starts)
from booking.schedule.rules import (LIMITS, REASON_MAX, WEEKDAYS, DayHours, can_change, change_deadline,
                                    check_changeable, check_day, check_notice, check_override_day, check_range,
                                    check_time_off, notice_text, time_off_range)
from booking.schedule.rules import check_movable, listing_allows
from booking.schedule.slots import Busy, Slot, Visit, build_calendar, generate, overlaps, zone_of

__all__ = ["MAX_DAYS", "bookable_slots", "busy_ranges", "check_slot", "first_slots", "nearest_slots", "next_starts",
           "LIMITS", "REASON_MAX", "WEEKDAYS", "DayHours", "can_change", "change_deadline", "check_changeable",
           "check_day", "check_notice", "check_override_day", "check_range", "check_time_off", "notice_text",
           "time_off_range", "check_movable", "listing_allows",
           "Busy", "Slot", "Visit", "build_calendar", "generate", "overlaps", "zone_of"]
