"""Posting a review, the practitioner's reply and report, and an admin's decisions; each audited.

Nobody hides a review for being negative: a practitioner can reply once or report it under a written
policy reason; only an admin removes one, naming that reason and a note, and the patient is emailed.
A review whose text the claims checker flags is held (not published) until an admin decides.
"""
from __future__ import annotations

from datetime import datetime

from flask import url_for
from sqlalchemy import select

from accounts.models import User
from audit.services import record, snapshot
from booking.models import Booking, BookingStatus
from compliance.claims import COSMETIC, DRUG_LIKE, check_text, refusal_message
from core import mail
from core.extensions import db
from core.refusal import Refusal
from reviews import rules
from reviews.models import Review, ReviewRequest, ReviewStatus

AUDITED = ("status", "stars", "text", "reply_text", "reply_held", "report_reason", "removal_reason", "author_name")


def _audit(actor, action: str, review: Review, before: dict | None = None, reason: str = "") -> None:
    """Record a change of a review in the audit trail, with what it was before."""
    record(actor, action, "review", review.id, practitioner_id=review.practitioner_id, before=before,
           after=snapshot(review, AUDITED), reason=reason)


def _countries(booking: Booking) -> list[str]:
    """Where the claim rules bind: the booking's clinic's country, else every country the practitioner works in."""
    if booking.clinic is not None:
        return [booking.clinic.country]
    return sorted({c.country for c in booking.practitioner.clinics})


def check_review_text(text: str) -> str:
    """The text tidied, or a Refusal on the `text` field: too short, too long, or abusive."""
    text = (text or "").strip()
    if len(text) < rules.TEXT_MIN:
        raise Refusal("review_too_short", f"Tell other patients a little more (at least {rules.TEXT_MIN} "
                                          "characters).", "text")
    if len(text) > rules.TEXT_MAX:
        raise Refusal("review_too_long", f"Keep your review to {rules.TEXT_MAX:,} characters.", "text")
    problem = rules.abuse_problem(text)
    if problem:
        raise Refusal("review_abusive", problem, "text")
    return text


def check_may_review(booking: Booking, author, now: datetime) -> None:
    """Refuse anyone but the patient of an attended booking, an insider, and a second review of a booking."""
    if author is None or booking.patient_id != getattr(author, "id", None):
        raise Refusal("not_your_booking", "Only the patient who attended this appointment can review it.")
    if booking.status != BookingStatus.ATTENDED.value:
        raise Refusal("not_attended", "You can review an appointment once the practitioner has marked it attended.")
    if rules.is_insider(author, booking.practitioner.user):
        raise Refusal("insider", "Practitioners, their staff and family may not review their own practice.")
    if db.session.scalar(select(Review.id).where(Review.booking_id == booking.id)) is not None:
        raise Refusal("already_reviewed", "You have already reviewed this appointment. Each booking is reviewed once.")


def post_review(booking: Booking, author, stars, text: str, now: datetime) -> Review:
    """Post the patient's review of an attended booking: published, or held when its text makes a medical claim."""
    check_may_review(booking, author, now)
    if stars not in rules.STARS:
        raise Refusal("stars_missing", "Choose from 1 to 5 stars.", "stars")
    text = check_review_text(text)
    verdict = check_text(text, _countries(booking)).verdict
    held = verdict != COSMETIC
    review = Review(
        booking_id=booking.id, practitioner_id=booking.practitioner_id, patient_id=author.id,
        author_name=rules.short_name(booking.patient_name or author.name), stars=stars, text=text,
        treatment_name=booking.title, appointment_on=rules.local_date(booking.starts_at, booking.time_zone),
        status=ReviewStatus.HELD.value if held else ReviewStatus.PUBLISHED.value, claims_verdict=verdict,
        created_at=now, published_at=None if held else now)
    db.session.add(review)
    request = db.session.get(ReviewRequest, booking.id)
    if request is not None:
        request.used_at = now
    db.session.flush()
    _audit(author, "review.held" if held else "review.posted", review)
    return review


def reply(review: Review, practitioner, actor, text: str, now: datetime) -> Review:
    """The practitioner's one public reply: abuse and drug-like claims refused, unsure wording held for an admin."""
    if review.practitioner_id != practitioner.id:
        raise Refusal("not_your_review", "You can reply only to reviews of your own practice.")
    if review.reply_text is not None:
        raise Refusal("already_replied", "You have already replied to this review: each review takes one reply.")
    text = (text or "").strip()
    if not rules.REPLY_MIN <= len(text) <= rules.REPLY_MAX:
        raise Refusal("reply_length", f"Write a reply of up to {rules.REPLY_MAX:,} characters.", "text")
    problem = rules.abuse_problem(text)
    if problem:
        raise Refusal("reply_abusive", problem, "text")
    countries = sorted({c.country for c in practitioner.clinics}) or None
    verdict = check_text(text, countries)
    if verdict.verdict == DRUG_LIKE:
        raise Refusal("reply_drug_claim", refusal_message(verdict, countries), "text")
    before = snapshot(review, AUDITED)
    review.reply_text, review.replied_at, review.reply_held = text, now, verdict.verdict != COSMETIC
    _audit(actor, "review.reply_held" if review.reply_held else "review.replied", review, before)
    return review


