"""Counting audit events per month, for the transparency report's figures. Nothing here writes.

The trail is append-only (audit/models.py) and `occurred_at` is the clock's time of recording, so a
past month's count of an action never changes.
"""
from datetime import date

from audit.models import AuditEvent
from core.months import count_by_month


def actions_by_month(months: list[date], series: dict[str, tuple[str, ...]]) -> dict[str, list[int]]:
    """For each label, how many events of its actions were recorded in each month (one query for all)."""
    every = sorted({action for actions in series.values() for action in actions})
    conditions = {label: AuditEvent.action.in_(actions) for label, actions in series.items()}
    return count_by_month(AuditEvent.occurred_at, months, conditions, AuditEvent.action.in_(every))
