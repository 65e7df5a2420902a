"""The health questions as a step of booking (booking.prerequisites): asked before a prescription-only treatment.

The first time, the patient answers them; for a later booking with the same practitioner they check
their last answers are still right (the form comes filled in). Either way the answers saved in the last
FRESH hours are the ones linked to the booking made.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import url_for

from booking import prerequisites
from booking.display import long_date
from intake import queries, services

FRESH = timedelta(hours=24)
CODE = "health_questions_needed"


class HealthQuestions:
    """booking.prerequisites.Prerequisite for the health questions."""

    def pending(self, patient, offering, now: datetime, choice: dict):
        """Ask for the answers before a prescription-only treatment, unless given in the last FRESH hours."""
        if patient is None or not offering.treatment.prescription_only:
            return None
        draft = queries.draft_of(patient.id, offering.practitioner_id)
        if draft is not None and draft.saved_at >= now - FRESH:
            return None
        name = offering.practitioner.name
        # The refusal inside book() has no chosen slot to come back to: it names the booking page instead.
        url = url_for("intake.before_booking", **choice) if choice else \
            url_for("booking.start", slug=offering.practitioner.slug)
        last = queries.latest_of(patient.id, offering.practitioner_id)
        if last is None:
            return prerequisites.Step(
                CODE, "Health questions", f"Before your first appointment for {offering.treatment.name} with {name}, "
                f"please answer a few short health questions. Only you and {name} can read your answers.",
                url, "Answer the health questions")
        return prerequisites.Step(
            CODE, "Check your health answers", f"You last answered the health questions for {name} on "
            f"{long_date(last.saved_at)}. Please check they are still right before booking.", url,
            "Check my answers")

    def attach(self, booking, now: datetime) -> None:
        """Link the answers the patient gave this practitioner in the last FRESH hours (if any) to the booking made."""
        draft = queries.draft_of(booking.patient_id, booking.practitioner_id)
        if draft is not None and draft.saved_at >= now - FRESH:
            services.attach(booking, now)


def install(app) -> None:
    """Make booking ask for the health questions on this app."""
    prerequisites.register(app, "intake", HealthQuestions())
