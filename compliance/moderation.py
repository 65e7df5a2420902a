"""Moderation of practitioners' public texts: the one writer of claim_reviews rows.

Every public text (bio, an offering's notes, a clinic's blurb, the exosome statement) has one row
holding its last check: the verdict, the checker version that gave it, and whether patients may
read it. `recheck` keeps the rows in step with the texts; compliance/sync.py calls it with the badge
refresh, so every writer (forms, importer, admin tools) and `flask refresh-badges` pass through it.
A text the checker is unsure of waits for an admin (`approve`, `refuse`); `may_show` is the one
answer to "may patients read this text", used by every page and document that shows one.
"""
from __future__ import annotations

import hashlib
from collections import Counter

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from audit.services import record
from compliance.badge import StoredText, current_declarations, stored_texts
from compliance.claims import COSMETIC, DRUG_LIKE, NEEDS_REVIEW, check_text, checker_version, refusal_message
from compliance.models import ClaimReview, ClaimStatus
from core import clock, mail
from core.extensions import db
from core.refusal import Refusal
from directory.models import Offering, Practitioner

MIN_REASON = 10
FRESH_STATUS = {DRUG_LIKE: ClaimStatus.REFUSED.value, NEEDS_REVIEW: ClaimStatus.PENDING.value,
                COSMETIC: ClaimStatus.NOT_NEEDED.value}
# How emails and pages name each kind of text, and the practitioner's page that edits it.
KIND_NAMES = {"bio": "your bio", "offering": "the notes on one of your treatments",
              "clinic": "the description of one of your clinics", "statement": "your exosome statement"}
EDIT_PAGES = {"bio": ("practice.edit_profile", None), "offering": ("practice.edit_offering", "offering_id"),
              "clinic": ("practice.edit_clinic", "clinic_id"), "statement": ("practice.exosomes", None)}
AUTO_REFUSAL = "The claims checker now reads this as a drug-like claim. "


def text_hash(text: str) -> str:
    """The fingerprint stored with a checked text: a changed text is a new text."""
    return hashlib.sha256((text or "").encode()).hexdigest()


def review_of(kind: str, object_id: int | None) -> ClaimReview | None:
    """The stored check of one text, or None when it was never checked."""
    if object_id is None:
        return None
    return db.session.scalar(select(ClaimReview).where(ClaimReview.kind == kind, ClaimReview.object_id == object_id))


def may_show(kind: str, object_id: int | None, text: str, countries=None) -> bool:
    """May patients read this text? Its stored check when it is of these very words, else a check now."""
    if not (text or "").strip():
        return False
    review = review_of(kind, object_id)
    if review is not None and review.text_hash == text_hash(text):
        return review.shown
    return check_text(text, countries).verdict == COSMETIC


def _load(practitioner_ids) -> list[Practitioner]:
    """The practitioners with the clinics and offerings their texts live in."""
    return list(db.session.scalars(
        select(Practitioner).where(Practitioner.id.in_(practitioner_ids))
        .options(selectinload(Practitioner.clinics), selectinload(Practitioner.offerings).selectinload(
            Offering.treatment))))


def recheck(practitioner_ids) -> Counter:
    """Bring these practitioners' rows in step with their texts and the current checker; count what changed.

    A text whose words and checker version match its row is skipped, so running it twice does nothing.
    """
    ids = [i for i in dict.fromkeys(practitioner_ids) if i is not None]
    counts: Counter = Counter()
    if not ids:
        return counts
    version, declarations = checker_version(), current_declarations(ids)
    rows = {(r.kind, r.object_id): r for r in db.session.scalars(
        select(ClaimReview).where(ClaimReview.practitioner_id.in_(ids)))}
    for practitioner in _load(ids):
        texts = stored_texts(practitioner, declarations.get(practitioner.id))
        for text in texts:
            counts[_recheck_text(practitioner, text, rows.get((text.kind, text.object_id)), version)] += 1
        kept = {(t.kind, t.object_id) for t in texts}
        for key, row in rows.items():
            if row.practitioner_id == practitioner.id and key not in kept:
                db.session.delete(row)  # the text was emptied, or its offering, clinic or declaration is gone
                counts["removed"] += 1
    counts.pop("unchanged", None)
    return counts


def _existing(text: StoredText) -> ClaimReview | None:
    """A row for this text kept under another practitioner (a clinic moved between them)."""
    return review_of(text.kind, text.object_id)


def _next_status(row: ClaimReview, verdict: str, same_words: bool) -> str:
    """What a re-checked text's status becomes: new words are judged afresh; a decision on the same words stands."""
    if not same_words or row.status is None:
        return FRESH_STATUS[verdict]
    if row.verdict == verdict:
        return row.status  # the same words and verdict: whatever was decided stands
    if row.status == ClaimStatus.REFUSED.value and row.decided_by_id is not None:
        return row.status  # an admin refused these words: a kinder checker does not overrule them
    return FRESH_STATUS[verdict]


