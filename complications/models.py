"""A problem a patient reported after an appointment, kept with its booking until an admin closes it."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complications.rules import CLOSED, OPEN, STATUS_LABELS
from core import clock
from core.db import UTCDateTime
from core.extensions import db

if TYPE_CHECKING:
    from accounts.models import User
    from booking.models import Booking


class ProblemReport(db.Model):
    """One report: the urgent signs ticked, what happened and since when, and whether an admin has closed it."""

    __tablename__ = "problem_reports"
    __table_args__ = (CheckConstraint(f"status IN ('{OPEN}', '{CLOSED}')", name="status_known"),
                      Index("ix_problem_reports_status_created_at", "status", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    urgent_signs: Mapped[list] = mapped_column(JSON, default=list)  # keys of rules.URGENT_SIGNS
    what_happened: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date | None]
    country: Mapped[str] = mapped_column(String(2))  # the clinic's, when reported: which safety route applies
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closing_note: Mapped[str] = mapped_column(Text, default="")

    booking: Mapped[Booking] = relationship()
    patient: Mapped[User] = relationship(foreign_keys=[patient_id])

    @property
    def urgent(self) -> bool:
        """Whether the patient ticked a sign that needs help at once."""
        return bool(self.urgent_signs)

    @property
    def status_label(self) -> str:
        """The status as an admin reads it."""
        return STATUS_LABELS[self.status]
