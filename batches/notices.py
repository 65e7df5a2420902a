"""Telling people of a recall: each affected booking's patient once, and its practitioner once, through the outbox.

A notice row (unique for recall, booking and recipient) is claimed in a savepoint before its email is
queued, so a recall saved twice, or by two admins at once, emails nobody twice. A practitioner with
several affected bookings gets one email listing them.
"""
from __future__ import annotations

from datetime import datetime

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from audit.services import record
from batches import queries
from batches.models import Recall, RecallNotice
from core import mail
from core.extensions import db


def _claim(recall: Recall, booking, recipient: str, email: str, now: datetime) -> bool:
    """Insert the notice row; False when this person was already told of this recall about this booking."""
    told = select(RecallNotice.id).where(RecallNotice.recall_id == recall.id, RecallNotice.booking_id == booking.id,
                                         RecallNotice.recipient == recipient)
    if db.session.scalar(told) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(RecallNotice(recall_id=recall.id, booking_id=booking.id, recipient=recipient, email=email,
                                        sent_at=now))
    except IntegrityError:
        return False
    return True


def _tell_patient(recall: Recall, booking, use, admin) -> None:
    """Queue the patient's email and audit it."""
    mail.queue(booking.patient.email, f"Product recall: a batch used at your {booking.title} appointment",
               "batches/recall_patient", {"recall": recall, "booking": booking, "use": use,
                                          "link": url_for("booking.detail", booking_id=booking.id, _external=True)})
    record(admin, "recall.patient_told", "recall", recall.id, practitioner_id=booking.practitioner_id,
           reason=f"Booking {booking.id}")


def _tell_practitioner(recall: Recall, practitioner, rows, admin) -> None:
    """Queue one email to a practitioner listing their affected bookings, and audit each."""
    mail.queue(practitioner.user.email, f"Product recall: batch {recall.batch_number} was used at "
               f"{len(rows)} of your appointment{'s' if len(rows) != 1 else ''}", "batches/recall_practitioner",
               {"recall": recall, "practitioner": practitioner, "rows": rows})
    for booking, _use in rows:
        record(admin, "recall.practitioner_told", "recall", recall.id, practitioner_id=booking.practitioner_id,
               reason=f"Booking {booking.id}")


def tell_affected(recall: Recall, admin, now: datetime) -> int:
    """Email each affected booking's patient and practitioner not yet told of this recall; returns emails queued."""
    queued, by_practitioner = 0, {}
    for booking, use in queries.affected(recall):
        if booking.patient is not None and _claim(recall, booking, "patient", booking.patient.email, now):
            _tell_patient(recall, booking, use, admin)
            queued += 1
        practitioner = booking.practitioner
        if practitioner.user is not None and _claim(recall, booking, "practitioner", practitioner.user.email, now):
            by_practitioner.setdefault(practitioner.id, (practitioner, []))[1].append((booking, use))
    for practitioner, rows in by_practitioner.values():
        _tell_practitioner(recall, practitioner, rows, admin)
        queued += 1
    return queued
