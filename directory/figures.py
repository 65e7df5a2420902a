"""Monthly figures the transparency report publishes about practitioners' standing. Read-only.

A suspension is counted from the audit trail, not from `Practitioner.suspended_at`: a reinstatement
clears that column, while the trail keeps every suspension in the month it happened.
"""
from datetime import date

from audit.figures import actions_by_month

SUSPENDED = "Practitioners suspended"


def monthly_figures(months: list[date]) -> dict[str, list[int]]:
    """Practitioners an admin suspended in each month (twice in a month counts twice)."""
    return actions_by_month(months, {SUSPENDED: ("practitioner.suspended",)})
