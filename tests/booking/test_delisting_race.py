"""A patient moves their booking at the moment an admin suspends the practitioner: real concurrent requests.

Whichever request the database lets in first, the end is consistent: the practitioner is suspended,
the booking is cancelled (at its new time if the move got in first), the patient is told once, and
the move either happened before the cancellation or was refused with a 409. Like the double-booking
test, this runs a 4-worker gunicorn against the test database on the real clock.
"""
import urllib.parse
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from audit.models import AuditEvent
from booking.models import Booking
from core.extensions import db
from tests.booking.test_concurrency import Browser, fire, server, server_log  # noqa: F401 (the server fixture)
from tests.helpers import csrf_token, outbox_to

ROUNDS = 4
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def london(days_ahead: int, hour: int) -> datetime:
    """A wall time in London some days from the real today, as UTC."""
    day = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=days_ahead)
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Europe/London")).astimezone(timezone.utc)


def one_round(n, base, make_bookable, make_patient, make_user, add_booking):
    """Set up one practitioner with a booking, then fire the suspension and the move together."""
    target = make_bookable(name=f"Dr Raced {n}")
    patient = make_patient(email=f"mover{n}@example.com", name=f"Mo Mover {n}")
    booking = add_booking(target, patient, london(3, 10))
    admin = make_user(role="admin", email=f"admin{n}@verity.example")
    new_time = london(4, 11)
    move = f"/bookings/{booking.id}/reschedule/confirm?start={new_time.strftime('%Y-%m-%dT%H:%MZ')}"
    suspend = f"/admin/practitioners/{target.practitioner.id}/suspend"
    as_admin, as_patient = Browser(base), Browser(base)
    as_admin.login(admin.email)
    as_admin.token, as_admin.action = csrf_token(as_admin.get(f"/admin/practitioners/{target.practitioner.id}")), (
        suspend, {"reason": "Suspended while a patient was moving a booking."})
    as_patient.login(patient.email)
    as_patient.token, as_patient.action = csrf_token(as_patient.get(move)), (move, {})

    def send(browser):
        path, data = browser.action
        return browser.send(path, urllib.parse.urlencode({**data, "csrf_token": browser.token}).encode(), FORM)

    return target, patient, booking, new_time, fire([as_admin, as_patient], send)


def test_a_move_racing_a_suspension_ends_consistent(server, make_bookable, make_patient, make_user,  # noqa: F811
                                                    add_booking):
    for n in range(ROUNDS):
        target, patient, booking, new_time, (suspended, moved) = one_round(
            n, server, make_bookable, make_patient, make_user, add_booking)
        assert suspended[0] == 302, server_log()
        assert moved[0] in (302, 409), server_log()
        db.session.commit()  # see what the server committed
        db.session.refresh(booking)
        db.session.refresh(target.practitioner)
        assert target.practitioner.suspended_at is not None
        assert (booking.status, booking.cancellation_code) == ("cancelled", "suspended")
        assert booking.starts_at == (new_time if moved[0] == 302 else london(3, 10))
        if moved[0] == 409:
            assert "cannot be moved" in " ".join(moved[2].split())
        subjects = [m.subject.split(":")[0] for m in outbox_to(patient.email)]
        assert subjects == (["Moved", "Cancelled"] if moved[0] == 302 else ["Cancelled"])
        assert [m.subject for m in outbox_to(target.practitioner.user.email)
                if m.subject.startswith("Verity cancelled")] == ["Verity cancelled one of your bookings"]
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "booking.cancelled", AuditEvent.subject_id == booking.id)) == 1
        assert db.session.scalar(select(func.count(Booking.id)).where(
            Booking.practitioner_id == target.practitioner.id, Booking.status.in_(("booked", "confirmed")))) == 0
