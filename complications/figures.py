"""Monthly figures the transparency report publishes about reported complications. Read-only, no personal data."""
from datetime import date

from complications.models import ProblemReport
from core.months import count_by_month

REPORTED = "Complications reported"
CLOSED = "Complications closed"


def monthly_figures(months: list[date]) -> dict[str, list[int]]:
    """Reports made in each month, and reports closed in each month (by when each happened)."""
    reported = count_by_month(ProblemReport.created_at, months, {REPORTED: ProblemReport.id.isnot(None)})
    closed = count_by_month(ProblemReport.closed_at, months, {CLOSED: ProblemReport.closed_at.isnot(None)})
    return {**reported, **closed}
