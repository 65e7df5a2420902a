"""iCalendar files: one booking for an email attachment, and a practitioner's private feed.

Times carry the clinic's IANA zone (DTSTART;TZID=Europe/London:...) and the file carries the
matching VTIMEZONE, so calendar apps show the appointment at the right instant anywhere.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from booking.models import Booking, BookingStatus
from booking.schedule import zone_of

PRODID = "-//Verity//Bookings//EN"
STATUS = {BookingStatus.BOOKED.value: "TENTATIVE", BookingStatus.CONFIRMED.value: "CONFIRMED",
          BookingStatus.CANCELLED.value: "CANCELLED", BookingStatus.NO_SHOW.value: "CONFIRMED",
          BookingStatus.ATTENDED.value: "CONFIRMED"}


def _calendar(method: str | None = None, name: str | None = None) -> Calendar:
    """An empty VCALENDAR with our product id."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _organizer() -> vCalAddress:
    """Verity's sending address, as the event's organiser."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    address = sender.split("<")[-1].rstrip(">").strip() if "<" in sender else sender
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText("Verity")
    return organizer


def booking_event(booking: Booking, now: datetime, for_practitioner: bool = False) -> Event:
    """One booking as a VEVENT in its clinic's time zone."""
    zone = zone_of(booking.time_zone)
    event = Event()
    event.add("uid", f"booking-{booking.id}@verity")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("dtstart", booking.starts_at.astimezone(zone))
    event.add("dtend", booking.ends_at.astimezone(zone))
    who = booking.patient_name if for_practitioner else booking.practitioner.name
    event.add("summary", f"{booking.title} – {who}")
    event.add("location", ", ".join(p for p in (booking.clinic_name, booking.clinic_address) if p))
    details = [f"{booking.title} with {booking.practitioner.name} at {booking.clinic_name}.",
               f"Times are in {booking.time_zone}.", f"Status: {booking.status_label}."]
    if for_practitioner and booking.patient_phone:
        details.append(f"Patient phone: {booking.patient_phone}")
    if for_practitioner and booking.notes:
        details.append(f"Patient notes: {booking.notes}")
    event.add("description", "\n".join(details))
    event.add("status", STATUS[booking.status])
    event.add("organizer", _organizer())
    return event


def _with_zones(calendar: Calendar, instants: list[datetime]) -> bytes:
    """Add the VTIMEZONEs the events use, covering their dates, and serialise."""
    if instants:
        calendar.add_missing_timezones(first_date=(min(instants) - timedelta(days=400)).date(),
                                       last_date=(max(instants) + timedelta(days=400)).date())
    return calendar.to_ical()


def invitation(booking: Booking, now: datetime) -> bytes:
    """The .ics attached to a booking email: PUBLISH while active, CANCEL once cancelled."""
    cancelled = booking.status == BookingStatus.CANCELLED.value
    calendar = _calendar("CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(booking_event(booking, now))
    return _with_zones(calendar, [booking.starts_at])


def feed(practitioner, bookings: list[Booking], now: datetime) -> bytes:
    """A practitioner's private calendar feed of their bookings."""
    calendar = _calendar(name=f"Verity bookings – {practitioner.name}")
    calendar.add("refresh-interval", timedelta(minutes=30), parameters={"VALUE": "DURATION"})
    for booking in bookings:
        calendar.add_component(booking_event(booking, now, for_practitioner=True))
    return _with_zones(calendar, [b.starts_at for b in bookings])
