"""Reviews of attended bookings, and the review request each attended booking gets once.

A review keeps copies of what it shows (treatment, appointment date, author's short name) so it
still reads right when the booking or the account behind it is gone: the CMA asks that genuine
reviews stay published, GDPR that the person behind an erased account is no longer named.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import clock
from core.db import UTCDateTime
from core.extensions import db

if TYPE_CHECKING:
    from directory.models import Practitioner


class ReviewStatus(str, enum.Enum):
    """Where a review stands: shown, held for an admin (a medical claim), or removed for a policy reason."""

    PUBLISHED = "published"
    HELD = "held"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        """Human name of the status."""
        return {"published": "Published", "held": "Held for a check", "removed": "Removed"}[self.value]


class Review(db.Model):
    """One patient's stars and words about one attended booking."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
        CheckConstraint("status IN ('published', 'held', 'removed')", name="status_known"),
        Index("ix_reviews_practitioner_status", "practitioner_id", "status", "created_at"),
        Index("ix_reviews_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # One review per booking; kept (booking_id NULL) when the booking itself is deleted.
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="SET NULL"), unique=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    author_name: Mapped[str] = mapped_column(String(60), default="")  # "Pat P."; empty once anonymised
    stars: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")
    treatment_name: Mapped[str] = mapped_column(String(120))
    appointment_on: Mapped[date]  # the appointment's date on its clinic's clocks (shown as month and year)
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.PUBLISHED.value)
    claims_verdict: Mapped[str] = mapped_column(String(20), default="cosmetic")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reply_text: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reply_held: Mapped[bool] = mapped_column(default=False)  # the claims checker was unsure: an admin decides
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    report_reason: Mapped[str | None] = mapped_column(String(40))
    report_note: Mapped[str] = mapped_column(Text, default="")
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removal_reason: Mapped[str | None] = mapped_column(String(40))
    removal_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    practitioner: Mapped[Practitioner] = relationship()

    @property
    def shown(self) -> bool:
        """Whether patients read it (and it counts in the average)."""
        return self.status == ReviewStatus.PUBLISHED.value

    @property
    def reply_shown(self) -> bool:
        """Whether patients read the practitioner's reply."""
        return self.reply_text is not None and not self.reply_held

    @property
    def status_label(self) -> str:
        """Human name of the review's status."""
        return ReviewStatus(self.status).label

    @property
    def author(self) -> str:
        """Who wrote it, as shown: their short name, or "A verified patient" once anonymised."""
        return self.author_name or "A verified patient"


class ReviewRequest(db.Model):
    """The one review request an attended booking gets; its nonce makes the emailed link single-use."""

    __tablename__ = "review_requests"

    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
