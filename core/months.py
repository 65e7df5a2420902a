"""Calendar months in UTC, and counting rows per month in one query.

A month here is the date of its first day; its rows are those whose instant falls from that
day's midnight UTC (inclusive) to the next month's (exclusive), whatever a reader's clock said.
Nothing here knows a domain word: the domains say what to count, this says which month it fell in.
"""
from datetime import date, datetime, time, timezone

from sqlalchemy import and_, case, func, select

from core.extensions import db


def month_after(month: date) -> date:
    """The first day of the month after `month`'s."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_before(month: date) -> date:
    """The first day of the month before `month`'s."""
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def whole_months_before(today: date, count: int = 12) -> list[date]:
    """The `count` whole calendar months before today's month, oldest first (today's month is not over yet)."""
    months = [month_before(today.replace(day=1))]
    while len(months) < count:
        months.append(month_before(months[-1]))
    return months[::-1]


def month_start(month: date) -> datetime:
    """Midnight UTC on the first day of the month: the first instant that belongs to it."""
    return datetime.combine(month.replace(day=1), time.min, tzinfo=timezone.utc)


def month_of(day: date) -> date:
    """The month a day (or an instant's UTC date) belongs to."""
    return day.replace(day=1)


def count_by_month(column, months: list[date], series: dict, *where) -> dict[str, list[int]]:
    """For each label in `series`, how many rows match its condition with `column` (a UTC instant) in each month.

    One query whatever the number of labels and months: a sum per (label, month) over the rows in the
    whole span, so the database reads the span once, through the column's index where it has one.
    """
    if not months or not series:
        return {label: [0] * len(months) for label in series}
    spans = [(month_start(m), month_start(month_after(m))) for m in months]
    sums = [func.coalesce(func.sum(case((and_(condition, column >= start, column < end), 1), else_=0)), 0)
            for condition in series.values() for start, end in spans]
    lowest, highest = min(s for s, _ in spans), max(e for _, e in spans)
    row = db.session.execute(select(*sums).where(column >= lowest, column < highest, *where)).one()
    counts = [int(value) for value in row]
    return {label: counts[n * len(months):(n + 1) * len(months)] for n, label in enumerate(series)}
