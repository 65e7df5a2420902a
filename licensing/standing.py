"""Where a clinic's licensing stands: its jurisdiction, the tier of each treatment there, whether it is enforced."""
from __future__ import annotations

from datetime import date

from flask import current_app

from eligibility.rules import jurisdiction_of
from licensing.rules import tier_for


def jurisdiction_of_clinic(clinic) -> str:
    """The clinic's jurisdiction ("GB-ENG"), from its country and postcode (the age rules' own answer)."""
    return jurisdiction_of(clinic.country, clinic.postcode)


def in_force(jurisdiction: str) -> bool:
    """Whether LICENSING_IN_FORCE switches the scheme on in this jurisdiction."""
    return jurisdiction in current_app.config.get("LICENSING_IN_FORCE", ())


def tiers_at(clinic, slugs, day: date) -> dict[str, str | None]:
    """{treatment slug: tier or None} at a clinic on a date."""
    place = jurisdiction_of_clinic(clinic)
    return {slug: tier_for(slug, place, day) for slug in slugs}
