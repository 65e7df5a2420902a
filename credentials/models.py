"""Credentials: claims a practitioner makes, backed by evidence an admin checks.

A credential is never edited in place once submitted: a change is a new version that
points at the one it replaces (`supersedes_id`), so the history of what was declared stays.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core import clock
from core.db import UTCDateTime
from core.enums import LabelledEnum

if TYPE_CHECKING:
    from accounts.models import User
    from directory.models import Practitioner


class CredentialKind(LabelledEnum):
    """What a credential attests, and how pages name it."""

    REGISTRATION = "registration", "Professional registration"
    TRAINING = "training", "Training certificate"
    INSURANCE = "insurance", "Indemnity insurance"


class CredentialStatus(str, enum.Enum):
    """Where a credential is in review; `superseded` versions were replaced by a newer one."""

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class Credential(db.Model):
    """A registration, training certificate or insurance policy, with its review state."""

    __tablename__ = "credentials"
    __table_args__ = (
        CheckConstraint("kind IN ('registration', 'training', 'insurance')", name="kind_known"),
        CheckConstraint("status IN ('pending', 'verified', 'rejected', 'superseded')", name="status_known"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    issuer: Mapped[str] = mapped_column(String(120))
    # Two-letter US state code when the issuer is a US state board, else empty.
    issuer_state: Mapped[str] = mapped_column(String(2), default="")
    number: Mapped[str] = mapped_column(String(60), default="")
    issued_on: Mapped[date | None]
    expires_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default=CredentialStatus.PENDING.value, index=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    next_check_on: Mapped[date | None]
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    # The evidence: a server-made file name under UPLOAD_FOLDER/documents, never the uploader's.
    document_name: Mapped[str | None] = mapped_column(String(40))
    document_original_name: Mapped[str] = mapped_column(String(120), default="")
    document_mime_type: Mapped[str] = mapped_column(String(40), default="")
    document_size: Mapped[int] = mapped_column(default=0)
    # A register check an admin recorded: which register, the reference it showed, the day it was checked.
    register_checked_in: Mapped[str] = mapped_column(String(40), default="", server_default="")
    register_reference: Mapped[str] = mapped_column(String(200), default="", server_default="")
    register_checked_on: Mapped[date | None]
    register_checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("credentials.id", ondelete="SET NULL"),
                                                      index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    practitioner: Mapped[Practitioner] = relationship(back_populates="credentials")
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    rejected_by: Mapped[User | None] = relationship(foreign_keys=[rejected_by_id])
    supersedes: Mapped[Credential | None] = relationship(remote_side=[id])

    @property
    def has_evidence(self) -> bool:
        """Evidence an approval can rest on: a document on file or a recorded register check."""
        return bool(self.document_name or self.register_checked_on)

    def is_current(self, today: date) -> bool:
        """A credential counts only while verified and not past its expiry date."""
        return self.status == CredentialStatus.VERIFIED.value and (
            self.expires_on is None or self.expires_on >= today)

    @property
    def kind_label(self) -> str:
        """Human name of the credential's kind."""
        return CredentialKind(self.kind).label


class CredentialReminder(db.Model):
    """A reminder already sent, so `send-expiry-reminders` sends each one once.

    `due_on` is the expiry or next-check date the reminder was about: a renewed date is a new reminder.
    """

    __tablename__ = "credential_reminders"
    __table_args__ = (
        UniqueConstraint("credential_id", "kind", "due_on", name="uq_credential_reminders_once"),
        CheckConstraint("kind IN ('expiry', 'expiry_7', 'admin_expiry', 'admin_expiry_7', 'next_check')",
                        name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credentials.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date]
    recipient: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)


class DuplicateResolution(db.Model):
    """An admin's written reason that a credential may be verified although another practitioner holds its number.

    One row per other credential: a duplicate that appears later blocks verification again.
    """

    __tablename__ = "credential_duplicate_resolutions"
    __table_args__ = (UniqueConstraint("credential_id", "other_credential_id", name="uq_duplicate_resolutions_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credentials.id", ondelete="CASCADE"), index=True)
    other_credential_id: Mapped[int] = mapped_column(ForeignKey("credentials.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
