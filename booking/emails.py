"""Booking emails: made, moved, cancelled and the reminder, each with its calendar file, queued before the commit."""
from __future__ import annotations

from datetime import datetime

from flask import url_for

from booking.ics import invitation
from booking.links import link_for
from booking.models import Booking
from booking.policy import policy_of
from booking.schedule import can_change, change_deadline, zone_of
from core import mail
from core.extensions import db
from core.mail import Attachment
from directory.services import money

SUBJECTS = {"created": "Booked", "confirmed": "Confirmed", "changed": "Moved", "cancelled": "Cancelled",
            "reminder": "Reminder"}
OPENINGS = {
    "created": "Your booking is made. {practitioner} will confirm it shortly.",
    "confirmed": "{practitioner} has confirmed your booking.",
    "changed": "Your booking has moved to a new time.",
    "cancelled": "Your booking is cancelled.",
    "reminder": "A reminder of your appointment, which is in less than 24 hours.",
}


def local(instant: datetime, zone_name: str) -> datetime:
    """An instant on the clocks of a zone."""
    return instant.astimezone(zone_of(zone_name))


def when_text(booking: Booking) -> str:
    """'Tuesday 3 March 2026, 09:00 to 09:45 GMT (Europe/London time)'."""
    start, end = local(booking.starts_at, booking.time_zone), local(booking.ends_at, booking.time_zone)
    return (f"{start.strftime('%A %-d %B %Y, %H:%M')} to {end.strftime('%H:%M %Z')} "
            f"({booking.time_zone} time)")


def subject_for(booking: Booking, event: str) -> str:
    """An email subject naming what, who and when."""
    start = local(booking.starts_at, booking.time_zone)
    return (f"{SUBJECTS[event]}: {booking.title} with {booking.practitioner.name}, "
            f"{start.strftime('%a %-d %b at %H:%M %Z')}")


def _details(booking: Booking, event: str, now: datetime, reason: str) -> dict:
    """What the patient's booking email says, for templates/email/booking/patient.*."""
    change = None
    if event != "cancelled" and can_change(booking, now):
        deadline = local(change_deadline(booking), booking.time_zone)
        change = {"move": link_for(booking, "reschedule", now), "cancel": link_for(booking, "cancel", now),
                  "deadline": deadline.strftime("%H:%M %Z on %A %-d %B")}
    told = event == "cancelled" and reason and booking.cancelled_by_id != booking.patient_id
    return {"booking": booking, "opening": OPENINGS[event].format(practitioner=booking.practitioner.name),
            "reason": reason if told else "", "when": when_text(booking),
            "where": booking.clinic_name + (", " + booking.clinic_address if booking.clinic_address else ""),
            "price": money(booking.price_from_minor, booking.currency), "change": change,
            "policy": policy_of(booking.practitioner_id) if event != "cancelled" else None,
            "my_bookings": url_for("booking.my_bookings", _external=True)}


def queue_booking_email(booking: Booking, event: str, now: datetime, reason: str = "") -> None:
    """Queue the patient's email about a booking, with the .ics that puts it in (or takes it out of) their calendar."""
    attachment = Attachment("booking.ics", invitation(booking, now), "text", "calendar")
    mail.queue(booking.patient.email, subject_for(booking, event), "booking/patient",
               _details(booking, event, now, reason), [attachment])


def queue_practitioner_note(booking: Booking, event: str) -> None:
    """Queue the practitioner's note that a patient made, moved or cancelled a booking."""
    link = url_for("booking_practice.agenda", day=local(booking.starts_at, booking.time_zone).date().isoformat(),
                   _external=True)
    mail.queue(booking.practitioner.user.email, f"{subject_for(booking, event)} ({booking.patient_name})",
               "booking/practitioner", {"booking": booking, "event": event, "when": when_text(booking), "link": link})


def announce(booking: Booking, event: str, now: datetime, reason: str = "", to_practitioner: bool = False) -> None:
    """Queue the patient's email (and, for their own changes, the practitioner's) in the change's transaction."""
    db.session.flush()  # the links and the calendar file name the booking by its id
    queue_booking_email(booking, event, now, reason)
    if to_practitioner:
        queue_practitioner_note(booking, event)


def search_elsewhere_url(booking: Booking) -> str:
    """The search for someone else near the booking's clinic offering the same treatment."""
    clinic, near = booking.clinic, booking.clinic_address or booking.clinic_name
    place = {"near": clinic.postcode or clinic.city, "lat": clinic.lat, "lon": clinic.lon} if clinic else {"near": near}
    return url_for("directory.search", **place, treatment=booking.treatment.slug, _external=True)


def queue_delisting_notice(booking: Booking, now: datetime) -> None:
    """Queue the patient's email that Verity cancelled their booking, why, and where to find someone else."""
    attachment = Attachment("booking.ics", invitation(booking, now), "text", "calendar")
    mail.queue(booking.patient.email, subject_for(booking, "cancelled"), "booking/delisted",
               {"booking": booking, "when": when_text(booking), "reason": booking.cancellation_reason,
                "where": booking.clinic_name + (", " + booking.clinic_address if booking.clinic_address else ""),
                "search": search_elsewhere_url(booking), "status": link_for(booking, "view", now)}, [attachment])


def queue_delisting_summary(practitioner, bookings: list[Booking], reason: str) -> None:
    """Queue the practitioner's one email listing the bookings Verity cancelled, and why."""
    count = "one" if len(bookings) == 1 else str(len(bookings))
    mail.queue(practitioner.user.email, f"Verity cancelled {count} of your bookings",
               "booking/delisted_practitioner",
               {"practitioner": practitioner, "reason": reason,
                "items": [{"booking": b, "when": when_text(b)} for b in bookings]})
