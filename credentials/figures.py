"""Monthly figures the transparency report publishes about credentials. Read-only.

Both figures are fixed once their month is over: `verified_at` is set once, when an admin approves,
and an expiry is judged on what had happened by the expiry date (a later renewal or revocation does
not rewrite it), so a past month's counts never change.
"""
from datetime import date

from sqlalchemy import select, true

from audit.models import AuditEvent
from core import clock
from core.extensions import db
from core.months import count_by_month, month_after, month_of
from credentials.models import Credential

APPROVED = "Credentials approved"
EXPIRED = "Credentials expired"


def monthly_figures(months: list[date]) -> dict[str, list[int]]:
    """Credentials approved in each month, and credentials whose expiry date fell in it."""
    approved = count_by_month(Credential.verified_at, months, {APPROVED: true()})
    return {**approved, EXPIRED: expired_by_month(months, clock.today())}


def expired_by_month(months: list[date], today: date) -> list[int]:
    """Verified credentials whose last valid day fell in each month and has passed.

    One that was replaced by a verified newer version, or revoked, on or before its last valid day
    did not expire: it had stopped counting already. (Expired means its day passed while it counted.)
    """
    if not months:
        return []
    superseded = (select(AuditEvent.subject_id, AuditEvent.occurred_at)
                  .where(AuditEvent.action == "credential.superseded", AuditEvent.subject_type == "credential")
                  .subquery())
    rows = db.session.execute(
        select(Credential.id, Credential.expires_on, Credential.rejected_at, superseded.c.occurred_at)
        .outerjoin(superseded, superseded.c.subject_id == Credential.id)
        .where(Credential.verified_at.is_not(None), Credential.expires_on >= min(months),
               Credential.expires_on < min(month_after(max(months)), today)))
    last_days, stopped = {}, set()
    for credential_id, expires_on, rejected_at, superseded_at in rows:
        last_days[credential_id] = expires_on
        if any(instant is not None and instant.date() <= expires_on for instant in (rejected_at, superseded_at)):
            stopped.add(credential_id)
    expired = [month_of(day) for credential_id, day in last_days.items() if credential_id not in stopped]
    return [expired.count(m) for m in months]