def _recheck_text(practitioner: Practitioner, text: StoredText, row: ClaimReview | None, version: str) -> str:
    """Check one text unless its row already holds this check; return what happened to it.

    The stored checker names the countries too: a clinic opened in another country re-checks the text.
    """
    digest, version = text_hash(text.text), f"{version}/{','.join(text.countries)}"
    if row is not None and row.text_hash == digest and row.checker == version:
        return "unchanged"
    row = row or _existing(text)
    if row is None:
        row = ClaimReview(kind=text.kind, object_id=text.object_id)
        db.session.add(row)
    verdict = check_text(text.text, text.countries)
    same_words = row.text_hash == digest
    before, status = row.status, _next_status(row, verdict.verdict, same_words)
    row.practitioner_id, row.text, row.text_hash, row.checker = practitioner.id, text.text, digest, version
    row.verdict, row.record, row.score = verdict.verdict, verdict.as_record(), verdict.score
    if status == before and same_words:
        return "rechecked"
    row.status, row.created_at = status, clock.now()
    row.decided_by_id, row.decided_at, row.reason = None, None, ""
    if status == ClaimStatus.REFUSED.value:
        row.decided_at, row.reason = clock.now(), AUTO_REFUSAL + refusal_message(verdict, text.countries)
        _tell(row, practitioner, "Some of your wording is hidden from patients", "compliance/claims_refused")
    if status in (ClaimStatus.PENDING.value, ClaimStatus.REFUSED.value):
        db.session.flush()
        record(None, f"claims.{'queued' if status == ClaimStatus.PENDING.value else 'hidden'}", "claim_review",
               row.id, practitioner_id=practitioner.id, before={"status": before}, after=_summary(row))
    return status


def _summary(review: ClaimReview) -> dict:
    """A review as the audit trail keeps it."""
    return {"kind": review.kind, "object_id": review.object_id, "status": review.status, "verdict": review.verdict,
            "score": review.score, "checker": review.checker, "text": review.text}


def _decidable(review: ClaimReview, seen_hash: str) -> None:
    """Only a waiting review of the words the admin read can be decided."""
    if review.status != ClaimStatus.PENDING.value:
        raise Refusal("already_decided", "This text has already been decided.")
    if seen_hash != review.text_hash:
        raise Refusal("text_changed", "The practitioner changed this text after you opened it: read it again.")


def approve(review: ClaimReview, admin, seen_hash: str, reason: str = "") -> ClaimReview:
    """An admin lets patients read a text the checker was unsure of; the practitioner is emailed."""
    _decidable(review, seen_hash)
    before = _summary(review)
    review.status, review.reason = ClaimStatus.APPROVED.value, (reason or "").strip()
    review.decided_by_id, review.decided_at = admin.id, clock.now()
    record(admin, "claims.approved", "claim_review", review.id, practitioner_id=review.practitioner_id,
           before=before, after=_summary(review), reason=review.reason)
    _tell(review, review.practitioner, "Your wording is approved", "compliance/claims_approved")
    return review


def refuse(review: ClaimReview, admin, seen_hash: str, reason: str) -> ClaimReview:
    """An admin keeps a text hidden, with a reason the practitioner can act on; the reason is emailed."""
    _decidable(review, seen_hash)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise Refusal("reason_too_short", "Tell the practitioner what to change (at least 10 characters).", "reason")
    before = _summary(review)
    review.status, review.reason = ClaimStatus.REFUSED.value, reason
    review.decided_by_id, review.decided_at = admin.id, clock.now()
    record(admin, "claims.refused", "claim_review", review.id, practitioner_id=review.practitioner_id,
           before=before, after=_summary(review), reason=reason)
    _tell(review, review.practitioner, "Your wording needs changing", "compliance/claims_refused")
    return review


def edit_link(review: ClaimReview) -> str:
    """The practitioner's page where this text is edited."""
    endpoint, argument = EDIT_PAGES[review.kind]
    return url_for(endpoint, _external=True, **({argument: review.object_id} if argument else {}))


def _tell(review: ClaimReview, practitioner: Practitioner, subject: str, template: str) -> None:
    """Queue the practitioner's email about a decision on one of their texts, with the page that edits it."""
    suggestions = list(dict.fromkeys(f["suggestion"] for f in (review.record or {}).get("findings", [])))
    with mail.link_context():
        link = edit_link(review)
    mail.queue(practitioner.user.email, subject, template,
               {"practitioner": practitioner, "review": review, "what": KIND_NAMES[review.kind],
                "suggestions": suggestions, "link": link})


def waiting(limit: int = 200) -> list[ClaimReview]:
    """Texts waiting for an admin, oldest first."""
    return list(db.session.scalars(select(ClaimReview).where(ClaimReview.status == ClaimStatus.PENDING.value)
                                   .order_by(ClaimReview.created_at, ClaimReview.id).limit(limit)))


def held_texts(practitioner: Practitioner | None) -> list[ClaimReview]:
    """A practitioner's texts patients cannot read yet (waiting or refused), for their own pages."""
    if practitioner is None or practitioner.id is None:
        return []
    return list(db.session.scalars(select(ClaimReview).where(
        ClaimReview.practitioner_id == practitioner.id,
        ClaimReview.status.in_([ClaimStatus.PENDING.value, ClaimStatus.REFUSED.value])).order_by(ClaimReview.id)))
