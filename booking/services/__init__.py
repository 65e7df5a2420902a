"""Booking services: the only code that adds, changes or deletes booking rows.

- `bookings`: book, move, cancel, confirm and close bookings, under the no-overlap guarantee.
- `rules`: the practitioner's opening hours, date overrides, time off, buffers and calendar feed.
- `policy`: the practitioner's cancellation policy.
- `reminders`: claim and send each booking's reminder once.

None of them commits, except the reminder claims and the rollback on `SlotTaken` (races; each
module says why). Callers import the names below from `booking.services`.
"""
from booking.services.bookings import (BookingRequest, SlotTaken, book, cancel_by_patient, cancel_by_practitioner,
                                       confirm, mark_attended, mark_no_show, reschedule, take_write_lock)
from booking.services.policy import save_policy
from booking.services.reminders import send_reminders
from booking.services.rules import (add_override, add_time_off, remove_override, remove_time_off, rotate_feed,
                                    save_clinic_booking, save_offering_rules)

__all__ = ["BookingRequest", "SlotTaken", "book", "cancel_by_patient", "cancel_by_practitioner", "confirm",
           "mark_attended", "mark_no_show", "reschedule", "take_write_lock", "send_reminders", "add_override",
           "add_time_off", "remove_override", "remove_time_off", "rotate_feed", "save_clinic_booking",
           "save_offering_rules", "save_policy"]
