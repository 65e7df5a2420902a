"""The booking pages' clock: the current instant, or a fixed one the app is configured with.

Tests (and demos) set `BOOKING_NOW` to an aware datetime so pages show the same slots on any day;
services never read the clock themselves, they are handed `now`.
"""
from datetime import datetime

from flask import current_app

from timeutil import utcnow


def now() -> datetime:
    """The instant booking pages treat as now."""
    fixed = current_app.config.get("BOOKING_NOW")
    return fixed if fixed is not None else utcnow()
