"""Booking emails: made, moved, cancelled and the reminder, each with its calendar file, sent after commit."""
from __future__ import annotations

from datetime import datetime

from flask import current_app, flash, url_for

from booking.ics import invitation
from booking.links import link_for
from booking.models import Booking
from booking.schedule import can_change, change_deadline, zone_of
from core.mail import Attachment, send_mail
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


def _body(booking: Booking, event: str, now: datetime, reason: str) -> str:
    """The plain-text body of a booking email."""
    lines = [f"Hello {booking.patient_name},", "",
             OPENINGS[event].format(practitioner=booking.practitioner.name), ""]
    if event == "cancelled" and reason and booking.cancelled_by_id != booking.patient_id:
        lines += [f"{booking.practitioner.name} gave this reason: {reason}", ""]
    lines += [f"What:  {booking.title}", f"With:  {booking.practitioner.name}", f"When:  {when_text(booking)}",
              f"Where: {booking.clinic_name}{', ' + booking.clinic_address if booking.clinic_address else ''}",
              f"Price: from {money(booking.price_from_minor, booking.currency)}", ""]
    if booking.consent_version:
        lines += [f"You accepted the exosome adjunct consent, version {booking.consent_version}.", ""]
    lines.append("The attached calendar file updates your calendar.")
    if event != "cancelled" and can_change(booking, now):
        deadline = local(change_deadline(booking), booking.time_zone)
        lines += ["", f"To move it:   {link_for(booking, 'reschedule', now)}",
                  f"To cancel it: {link_for(booking, 'cancel', now)}",
                  f"You can move or cancel online until {deadline.strftime('%H:%M %Z on %A %-d %B')}."]
    lines += ["", f"All your bookings: {url_for('booking.my_bookings', _external=True)}", "", "Verity"]
    return "\n".join(lines)


def send_booking_email(booking: Booking, event: str, now: datetime, reason: str = "") -> None:
    """Email the patient about a booking, with the .ics that puts it in (or takes it out of) their calendar."""
    attachment = Attachment("booking.ics", invitation(booking, now), "text", "calendar")
    send_mail(booking.patient.email, subject_for(booking, event), _body(booking, event, now, reason), [attachment])


def notify_practitioner(booking: Booking, event: str) -> None:
    """Tell the practitioner a patient made, moved or cancelled a booking."""
    link = url_for("booking_practice.agenda", day=local(booking.starts_at, booking.time_zone).date().isoformat(),
                   _external=True)
    send_mail(booking.practitioner.user.email, f"{subject_for(booking, event)} ({booking.patient_name})",
              f"{booking.patient_name} {event} a booking.\n\nWhat: {booking.title}\nWhen: {when_text(booking)}\n"
              f"Where: {booking.clinic_name}\n\nYour agenda: {link}\n\nVerity")


def deliver(send, *args, **kwargs) -> bool:
    """Send an email after the change is committed; a mail failure is logged, never a lost booking."""
    try:
        send(*args, **kwargs)
    except Exception:  # noqa: BLE001 - any SMTP or socket failure
        current_app.logger.exception("Could not send a booking email")
        return False
    return True


def announce(booking: Booking, event: str, now: datetime, reason: str = "", to_practitioner: bool = False) -> None:
    """Email the patient (and, for their own changes, the practitioner) once the change is committed."""
    if not deliver(send_booking_email, booking, event, now, reason):
        flash("We could not send the confirmation email just now; your booking details are below.", "warning")
    if to_practitioner:
        deliver(notify_practitioner, booking, event)
