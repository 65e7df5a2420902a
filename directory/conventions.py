"""Whose date convention a page is written in: decided from who is reading it.

The rule, in order:
1. A practitioner writes as their clinics do: the country most of their clinics are in (a tie goes to
   their first clinic), with times on the clocks of their first clinic in that country.
2. A patient (or anyone) with a country of their own on their account (`User.country`, once accounts
   store one) writes as that country does.
3. Everyone else (admins, visitors, a practitioner with no clinic yet) reads the site's DEFAULT_COUNTRY.
"""
from collections import Counter

from flask_login import current_user
from sqlalchemy import select

from core.dates import Convention
from core.extensions import db
from directory.models import Clinic, Practitioner


def convention_of(default_country: str) -> Convention:
    """The current reader's convention (see the module's rule); the site's default for visitors."""
    user = current_user
    if not getattr(user, "is_authenticated", False):
        return Convention.of_country(default_country)
    if user.has_role("practitioner"):
        clinics = list(db.session.execute(
            select(Clinic.country, Clinic.time_zone).join(Practitioner, Practitioner.id == Clinic.practitioner_id)
            .where(Practitioner.user_id == user.id).order_by(Clinic.id)))
        if clinics:
            return clinic_convention(clinics)
    own = getattr(user, "country", None)
    return Convention.of_country(own or default_country)


def clinic_convention(clinics: list[tuple[str, str]]) -> Convention:
    """The convention of a practitioner's clinics, given as (country, time zone) in the order they were added."""
    counts = Counter(country for country, _ in clinics)
    top = max(counts.values())
    country = next(country for country, _ in clinics if counts[country] == top)
    zone = next(zone for c, zone in clinics if c == country)
    return Convention.of_country(country, zone)
