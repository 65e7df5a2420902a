"""Each practitioner's cancellation policy: how much notice they ask for, and what a late cancellation costs.

Patients read it on the confirm page before booking and in their booking emails; booking.services.policy
is the only writer of its rows. A practitioner who has not set one has the default: 24 hours' notice, no fee. It is separate from each clinic's online
cut-off (`Clinic.cancellation_cutoff_hours`), which says until when the site lets a patient cancel or
move by themselves; the policy says what the practitioner charges.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime
from core.extensions import db

DEFAULT_NOTICE_HOURS = 24
MAX_NOTICE_HOURS = 14 * 24
FEE_MAX = 300


class CancellationPolicyRow(db.Model):
    """A practitioner's own cancellation policy (no row: the default)."""

    __tablename__ = "cancellation_policies"
    __table_args__ = (CheckConstraint(f"notice_hours BETWEEN 0 AND {MAX_NOTICE_HOURS}", name="notice_range"),)

    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"),
                                                 primary_key=True)
    notice_hours: Mapped[int] = mapped_column(default=DEFAULT_NOTICE_HOURS)
    fee_text: Mapped[str] = mapped_column(String(FEE_MAX), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class Policy:
    """A cancellation policy as patients read it."""

    notice_hours: int
    fee_text: str
    is_default: bool = False

    @property
    def notice(self) -> str:
        """'Please cancel or move at least 24 hours before your appointment.'"""
        if self.notice_hours == 0:
            return "You may cancel or move at any time before your appointment."
        hours = "1 hour" if self.notice_hours == 1 else f"{self.notice_hours} hours"
        return f"Please cancel or move at least {hours} before your appointment."

    @property
    def fee(self) -> str:
        """What a later cancellation or a missed appointment costs, in the practitioner's words or 'no fee'."""
        return self.fee_text or "No fee."

    @property
    def lines(self) -> list[str]:
        """The policy in two sentences, for pages and emails."""
        return [self.notice, f"Later cancellations and missed appointments: {self.fee}"]


DEFAULT = Policy(DEFAULT_NOTICE_HOURS, "", is_default=True)


def policy_of(practitioner_id: int) -> Policy:
    """The practitioner's cancellation policy, or the default."""
    row = db.session.get(CancellationPolicyRow, practitioner_id)
    return DEFAULT if row is None else Policy(row.notice_hours, row.fee_text)
