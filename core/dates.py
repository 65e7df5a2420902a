"""Dates and times as the reader writes them: "3 March 2026" in the UK, "March 3, 2026" in the US.

Whose convention a page uses is decided once per request by the resolver `install` is given
(directory.conventions.convention_of: a practitioner's clinics, a patient's own country once they
have one, otherwise the site's DEFAULT_COUNTRY). A time is shown on a named zone's clocks with the
abbreviation in force then ("14:02 GMT", "2:02 PM EDT"): the clinic's zone when the page knows the
clinic, otherwise the reader's zone. Nothing here knows a domain word; it only formats.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context, has_request_context, request

HOME_ZONES = {"GB": "Europe/London", "US": "America/New_York"}  # a reader's zone when no clinic names one
MONTH_FIRST = frozenset({"US"})  # countries that write "March 3, 2026" and a 12-hour clock


@dataclass(frozen=True)
class Convention:
    """How one reader writes dates: their country (GB or US) and the zone their times are shown in."""

    country: str
    zone: str

    @classmethod
    def of_country(cls, country: str, zone: str | None = None) -> Convention:
        """The convention of a country, in its home zone unless one is given."""
        country = country if country in HOME_ZONES else "GB"
        return cls(country, zone or HOME_ZONES[country])


def date_text(day: date, country: str) -> str:
    """'3 March 2026' (GB) or 'March 3, 2026' (US)."""
    if country in MONTH_FIRST:
        return f"{day:%B} {day.day}, {day.year}"
    return f"{day.day} {day:%B} {day.year}"


def time_text(local: datetime, country: str) -> str:
    """'14:02 GMT' (GB) or '2:02 PM EST' (US), with the zone's abbreviation in force at that instant."""
    if country in MONTH_FIRST:
        return f"{local.hour % 12 or 12}:{local:%M %p %Z}"
    return f"{local:%H:%M %Z}"


def datetime_text(instant: datetime, zone: str, country: str) -> str:
    """'3 March 2026, 14:02 GMT' (GB) or 'March 3, 2026 at 2:02 PM EST' (US) on a zone's clocks."""
    local = instant.astimezone(ZoneInfo(zone))
    joiner = " at " if country in MONTH_FIRST else ", "
    return f"{date_text(local.date(), country)}{joiner}{time_text(local, country)}"


def reader() -> Convention:
    """The convention of whoever this request is for, worked out once per request."""
    if not has_app_context():
        return Convention.of_country("GB")
    default = current_app.config.get("DEFAULT_COUNTRY", "GB")
    resolve = current_app.extensions.get("date_convention")
    if not (has_request_context() and resolve):
        return Convention.of_country(default)
    # Kept on the request itself (an app context, and so `g`, can outlive one request in tests and commands).
    if "verity.date_convention" not in request.environ:
        request.environ["verity.date_convention"] = resolve(default)
    return request.environ["verity.date_convention"]


def human_date(value: date | datetime | None, zone: str | None = None) -> str:
    """A date in the reader's convention; an instant is first put on `zone`'s clocks (the reader's by default)."""
    if value is None:
        return ""
    convention = reader()
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(zone or convention.zone)).date()
    return date_text(value, convention.country)


def human_datetime(value: datetime | None, zone: str | None = None) -> str:
    """An instant in the reader's convention, on `zone`'s clocks (a clinic's) or else the reader's zone."""
    if value is None:
        return ""
    convention = reader()
    return datetime_text(value, zone or convention.zone, convention.country)


def install(app, resolve) -> None:
    """Register the filters; `resolve(default_country) -> Convention` decides the reader's convention per request."""
    app.extensions["date_convention"] = resolve
    app.add_template_filter(human_date, "human_date")
    app.add_template_filter(human_datetime, "human_datetime")
