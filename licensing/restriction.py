"""Licensing as a barrier of booking (booking.prerequisites.bar) and a check before a treatment is offered.

While the scheme is in force in the clinic's jurisdiction (LICENSING_IN_FORCE), a treatment whose tier's
requirements are not met can be neither offered nor booked; the reason is the same words everywhere.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from booking import prerequisites
from core import clock
from core.refusal import Refusal
from licensing.standing import in_force, jurisdiction_of_clinic, standing

UNLICENSED = "licence_requirement_unmet"


def local_day(clinic, now: datetime):
    """The clinic's calendar date at an instant."""
    return now.astimezone(ZoneInfo(clinic.time_zone)).date()


def refuse_unlicensed(practitioner, treatment, today=None) -> None:
    """Refuse to offer a treatment whose licensing requirement is unmet at any of the practitioner's clinics."""
    for clinic in practitioner.clinics:
        if not in_force(jurisdiction_of_clinic(clinic)):
            continue
        reason = standing(practitioner, clinic, treatment, today or clock.today()).reason
        if reason:
            raise Refusal(UNLICENSED, f"You cannot offer this at {clinic.name} yet. {reason}", "treatment",
                          status=403)


class LicensingBarrier:
    """booking.prerequisites.Barrier for the licensing tiers."""

    def reason(self, offering, clinic, now: datetime) -> str | None:
        """Why nobody can book this offering at this clinic: an unmet requirement of its tier, once in force."""
        if not in_force(jurisdiction_of_clinic(clinic)):  # no licence to look up before the scheme starts
            return None
        return standing(offering.practitioner, clinic, offering.treatment, local_day(clinic, now)).reason


def install(app) -> None:
    """Make booking refuse treatments whose licensing requirements are unmet where the scheme is in force."""
    prerequisites.bar(app, "licensing", LicensingBarrier())
