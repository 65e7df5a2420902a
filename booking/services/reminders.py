"""Booking reminders: each active booking starting within 24 hours is emailed once, however often this runs.

Each booking is claimed with a conditional UPDATE committed before its email goes out, so runs
that overlap (cron every few minutes, two machines) never both send it. Those commits are deliberate:
the claim must be visible to every other run before the email leaves.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from booking import emails
from booking.models import ACTIVE, Booking
from booking.queries import due_reminders
from core.extensions import db


def claim_reminder(booking_id: int, now: datetime) -> bool:
    """Mark a booking's reminder as sent, unless another run has; True when this run may send it."""
    claimed = db.session.execute(update(Booking).where(
        Booking.id == booking_id, Booking.reminder_sent_at.is_(None), Booking.status.in_(ACTIVE))
        .values(reminder_sent_at=now)).rowcount
    db.session.commit()
    return claimed == 1


def release_reminder(booking_id: int) -> None:
    """Unmark a reminder that could not be sent, so the next run tries again."""
    db.session.execute(update(Booking).where(Booking.id == booking_id).values(reminder_sent_at=None))
    db.session.commit()


def send_reminders(now: datetime) -> int:
    """Email each active booking starting within 24 hours once; returns how many were sent."""
    sent = 0
    for booking_id in due_reminders(now):
        if not claim_reminder(booking_id, now):
            continue
        if emails.deliver(emails.send_booking_email, db.session.get(Booking, booking_id), "reminder", now):
            sent += 1
        else:
            release_reminder(booking_id)
    return sent
