"""A patient's date of birth: given once, for the age rules (eligibility/rules.py)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime
from core.extensions import db


class BirthDate(db.Model):
    """The date of birth a patient gave (one row per account), and who last changed it and why."""

    __tablename__ = "birth_dates"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    born_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when support corrected it (eligibility.services.correct): the patient cannot change it themselves.
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    correction_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")
