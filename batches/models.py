"""Products used at an appointment, recalls of a batch, and the one notice each person gets of a recall.

`batch_key` is the batch or lot number normalised (rules.batch_key): "ab-12 3" and "AB123" are one batch,
so a recall finds a booking however the number was typed. Each notice row is unique for its recall,
booking and recipient, so saving a recall twice never emails anyone twice.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import clock
from core.db import UTCDateTime
from core.extensions import db

if TYPE_CHECKING:
    from booking.models import Booking


class ProductUse(db.Model):
    """One product used at an attended appointment, as the practitioner recorded it."""

    __tablename__ = "product_uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    product_name: Mapped[str] = mapped_column(String(120))
    manufacturer: Mapped[str] = mapped_column(String(120))
    batch_number: Mapped[str] = mapped_column(String(60))  # as typed, for showing back
    batch_key: Mapped[str] = mapped_column(String(60), index=True)  # normalised, for matching recalls
    expires_on: Mapped[date]
    quantity: Mapped[str] = mapped_column(String(40), default="")  # "1 ml", "2 syringes": free, optional
    # The practitioner confirmed the product was used after its expiry date (it is shown flagged).
    expired_confirmed: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    booking: Mapped[Booking] = relationship()


class Recall(db.Model):
    """An admin's record of a recalled batch: one row per normalised batch number."""

    __tablename__ = "recalls"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_name: Mapped[str] = mapped_column(String(120))
    batch_number: Mapped[str] = mapped_column(String(60))
    batch_key: Mapped[str] = mapped_column(String(60), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class RecallNotice(db.Model):
    """That one person was told of a recall about one booking: the row that keeps it to once."""

    __tablename__ = "recall_notices"
    __table_args__ = (
        UniqueConstraint("recall_id", "booking_id", "recipient", name="uq_recall_notices_once"),
        CheckConstraint("recipient IN ('patient', 'practitioner')", name="recipient_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id", ondelete="CASCADE"), index=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(255))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
