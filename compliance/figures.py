"""Monthly figures the transparency report publishes about exosome declarations and claims. Read-only.

Declarations are counted as they stood at the end of each month (the one in force for each
practitioner, by its review status then); claims moderation from the audit trail, because a claim's
row is replaced when its wording changes. Both are fixed once their month is over: a declaration is
never edited (a new one supersedes it) and its decision is made once.
"""
from datetime import date

from sqlalchemy import and_, case, func, not_, or_, select

from audit.figures import actions_by_month
from compliance.models import ExosomeDeclaration, ReviewStatus
from core.extensions import db
from core.months import month_after, month_start

WAITING = "Declarations waiting for review"
REVIEWED = "Declarations reviewed"
SENT_BACK = "Declarations sent back"
NO_USE = "Declarations of no exosome use"
HELD = "Claims held for review"
ADMIN_REVIEWED = "Claims reviewed by an admin"
ADMIN_REFUSED = "Claims refused by an admin"
CHECKER_REFUSED = "Claims refused by the checker"
CLAIM_ACTIONS = {HELD: ("claims.queued",), ADMIN_REVIEWED: ("claims.approved", "claims.refused"),
                 ADMIN_REFUSED: ("claims.refused",), CHECKER_REFUSED: ("claims.hidden",)}


def monthly_figures(months: list[date]) -> dict[str, list[int]]:
    """Declarations in force at each month's end by status, and claims held, reviewed and refused in each month."""
    return {**declarations_by_status(months), **actions_by_month(months, CLAIM_ACTIONS)}


def _statuses_at(end) -> dict:
    """What puts the declaration in force at the instant `end` in each status."""
    d = ExosomeDeclaration
    in_force = and_(d.declared_at < end, or_(d.superseded_at.is_(None), d.superseded_at >= end))
    decided = and_(d.reviewed_at.is_not(None), d.reviewed_at < end)
    return {WAITING: and_(in_force, d.uses_exosomes, not_(decided)),
            REVIEWED: and_(in_force, decided, d.review_status == ReviewStatus.REVIEWED.value),
            SENT_BACK: and_(in_force, decided, d.review_status == ReviewStatus.RETURNED.value),
            NO_USE: and_(in_force, not_(d.uses_exosomes))}


def declarations_by_status(months: list[date]) -> dict[str, list[int]]:
    """For each month, the declarations in force as it ended, by review status (one query)."""
    labels = (WAITING, REVIEWED, SENT_BACK, NO_USE)
    if not months:
        return {label: [] for label in labels}
    ends = [month_start(month_after(m)) for m in months]
    conditions = [_statuses_at(end) for end in ends]
    sums = [func.coalesce(func.sum(case((at[label], 1), else_=0)), 0) for label in labels for at in conditions]
    row = db.session.execute(select(*sums).where(ExosomeDeclaration.declared_at < max(ends))).one()
    counts = [int(value) for value in row]
    return {label: counts[n * len(ends):(n + 1) * len(ends)] for n, label in enumerate(labels)}
