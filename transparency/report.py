"""The transparency report: every figure for the last 12 whole months (UTC), and the words that describe them.

The figures are worked out once per process for a given span of months and kept: a month that is
over never changes (each provider counts only what is fixed once recorded), so the only work after
the first request of a month is drawing the page.
"""
from dataclasses import dataclass
from datetime import date

from flask import current_app

from core import clock
from core.months import whole_months_before
from transparency import registry
from transparency.registry import Measure, Section

MONTHS = 12
NOT_COLLECTED = "Not yet collected"
CACHE_KEY = "transparency.figures"


@dataclass(frozen=True)
class Row:
    """One figure for each month, or None while no provider collects it."""

    measure: Measure
    values: tuple[int, ...] | None

    @property
    def collected(self) -> bool:
        """True when there are real figures to show (never zeros standing in for missing data)."""
        return self.values is not None


@dataclass(frozen=True)
class Table:
    """One section's figures: a chart, a text description and a table on the page."""

    section: Section
    rows: tuple[Row, ...]

    @property
    def collected(self) -> list[Row]:
        """The rows with figures, which the chart draws."""
        return [row for row in self.rows if row.collected]


@dataclass(frozen=True)
class Report:
    """The months covered, oldest first, and a table for each section."""

    months: tuple[date, ...]
    tables: tuple[Table, ...]

    def table(self, slug: str) -> Table | None:
        """The section's table, by its slug."""
        return next((t for t in self.tables if t.section.slug == slug), None)


def build_report() -> Report:
    """The report as of today: the 12 whole months before this one."""
    months = tuple(whole_months_before(clock.today(), MONTHS))
    figures = cached_figures(months)
    return Report(months, tuple(Table(section, tuple(Row(m, figures.get(m.label)) for m in section.measures))
                                for section in registry.SECTIONS))


def cached_figures(months: tuple[date, ...]) -> dict[str, tuple[int, ...]]:
    """Every provider's figures for these months, worked out once per process and span of months."""
    key = (months, tuple(registry.PROVIDERS))
    cache = current_app.extensions.setdefault(CACHE_KEY, {})
    if key not in cache:
        figures = collect(list(months))
        cache.clear()  # only the current span is ever asked for again
        cache[key] = figures
    return cache[key]


def collect(months: list[date]) -> dict[str, tuple[int, ...]]:
    """Ask every registered provider for its figures; a provider that miscounts its months is a bug, said loudly."""
    figures = {}
    for provider in registry.PROVIDERS:
        for label, counts in provider(months).items():
            if len(counts) != len(months):
                raise ValueError(f"{provider.__module__}.{provider.__name__} gave {len(counts)} counts "
                                 f"for {label!r} over {len(months)} months")
            figures[label] = tuple(int(count) for count in counts)
    return figures


def month_name(month: date) -> str:
    """'March 2026'."""
    return f"{month:%B %Y}"


def describe(table: Table, months: tuple[date, ...]) -> str:
    """The chart in words: each figure's total over the months (or its latest level), and its busiest month."""
    parts = [_describe_row(row, months, table.section.stock) for row in table.rows]
    return " ".join(parts)


def _describe_row(row: Row, months: tuple[date, ...], stock: bool) -> str:
    """One figure's sentence."""
    label = row.measure.label
    if not row.collected:
        return f"{label}: {NOT_COLLECTED.lower()}."
    peak = max(row.values)
    peak_month = month_name(months[row.values.index(peak)])
    if stock:
        return (f"{label}: {row.values[-1]} at the end of {month_name(months[-1])}"
                + (f" (highest {peak}, at the end of {peak_month})." if peak > row.values[-1] else "."))
    total = sum(row.values)
    return f"{label}: {total} in {len(months)} months" + (f", most in {peak_month} ({peak})." if total else ".")
