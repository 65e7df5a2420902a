"""The transparency report's world: a clock pinned in November 2026, and events seeded at chosen instants.

The report covers the 12 whole months before the pinned day: November 2025 to October 2026. Events
are made through the real services with the clock moved to the instant they happened.
"""
from datetime import date, datetime, timezone

import pytest

from core.extensions import db
from core.months import whole_months_before

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=timezone.utc)
MONTHS = whole_months_before(NOW.date())  # 2025-11-01 ... 2026-10-01


def utc(*parts) -> datetime:
    """An aware UTC instant."""
    return datetime(*parts, tzinfo=timezone.utc)


def by_month(counts: list[int]) -> dict[str, int]:
    """A figure's non-zero months as {"2026-03": n}, easier to read in a failure than twelve numbers."""
    return {f"{month:%Y-%m}": n for month, n in zip(MONTHS, counts) if n}


@pytest.fixture
def app_config(app_config):
    """Pages at the pinned NOW."""
    return {**app_config, "CLOCK_NOW": NOW}


@pytest.fixture
def at(app):
    """Return at(instant, action, *args) -> action's result, run and committed with the clock at that instant."""

    def run(instant: datetime, action, *args, **kwargs):
        app.config["CLOCK_NOW"] = instant
        try:
            result = action(*args, **kwargs)
            db.session.commit()
            return result
        finally:
            app.config["CLOCK_NOW"] = NOW

    return run


@pytest.fixture
def admin(make_user):
    """The admin who approves, suspends and decides."""
    return make_user(role="admin", email="ada.admin@verity.example", name="Ada Admin")


def first_day(year: int, month: int) -> date:
    """The month as the report names it."""
    return date(year, month, 1)
