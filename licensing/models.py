"""Licences under the cosmetic licensing scheme, each checked by an admin against its evidence, like a credential.

A personal licence is the practitioner's own; a premises licence and a CQC registration belong to one of
their clinics. A new submission of the same licence replaces a pending one at once, and a verified one
only when the new one is verified, so a practitioner is never left without the licence an admin checked.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import clock
from core.db import UTCDateTime
from core.enums import LabelledEnum
from core.extensions import db

if TYPE_CHECKING:
    from directory.models import Clinic, Practitioner


class LicenceKind(LabelledEnum):
    """What a licence is, and how pages name it."""

    PERSONAL = "personal", "Personal licence"
    PREMISES = "premises", "Premises licence"
    CQC = "cqc", "CQC registration"


CLINIC_KINDS = (LicenceKind.PREMISES.value, LicenceKind.CQC.value)


class LicenceStatus(str, enum.Enum):
    """Where a licence is in review; `replaced` ones gave way to a newer submission."""

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    REPLACED = "replaced"


class Licence(db.Model):
    """A personal licence, premises licence or CQC registration with its evidence and review state."""

    __tablename__ = "licences"
    __table_args__ = (
        CheckConstraint("kind IN ('personal', 'premises', 'cqc')", name="kind_known"),
        CheckConstraint("status IN ('pending', 'verified', 'rejected', 'replaced')", name="status_known"),
        CheckConstraint("(kind = 'personal') = (clinic_id IS NULL)", name="clinic_when_premises"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    issuer: Mapped[str] = mapped_column(String(120))  # the issuing council; the CQC for a CQC registration
    number: Mapped[str] = mapped_column(String(60))  # the licence number, or the CQC provider ID
    expires_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default=LicenceStatus.PENDING.value, index=True)
    # The evidence: a server-made file name under UPLOAD_FOLDER/documents, never the uploader's.
    document_name: Mapped[str] = mapped_column(String(40))
    document_original_name: Mapped[str] = mapped_column(String(120), default="")
    document_mime_type: Mapped[str] = mapped_column(String(40), default="")
    document_size: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str] = mapped_column(Text, default="")

    practitioner: Mapped[Practitioner] = relationship()
    clinic: Mapped[Clinic | None] = relationship()

    def is_current(self, today: date) -> bool:
        """A licence counts only while verified and not past its expiry date."""
        return self.status == LicenceStatus.VERIFIED.value and (self.expires_on is None or self.expires_on >= today)

    @property
    def kind_label(self) -> str:
        """Human name of the licence's kind."""
        return LicenceKind(self.kind).label

    @property
    def title(self) -> str:
        """The licence in words: "Premises licence 123 (Leeds City Council) for Leeds Skin"."""
        where = f" for {self.clinic.name}" if self.clinic is not None else ""
        return f"{self.kind_label} {self.number} ({self.issuer}){where}"


class OversightStatus(str, enum.Enum):
    """Where a request to oversee amber-tier work stands."""

    ASKED = "asked"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ENDED = "ended"


class Oversight(db.Model):
    """A named healthcare professional on Verity overseeing a non-healthcare practitioner's amber-tier work.

    It counts only once the overseer accepts it from their own account; naming another ends the old one.
    """

    __tablename__ = "oversights"
    __table_args__ = (
        CheckConstraint("status IN ('asked', 'accepted', 'declined', 'ended')", name="status_known"),
        CheckConstraint("practitioner_id <> overseer_id", name="not_oneself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    overseer_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=OversightStatus.ASKED.value)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    practitioner: Mapped[Practitioner] = relationship(foreign_keys=[practitioner_id])
    overseer: Mapped[Practitioner] = relationship(foreign_keys=[overseer_id])
