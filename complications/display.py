"""What the booking pages show of problem reports (booking sits below complications, so it asks by template)."""
from __future__ import annotations

from complications import queries, rules


def booking_problems(booking) -> list:
    """The problems reported about a booking, for templates/complications/_booking.html and _practice.html."""
    return queries.reports_of(booking)


def install(app) -> None:
    """Let the booking templates list a booking's problem reports without booking importing complications."""
    app.add_template_global(booking_problems, "booking_problems")
    app.add_template_filter(lambda key: rules.URGENT_SIGNS.get(key, key), "problem_sign")
