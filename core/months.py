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

    One query whatever the number of labels and months: each row in the span is given its month's
    position once and a flag per label, and the database counts the few groups that makes.
    """
    counts = {label: [0] * len(months) for label in series}
    if not months or not series:
        return counts
    spans = [(month_start(m), month_start(month_after(m))) for m in months]
    position = case(*[(and_(column >= start, column < end), n) for n, (start, end) in enumerate(spans)])
    flags = [case((condition, 1), else_=0).label(f"flag_{n}") for n, condition in enumerate(series.values())]
    lowest, highest = min(s for s, _ in spans), max(e for _, e in spans)
    rows = select(position.label("position"), *flags).where(column >= lowest, column < highest, *where).subquery()
    groups = list(rows.c)  # grouped by the subquery's columns: PostgreSQL will not match repeated expressions
    for n, *matched, rows in db.session.execute(select(*groups, func.count()).group_by(*groups)):
        for label, flag in zip(series, matched):
            if n is not None and flag:
                counts[label][n] += rows
    return counts
