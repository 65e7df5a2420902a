"""Booking reminders: each active booking starting within 24 hours is emailed once, however often this runs.

Each booking is claimed with a conditional UPDATE and its email queued in the same transaction,
committed at once, so runs that overlap (cron every few minutes, two machines) never both queue it.
Those commits are deliberate: the claim must be visible to every other run as soon as it is made.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from booking import emails
from booking.models import ACTIVE, Booking
from booking.queries import due_reminders
from core.extensions import db


def claim_reminder(booking_id: int, now: datetime) -> bool:
    """Mark a booking's reminder as sent, unless another run has; True when this run may queue it."""
    claimed = db.session.execute(update(Booking).where(
        Booking.id == booking_id, Booking.reminder_sent_at.is_(None), Booking.status.in_(ACTIVE))
        .values(reminder_sent_at=now)).rowcount
    return claimed == 1


def send_reminders(now: datetime) -> int:
    """Queue the reminder of each active booking starting within 24 hours, once; returns how many."""
    sent = 0
    for booking_id in due_reminders(now):
        if claim_reminder(booking_id, now):
            emails.queue_booking_email(db.session.get(Booking, booking_id), "reminder", now)
            sent += 1
        db.session.commit()
    return sent