def publish_reply(review: Review, admin, note: str, now: datetime) -> Review:
    """An admin lets a held reply be read."""
    if not review.reply_held:
        raise Refusal("reply_not_held", "This review has no reply waiting for a check.")
    before = snapshot(review, AUDITED)
    review.reply_held, review.decided_by_id = False, admin.id
    _audit(admin, "review.reply_published", review, before, reason=(note or "").strip()[:rules.NOTE_MAX])
    return review


def refuse_reply(review: Review, admin, note: str, now: datetime) -> Review:
    """An admin refuses a held reply (a claim patients may not be shown); the practitioner may write another."""
    if not review.reply_held:
        raise Refusal("reply_not_held", "This review has no reply waiting for a check.")
    note = (note or "").strip()
    if not note:
        raise Refusal("note_missing", "Tell the practitioner why, in a sentence or two.", "note")
    before = snapshot(review, AUDITED)
    refused, review.reply_text, review.replied_at, review.reply_held = review.reply_text, None, None, False
    review.decided_by_id = admin.id
    _audit(admin, "review.reply_refused", review, before, reason=note[:rules.NOTE_MAX])
    mail.queue(review.practitioner.user.email, "Your reply to a review was not published", "reviews/reply_refused",
               {"review": review, "reply": refused, "note": note,
                "link": url_for("practice.review", review_id=review.id, _external=True)})
    return review


def _policy_reason(reason: str | None, note: str, field: str = "reason") -> tuple[str, str]:
    """A reason from the written list and a note, or a Refusal naming what is missing."""
    if reason not in rules.REMOVAL_REASONS:
        raise Refusal("reason_unknown", "Choose a reason from the reviews policy.", field)
    note = (note or "").strip()
    if not note or len(note) > rules.NOTE_MAX:
        raise Refusal("note_missing", f"Explain in a sentence or two (up to {rules.NOTE_MAX:,} characters).", "note")
    return reason, note


def report(review: Review, practitioner, actor, reason: str, note: str, now: datetime) -> Review:
    """The practitioner asks an admin to check a review against the policy; it stays shown until one decides."""
    if review.practitioner_id != practitioner.id:
        raise Refusal("not_your_review", "You can report only reviews of your own practice.")
    if reason == "patient_request":
        raise Refusal("reason_unknown", "Choose a reason from the reviews policy.", "reason")
    reason, note = _policy_reason(reason, note)
    if review.reported_at is not None:
        raise Refusal("already_reported", "You have reported this review; an admin will decide.")
    before = snapshot(review, AUDITED)
    review.reported_at, review.report_reason, review.report_note = now, reason, note
    _audit(actor, "review.reported", review, before, reason=f"{reason}: {note}")
    return review


def _tell_patient(review: Review, subject: str, template: str, **context) -> None:
    """Queue an email to the review's author, if their account still exists."""
    patient = db.session.get(User, review.patient_id) if review.patient_id else None
    if patient is not None:
        mail.queue(patient.email, subject, template, {"review": review, "policy": url_for(
            "reviews.policy", _external=True), **context})


def publish(review: Review, admin, note: str, now: datetime) -> Review:
    """An admin lets a held review be read: its text is about the patient's experience, not a claim to refuse."""
    if review.status != ReviewStatus.HELD.value:
        raise Refusal("not_held", "Only a held review can be published.")
    before = snapshot(review, AUDITED)
    review.status, review.published_at, review.decided_by_id = ReviewStatus.PUBLISHED.value, now, admin.id
    _audit(admin, "review.published", review, before, reason=(note or "").strip()[:rules.NOTE_MAX])
    _tell_patient(review, "Your review is published", "reviews/published")
    return review


def keep(review: Review, admin, note: str, now: datetime) -> Review:
    """An admin finds a reported review within the policy: it stays, and the report is closed."""
    if review.reported_at is None:
        raise Refusal("not_reported", "This review has no open report.")
    before = snapshot(review, AUDITED)
    review.reported_at, review.report_reason, review.report_note = None, None, ""
    review.decided_by_id = admin.id
    _audit(admin, "review.kept", review, before, reason=(note or "").strip()[:rules.NOTE_MAX])
    return review


def remove(review: Review, admin, reason: str, note: str, now: datetime) -> Review:
    """An admin removes a review for a reason on the written list, with a note; audited, and the patient told."""
    if review.status == ReviewStatus.REMOVED.value:
        raise Refusal("already_removed", "This review is already removed.")
    reason, note = _policy_reason(reason, note)
    before = snapshot(review, AUDITED)
    review.status, review.removed_at, review.decided_by_id = ReviewStatus.REMOVED.value, now, admin.id
    review.removal_reason, review.removal_note = reason, note
    review.reported_at = None
    _audit(admin, "review.removed", review, before, reason=f"{reason}: {note}")
    _tell_patient(review, "We have removed your review", "reviews/removed",
                  reason=rules.REMOVAL_REASONS[reason], note=note)
    return review
