"""Credentials: claims a practitioner makes, backed by evidence an admin checks."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import db
from timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from directory.models import Practitioner


class CredentialKind(str, enum.Enum):
    """What a credential attests."""

    REGISTRATION = "registration"
    TRAINING = "training"
    INSURANCE = "insurance"


class CredentialStatus(str, enum.Enum):
    """Where a credential is in review."""

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Credential(db.Model):
    """A registration, training certificate or insurance policy, with its review state."""

    __tablename__ = "credentials"
    __table_args__ = (
        CheckConstraint("kind IN ('registration', 'training', 'insurance')", name="kind_known"),
        CheckConstraint("status IN ('pending', 'verified', 'rejected')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    issuer: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(60), default="")
    issued_on: Mapped[date | None]
    expires_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default=CredentialStatus.PENDING.value)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    practitioner: Mapped[Practitioner] = relationship(back_populates="credentials")

    def is_current(self, today: date) -> bool:
        """A credential counts only while verified and not past its expiry date."""
        return self.status == CredentialStatus.VERIFIED.value and (
            self.expires_on is None or self.expires_on >= today)
