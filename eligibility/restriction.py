"""The age rules as a restriction of booking (booking.prerequisites): ask for the date of birth, refuse under-age.

Booking asks on the confirm page, in book() and in reschedule(), so every path that makes or moves
an appointment (page, API, emailed link) gets the same answer. The age counts on the appointment's
date on the clinic's calendar, and the rule is the one in force in the clinic's jurisdiction that day.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import url_for

from booking import prerequisites
from eligibility.queries import birth_date_of
from eligibility.rules import jurisdiction_of, refusal_for, rule_for

CODE = "birth_date_needed"


def rule_of(offering, clinic, starts_at: datetime):
    """The age rule for this appointment (treatment, clinic's jurisdiction, local date) and that date, or None."""
    try:
        day = starts_at.astimezone(ZoneInfo(clinic.time_zone)).date()
    except OverflowError:  # an instant at the end of the calendar (booking refuses it as a slot anyway)
        day = starts_at.date()
    rule = rule_for(offering.treatment.slug, jurisdiction_of(clinic.country, clinic.postcode), day)
    return (rule, day) if rule is not None else None


class AgeRestriction:
    """booking.prerequisites.Restriction for the age rules."""

    def step(self, patient, offering, clinic, starts_at: datetime, choice: dict):
        """Ask for the date of birth when a rule applies and it is unknown; refuse when the patient is too young."""
        found = rule_of(offering, clinic, starts_at) if patient is not None else None
        if found is None:
            return None
        rule, day = found
        born = birth_date_of(patient.id)
        if born is None:
            url = url_for("eligibility.birth_date", **choice) if choice else url_for("eligibility.birth_date")
            return prerequisites.Step(
                CODE, "Your date of birth", f"{offering.treatment.name} is not allowed for anyone under "
                f"{rule.minimum_age} in {rule.jurisdiction_name} ({rule.source}). Please give your date of birth "
                "once; we check it against the date of each appointment.", url, "Give my date of birth")
        refusal = refusal_for(rule, born, day, offering.treatment.name)
        if refusal is not None:
            raise refusal
        return None


def install(app) -> None:
    """Make booking apply the age rules on this app."""
    prerequisites.restrict(app, "eligibility", AgeRestriction())
