"""A patient's reviews in "download my data", and what happens to them when the account is deleted.

Erasing keeps the review but not the person: the CMA asks that genuine reviews stay published (taking
them down would also skew the average the other way), while GDPR asks that the person is no longer
identifiable. So the author's short name and the link to the account go, the review then reads "A
verified patient", and the stars and words stay; a patient who wants the words gone too asks us and an
admin removes the review under the "patient_request" reason. The abuse check keeps contact details out
of every review, so the text itself does not identify anyone.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from audit.services import record
from core.extensions import db
from reviews.models import Review


def _own_reviews(user) -> list[Review]:
    """The reviews the user wrote, oldest first."""
    return list(db.session.scalars(select(Review).where(Review.patient_id == user.id).order_by(Review.id)))


def export_for_patient(user) -> dict:
    """The patient's reviews, JSON-ready, as they wrote them and as they stand."""
    return {"reviews": [{
        "id": r.id, "practitioner": r.practitioner.name, "treatment": r.treatment_name,
        "appointment_month": r.appointment_on.strftime("%Y-%m"), "stars": r.stars, "text": r.text,
        "status": r.status, "posted_at": r.created_at.isoformat(), "shown_as": r.author,
        "reply": r.reply_text, "removal_reason": r.removal_reason} for r in _own_reviews(user)]}


def erase_for_patient(user, now: datetime) -> None:
    """Anonymise the patient's reviews (inside the delete-account transaction): no name, no account link."""
    for review in _own_reviews(user):
        review.author_name, review.patient_id, review.anonymised_at = "", None, now
        record(None, "review.anonymised", "review", review.id, practitioner_id=review.practitioner_id,
               reason="The author deleted their account; the review stays, shown as a verified patient.")
