"""The one clock: every "now" and "today" in Verity comes from here, so tests can pin it.

An app pins the clock by setting `CLOCK_NOW` to an aware datetime (tests and demos do, so pages
show the same slots on any day). Nothing else may call date.today(), datetime.now() or utcnow().
"""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def now() -> datetime:
    """The current instant as an aware UTC datetime, or the app's pinned CLOCK_NOW."""
    if has_app_context():
        fixed = current_app.config.get("CLOCK_NOW")
        if fixed is not None:
            return fixed.astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def today() -> date:
    """Today's date in UTC: the day every rule without a clinic (expiry, listing) is judged on."""
    return now().date()


def local_today(zone: str) -> date:
    """Today's date on a clinic's wall clock, for its IANA time zone."""
    return now().astimezone(ZoneInfo(zone)).date()
