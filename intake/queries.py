"""Finding stored health answers; nothing here decrypts them (services.read does, and audits it)."""
from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from intake.models import HealthAnswers


def draft_of(patient_id: int, practitioner_id: int) -> HealthAnswers | None:
    """The answers a patient gave for the booking they are making with a practitioner, not yet linked to it."""
    return db.session.scalar(select(HealthAnswers).where(
        HealthAnswers.patient_id == patient_id, HealthAnswers.practitioner_id == practitioner_id,
        HealthAnswers.booking_id.is_(None)).limit(1))


def latest_of(patient_id: int, practitioner_id: int) -> HealthAnswers | None:
    """The patient's most recently saved answers for a practitioner, draft or linked."""
    return db.session.scalar(select(HealthAnswers).where(
        HealthAnswers.patient_id == patient_id, HealthAnswers.practitioner_id == practitioner_id)
        .order_by(HealthAnswers.saved_at.desc(), HealthAnswers.id.desc()).limit(1))


def of_booking(booking_id: int) -> HealthAnswers | None:
    """The answers linked to a booking, if any."""
    return db.session.scalar(select(HealthAnswers).where(HealthAnswers.booking_id == booking_id))


def of_patient(patient_id: int) -> list[HealthAnswers]:
    """Every set of answers a patient has given, oldest first."""
    return list(db.session.scalars(select(HealthAnswers).where(HealthAnswers.patient_id == patient_id)
                                   .order_by(HealthAnswers.saved_at, HealthAnswers.id)))
