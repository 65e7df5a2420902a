"""The outbox table: every outgoing email is a row, written in the transaction of the change it reports.

A row is `queued` until a worker claims it: the claim makes it `sending` and puts a lease in
`next_attempt_at`, so a row whose worker was killed comes due again when the lease runs out.
Delivered, it is `sent`; refused, it goes back to `queued` after a growing pause (1, 5, 25, 125
minutes...) and after the last attempt it is `failed`, for an admin to see and retry. Nothing here
sends or builds messages (core.mail does); this module only moves rows between those states.
"""
from datetime import datetime, timedelta

from sqlalchemy import JSON, CheckConstraint, Index, String, Text, and_, case, delete, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core import clock
from core.db import UTCDateTime
from core.extensions import db
from core.refusal import Refusal

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
# A row's priority: the worker takes due rows highest first (a reported complication before a reminder).
NORMAL, URGENT = 0, 10
STATUSES, UNSENT = (QUEUED, SENDING, SENT, FAILED), (QUEUED, SENDING, FAILED)
# The key a session carries in `info` when its transaction queued mail: core.tasks wakes the worker after commit.
WAKE = "outbox_wake"
ERROR_LENGTH = 2000


class OutboxMessage(db.Model):
    """One email as it will be sent: envelope, both bodies, attachments, and where its delivery stands."""

    __tablename__ = "outbox_messages"
    __table_args__ = (CheckConstraint(f"status IN {STATUSES}", name="status"),  # ('queued', 'sending', ...)
                      Index("ix_outbox_messages_due", "status", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(Text)  # one address, or several separated by commas
    subject: Mapped[str] = mapped_column(String(998))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list] = mapped_column(JSON, default=list)  # [{filename, maintype, subtype, content (base64)}]
    message_id: Mapped[str] = mapped_column(String(255), unique=True)  # made once, sent on every attempt
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    priority: Mapped[int] = mapped_column(default=NORMAL, server_default="0")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())  # while `sending`: the claim's lease
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def add(message: OutboxMessage) -> OutboxMessage:
    """Put a new row in the current transaction and ask for the worker to be woken after its commit."""
    message.status, message.attempts, message.last_error = QUEUED, 0, ""
    message.priority = message.priority or NORMAL
    message.next_attempt_at = message.created_at = clock.now()
    db.session.add(message)
    db.session.info[WAKE] = True
    return message


def backoff(attempts: int) -> timedelta:
    """The pause after the given number of failed attempts: 1 minute, then five times longer each time."""
    return timedelta(minutes=5 ** (attempts - 1))


def _due(now: datetime):
    """SQL condition: queued and due, or claimed by a worker whose lease has run out."""
    return and_(OutboxMessage.status.in_((QUEUED, SENDING)), OutboxMessage.next_attempt_at <= now)


def claim(lease: timedelta) -> tuple[int, int] | None:
    """Take the next due row for this worker; returns (id, attempt number), or None when nothing is due.

    One UPDATE, in its own transaction, so two workers never take the same row: PostgreSQL skips
    rows another claim has locked (FOR UPDATE SKIP LOCKED), SQLite runs one writer at a time.
    """
    now = clock.now()
    pick = (select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.priority.desc(), OutboxMessage.next_attempt_at,
                                                     OutboxMessage.id)
            .limit(1).with_for_update(skip_locked=True))
    # `id = (subquery)` runs the pick once (an InitPlan); `id IN (subquery)` let PostgreSQL re-run it per row
    # and claim every due row while returning one.
    statement = (update(OutboxMessage).where(OutboxMessage.id == pick.scalar_subquery(), _due(now))
                 .values(status=SENDING, attempts=OutboxMessage.attempts + 1, next_attempt_at=now + lease)
                 .returning(OutboxMessage.id, OutboxMessage.attempts))
    with db.engine.begin() as connection:
        row = connection.execute(statement).first()
    return tuple(row) if row else None


def mark_sent(message_id: int, attempt: int) -> None:
    """Record a delivery (in the session; the caller commits)."""
    _settle(message_id, attempt, status=SENT, sent_at=clock.now())


def reschedule(message_id: int, attempt: int, error: str, max_attempts: int) -> str:
    """Record a refused attempt: queued again after the backoff, or failed after the last; returns the status."""
    if attempt >= max_attempts:
        _settle(message_id, attempt, status=FAILED, last_error=error[:ERROR_LENGTH])
        return FAILED
    _settle(message_id, attempt, status=QUEUED, last_error=error[:ERROR_LENGTH],
            next_attempt_at=clock.now() + backoff(attempt))
    return QUEUED


def _settle(message_id: int, attempt: int, **values) -> None:
    """Update a claimed row, only while this attempt still holds it (a later claim has a higher number)."""
    db.session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.status == SENDING, OutboxMessage.attempts == attempt)
        .values(**values))


def retry(message: OutboxMessage) -> OutboxMessage:
    """Send a failed (or waiting) email again now, with a fresh set of attempts."""
    if message.status not in (FAILED, QUEUED):
        raise Refusal("mail_not_waiting", "This email is being sent or has been sent; there is nothing to retry.")
    message.status, message.attempts, message.next_attempt_at = QUEUED, 0, clock.now()
    db.session.info[WAKE] = True
    return message


def unsent(limit: int = 200) -> list[OutboxMessage]:
    """Rows not delivered yet, failed first, then oldest first: what the admin screen lists."""
    failed_first = case((OutboxMessage.status == FAILED, 0), else_=1)
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.status.in_(UNSENT))
                                   .order_by(failed_first, OutboxMessage.created_at, OutboxMessage.id).limit(limit)))


def counts() -> dict[str, int]:
    """How many rows are in each state."""
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    return {QUEUED: 0, SENDING: 0, SENT: 0, FAILED: 0, **dict(rows.all())}


def forget_recipient(address: str) -> int:
    """Delete the stored copies of emails to one address (a deleted account's), except one a worker is sending."""
    result = db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == address,
                                                            OutboxMessage.status != SENDING))
    return result.rowcount
