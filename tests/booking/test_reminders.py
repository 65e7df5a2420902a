"""`send-reminders`: each booking starting within 24 hours is reminded once, however often or in parallel it runs."""
import threading
from datetime import timedelta

from sqlalchemy import select

from booking.services import send_reminders
from booking.models import Booking
from core.extensions import db
from tests.booking.helpers import NOW


def test_reminders_go_once_to_bookings_in_the_next_24_hours(runner, bookable, make_patient, add_booking, mailbox):
    due = add_booking(bookable, make_patient(email="due@example.com"), NOW + timedelta(hours=23))
    add_booking(bookable, make_patient(email="later@example.com"), NOW + timedelta(hours=25))
    add_booking(bookable, make_patient(email="gone@example.com"), NOW + timedelta(hours=2), status="cancelled")
    add_booking(bookable, make_patient(email="past@example.com"), NOW - timedelta(hours=2))
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0 and "Sent 1 reminder." in first.output
    second = runner.invoke(args=["send-reminders"])
    assert "Sent 0 reminders." in second.output
    [message] = mailbox.messages
    assert message["To"] == "due@example.com" and message["Subject"].startswith("Reminder: Microneedling")
    assert "less than 24 hours" in message.get_body(("plain",)).get_content()
    db.session.refresh(due)
    assert due.reminder_sent_at == NOW


def test_runs_in_parallel_send_each_reminder_once(app, bookable, make_patient, add_booking, mailbox):
    for n in range(6):
        add_booking(bookable, make_patient(email=f"p{n}@example.com"), NOW + timedelta(hours=1 + n))
    counts, barrier = [], threading.Barrier(4)

    def run():
        with app.app_context():
            barrier.wait()
            counts.append(send_reminders(NOW))
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 6
    assert sorted(m["To"] for m in mailbox.messages) == sorted(f"p{n}@example.com" for n in range(6))
    assert all(b.reminder_sent_at == NOW for b in db.session.scalars(select(Booking)))


def test_a_moved_booking_is_reminded_again_for_its_new_time(bookable, patient, add_booking, mailbox):
    booking = add_booking(bookable, patient, NOW + timedelta(hours=3))
    assert send_reminders(NOW) == 1
    from booking.services import reschedule

    reschedule(booking, NOW + timedelta(hours=6), patient, NOW - timedelta(days=2))
    db.session.commit()
    assert send_reminders(NOW) == 1 and len(mailbox.messages) == 2
