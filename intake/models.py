"""Stored health answers: encrypted, one row per booking they were given for (or one draft before booking)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime
from core.extensions import db


class HealthAnswers(db.Model):
    """A patient's answers to the health questions for one practitioner, encrypted (intake/crypto.py).

    `booking_id` is NULL while the answers wait for the booking being made (a draft); booking links them.
    The sealed bytes are bound to the patient and practitioner, so they cannot be moved to another's row.
    """

    __tablename__ = "health_answers"
    __table_args__ = (Index("ix_health_answers_patient_practitioner", "patient_id", "practitioner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), unique=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(String(16))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
