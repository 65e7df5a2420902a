"""The registration a search result names in one line: "GMC 7123456, checked 3 March 2026".

Only a verified registration that is current on the day is named, with the date an admin verified it;
what a practitioner merely declared on their profile, or a version still waiting for review, never is.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from credentials.models import CredentialKind

EARLIEST = datetime.min.replace(tzinfo=ZoneInfo("UTC"))


class Registration(NamedTuple):
    """A verified current registration as a card names it."""

    issuer: str
    number: str
    verified_at: datetime | None

    @property
    def name(self) -> str:
        """The register and number: 'GMC 7123456'."""
        return " ".join(part for part in (self.issuer, self.number) if part)

    def checked_on(self, zone: str, country: str) -> str | None:
        """The day an admin verified it, on the clinic's calendar: '3 March 2026' ('March 3, 2026' in the US)."""
        if self.verified_at is None:
            return None
        day = self.verified_at.astimezone(ZoneInfo(zone)).date()
        return f"{day:%B} {day.day}, {day.year}" if country == "US" else f"{day.day} {day:%B %Y}"


def shown_registration(practitioner, today: date) -> Registration | None:
    """The current verified registration checked most recently, or None (never an unverified one)."""
    current = [c for c in practitioner.credentials
               if c.kind == CredentialKind.REGISTRATION.value and c.is_current(today)]
    if not current:
        return None
    credential = max(current, key=lambda c: (c.verified_at or EARLIEST, c.id))
    return Registration(credential.issuer, credential.number, credential.verified_at)


def with_registrations(result, today: date):
    """Give each search hit the registration its card names (credentials come loaded with the hits)."""
    for hit in result.hits:
        hit.registration = shown_registration(hit.practitioner, today)
    return result
