"""Every change to health answers, and every read of them: each read is on the audit trail.

Nothing here commits; the view does, so an audited read and its audit row are one transaction.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from audit.services import record
from core.extensions import db
from core.refusal import Refusal
from directory.models import Practitioner
from intake import crypto, queries
from intake.models import HealthAnswers
from intake.questions import DETAIL_MAX, QUESTIONS

ANSWERS = ("yes", "no")


def clean(given: dict) -> dict:
    """The answers as stored: every question 'yes' or 'no', details only (and always) with a yes."""
    answers = {}
    for question in QUESTIONS:
        item = given.get(question.key) or {}
        answer, detail = item.get("answer"), " ".join(str(item.get("detail") or "").split()).strip()
        if answer not in ANSWERS:
            raise Refusal("intake_unanswered", f"Answer yes or no: {question.text}", question.key)
        if answer == "yes" and not detail:
            raise Refusal("intake_detail_missing", f"{question.detail}.", f"{question.key}_detail")
        if len(detail) > DETAIL_MAX:
            raise Refusal("intake_detail_too_long", f"Keep this to {DETAIL_MAX:,} characters.",
                          f"{question.key}_detail")
        answers[question.key] = {"answer": answer, "detail": detail if answer == "yes" else ""}
    return answers


def _store(row: HealthAnswers, given: dict, now: datetime) -> HealthAnswers:
    """Check the answers, encrypt them onto the row and write it."""
    answers = clean(given)
    row.sealed = crypto.seal({"answers": answers, "saved_at": now.isoformat()}, row.patient_id, row.practitioner_id)
    row.key_id, row.saved_at = crypto.key_id(), now
    db.session.add(row)
    db.session.flush()
    return row


def save_draft(patient, practitioner, given: dict, now: datetime) -> HealthAnswers:
    """Keep the answers for the booking the patient is about to make with this practitioner."""
    row = _store(queries.draft_of(patient.id, practitioner.id)
                 or HealthAnswers(patient_id=patient.id, practitioner_id=practitioner.id), given, now)
    record(patient, "intake.answered", "health_answers", row.id, practitioner_id=practitioner.id)
    return row


def update_for_booking(booking, given: dict, actor, now: datetime) -> HealthAnswers:
    """Change the answers of a booking before its appointment (or give them, if it has none)."""
    if not booking.is_active or booking.starts_at <= now:
        raise Refusal("intake_closed", "These answers can no longer be changed: the appointment has begun, "
                                       "passed or been cancelled.")
    row = _store(queries.of_booking(booking.id) or HealthAnswers(
        patient_id=booking.patient_id, practitioner_id=booking.practitioner_id, booking_id=booking.id), given, now)
    record(actor, "intake.updated", "booking", booking.id, practitioner_id=booking.practitioner_id)
    return row


def attach(booking, now: datetime) -> HealthAnswers | None:
    """Link the patient's fresh draft to the booking just made with that practitioner."""
    row = queries.draft_of(booking.patient_id, booking.practitioner_id)
    if row is None:
        return None
    row.booking_id = booking.id
    db.session.flush()
    return row


def read(row: HealthAnswers, actor) -> dict:
    """Decrypt a row's answers for someone allowed to see them, recording who read which booking's, and when.

    Raises crypto.Unreadable (with why) when this server's key cannot open them; nothing is recorded then.
    """
    data = crypto.open_sealed(row.sealed, row.patient_id, row.practitioner_id)
    subject = ("booking", row.booking_id) if row.booking_id else ("health_answers", row.id)
    record(actor, "intake.read", *subject, practitioner_id=row.practitioner_id)
    return data


def export_for_patient(user) -> dict:
    """The patient's health answers, decrypted, for their 'download my data' file (the export is audited)."""
    items = []
    for row in queries.of_patient(user.id):
        practitioner = db.session.get(Practitioner, row.practitioner_id)
        item = {"booking_id": row.booking_id, "practitioner": practitioner.name if practitioner else None,
                "saved_at": row.saved_at.isoformat()}
        try:
            item["answers"] = crypto.open_sealed(row.sealed, row.patient_id, row.practitioner_id)["answers"]
        except crypto.Unreadable as error:
            item["unreadable"] = str(error)
        items.append(item)
    if items:
        record(user, "intake.exported", "user", user.id)
    return {"health_answers": items}


def erase_for_patient(user, now: datetime) -> None:
    """Delete every answer the patient gave (inside the delete-account transaction)."""
    gone = db.session.execute(delete(HealthAnswers).where(HealthAnswers.patient_id == user.id)).rowcount
    if gone:
        record(user, "intake.erased", "user", user.id, after={"answers_deleted": gone})
