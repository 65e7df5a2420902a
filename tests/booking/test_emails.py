"""Booking emails and their calendar files, parsed back: made, confirmed, moved, cancelled with a reason."""
from icalendar import Calendar

from booking.models import Booking
from core.extensions import db
from tests.booking.helpers import at, page_text
from tests.helpers import login, outbox_to, submit


def calendar_of(message) -> Calendar:
    """The .ics attached to an email, parsed."""
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "booking.ics"
    return Calendar.from_ical(part.get_payload(decode=True))


def book(client, target, patient, start="2026-03-03T09:00Z"):
    """Book through the pages as the logged-in patient; return the booking."""
    login(client, patient.email)
    submit(client, f"/practitioners/{target.practitioner.slug}/book/confirm?treatment={target.offering.treatment.slug}"
                   f"&clinic={target.clinic.id}&start={start}", {"patient_name": "Pat Patient"})
    return db.session.query(Booking).one()


def test_the_confirmation_email_carries_a_calendar_file_in_the_clinics_zone(client, bookable, patient, mailbox):
    booking = book(client, bookable, patient)
    [message] = mailbox.to(patient.email)
    assert message["Subject"] == "Booked: Microneedling with Dr Bookable, Tue 3 Mar at 09:00 GMT"
    body = message.get_body(("plain",)).get_content()
    assert "When:  Tuesday 3 March 2026, 09:00 to 09:45 GMT (Europe/London time)" in body
    assert "/bookings/link/" in body and "To cancel it:" in body
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == booking.starts_at and event.decoded("DTEND") == booking.ends_at
    assert str(event["UID"]) == f"booking-{booking.id}@verity" and event.decoded("SEQUENCE") == 0
    assert "Piccadilly Clinic" in str(event["LOCATION"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_a_refused_booking_queues_no_email(client, bookable, patient, make_patient, mailbox):
    book(client, bookable, patient)
    client.post("/logout", data={})
    second = make_patient(email="second@example.com")
    login(client, second.email)
    taken = submit(client, f"/practitioners/{bookable.practitioner.slug}/book/confirm?treatment="
                           f"{bookable.offering.treatment.slug}&clinic={bookable.clinic.id}&start=2026-03-03T09:00Z",
                   {"patient_name": "Second Patient"})
    assert taken.status_code == 409
    assert outbox_to("second@example.com") == [] and mailbox.to("second@example.com") == []


def test_a_new_york_booking_is_in_new_york_time(client, make_bookable, patient, mailbox):
    target = make_bookable(zone="America/New_York")
    booking = book(client, target, patient, start="2026-03-09T13:00Z")  # 09:00 EDT, the day after the change
    [message] = mailbox.to(patient.email)
    assert "09:00 EDT" in message["Subject"]
    [event] = calendar_of(message).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").strftime("%H:%M") == "09:00"
    assert event.decoded("DTSTART") == booking.starts_at == at("America/New_York", 2026, 3, 9, 9)


def test_a_practitioners_cancellation_emails_the_reason_and_a_cancel_file(client, bookable, patient, mailbox):
    booking = book(client, bookable, patient)
    mailbox.messages.clear()
    client.post("/logout", data={})
    login(client, bookable.practitioner.user.email)
    response = submit(client, f"/practice/booking/bookings/{booking.id}/cancel",
                      {"reason": "I am unwell that day; please book another time."})
    assert response.status_code == 302
    [message] = mailbox.to(patient.email)
    assert message["Subject"].startswith("Cancelled: Microneedling")
    body = message.get_body(("plain",)).get_content()
    assert "Dr Bookable gave this reason: I am unwell that day; please book another time." in body
    assert "/bookings/link/" not in body
    calendar = calendar_of(message)
    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED" and event.decoded("SEQUENCE") == 1
    db.session.refresh(booking)
    assert (booking.status, booking.cancellation_reason) == ("cancelled",
                                                             "I am unwell that day; please book another time.")


def test_a_move_emails_the_new_time_with_a_higher_sequence(client, bookable, patient, mailbox):
    booking = book(client, bookable, patient)
    mailbox.messages.clear()
    response = submit(client, f"/bookings/{booking.id}/reschedule/confirm?start=2026-03-04T14:00Z", {})
    assert response.status_code == 302
    [message] = mailbox.to(patient.email)
    assert message["Subject"] == "Moved: Microneedling with Dr Bookable, Wed 4 Mar at 14:00 GMT"
    [event] = calendar_of(message).walk("VEVENT")
    assert event.decoded("DTSTART") == at("Europe/London", 2026, 3, 4, 14) and event.decoded("SEQUENCE") == 1
    assert "Moved" in mailbox.to(bookable.practitioner.user.email)[0]["Subject"]


def test_confirming_emails_the_patient(client, bookable, patient, mailbox):
    booking = book(client, bookable, patient)
    mailbox.messages.clear()
    client.post("/logout", data={})
    login(client, bookable.practitioner.user.email)
    submit(client, f"/practice/booking/bookings/{booking.id}/confirm", {}, page="/practice/booking/agenda")
    [message] = mailbox.to(patient.email)
    assert message["Subject"].startswith("Confirmed:")
    assert calendar_of(message).walk("VEVENT")[0]["STATUS"] == "CONFIRMED"
    assert "Confirmed" in page_text(client.get("/practice/booking/agenda?day=2026-03-03&view=day"))
