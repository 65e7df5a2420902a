"""An admin's review of a declaration's evidence: mark it reviewed, or send it back with a reason.

Both decisions are recorded in the audit trail and emailed to the practitioner; nothing here commits.
"""
from __future__ import annotations

from datetime import datetime

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from audit.services import record
from compliance.models import ComplianceDocument, ExosomeDeclaration, ReviewStatus
from compliance.services import MIN_REASON, ComplianceError, summary
from core.extensions import db
from core.mail import send_mail
from core import clock

REQUIRED_EVIDENCE = ("coa", "tests")


def waiting() -> list[ExosomeDeclaration]:
    """Current declarations of exosome products that await review, oldest first."""
    return list(db.session.scalars(
        select(ExosomeDeclaration).where(ExosomeDeclaration.superseded_at.is_(None),
                                         ExosomeDeclaration.uses_exosomes.is_(True),
                                         ExosomeDeclaration.review_status == ReviewStatus.PENDING.value)
        .order_by(ExosomeDeclaration.declared_at, ExosomeDeclaration.id)
        .options(selectinload(ExosomeDeclaration.practitioner), selectinload(ExosomeDeclaration.products))))


def recently_decided(limit: int = 20) -> list[ExosomeDeclaration]:
    """The latest reviewed or returned declarations, newest decision first."""
    return list(db.session.scalars(
        select(ExosomeDeclaration).where(ExosomeDeclaration.reviewed_at.is_not(None))
        .order_by(ExosomeDeclaration.reviewed_at.desc()).limit(limit)
        .options(selectinload(ExosomeDeclaration.practitioner))))


def _check_decidable(declaration: ExosomeDeclaration) -> None:
    """Only the current declaration of exosome products, not yet decided, can be decided."""
    if not declaration.is_current:
        raise ComplianceError("A newer declaration replaced this one; review that one instead.")
    if not declaration.uses_exosomes:
        raise ComplianceError("A declaration of no exosome use has no evidence to review.")
    if declaration.review_status != ReviewStatus.PENDING.value:
        raise ComplianceError("This declaration has already been decided.")


def missing_evidence(declaration: ExosomeDeclaration) -> list[str]:
    """Evidence declared on file, or needed, for which no document was uploaded."""
    missing = []
    for product in declaration.products:
        for kind, on_file, document in product.evidence():
            if document is None and (on_file or kind.value in REQUIRED_EVIDENCE):
                missing.append(f"{kind.label} for \u201c{product.name}\u201d")
    return missing


def mark_reviewed(declaration: ExosomeDeclaration, admin, now: datetime | None = None) -> ExosomeDeclaration:
    """Record that an admin checked every evidence document; the badge can then say "verified"."""
    _check_decidable(declaration)
    missing = missing_evidence(declaration)
    if missing:
        raise ComplianceError("There is no document to check for: " + "; ".join(missing) +
                              ". Send the declaration back asking for it.")
    before = summary(declaration)
    declaration.review_status = ReviewStatus.REVIEWED.value
    declaration.reviewed_at, declaration.reviewed_by_id = now or clock.now(), admin.id
    record(admin, "exosome_declaration.reviewed", "exosome_declaration", declaration.id,
           practitioner_id=declaration.practitioner_id, before=before, after=summary(declaration))
    _mail(declaration, "Your exosome declaration is reviewed",
          f"We checked the evidence for your exosome declaration of {declaration.declared_at:%-d %B %Y} and "
          f"marked it reviewed on {declaration.reviewed_at:%-d %B %Y}.")
    return declaration


def send_back(declaration: ExosomeDeclaration, admin, reason: str, now: datetime | None = None) -> ExosomeDeclaration:
    """Return a declaration to the practitioner with a reason they can act on; the reason is emailed."""
    _check_decidable(declaration)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ComplianceError("Give the practitioner a reason they can act on (at least 10 characters).", "reason")
    before = summary(declaration)
    declaration.review_status, declaration.return_reason = ReviewStatus.RETURNED.value, reason
    declaration.reviewed_at, declaration.reviewed_by_id = now or clock.now(), admin.id
    record(admin, "exosome_declaration.returned", "exosome_declaration", declaration.id,
           practitioner_id=declaration.practitioner_id, before=before, after=summary(declaration), reason=reason)
    _mail(declaration, "Your exosome declaration needs more evidence",
          f"We could not mark your exosome declaration of {declaration.declared_at:%-d %B %Y} reviewed.\n\n"
          f"Reason: {reason}\n\nPlease make a new declaration with the missing or corrected evidence.")
    return declaration


def _mail(declaration: ExosomeDeclaration, subject: str, body: str) -> None:
    """Email the practitioner about a decision, with a link to their exosome page."""
    practitioner = declaration.practitioner
    send_mail(practitioner.user.email, subject,
              f"Hello {practitioner.name},\n\n{body}\n\nYour exosome declarations: "
              f"{url_for('compliance.practice_overview', _external=True)}\n\nVerity")


def may_download(user, document: ComplianceDocument) -> bool:
    """Evidence is for its owner and for admins only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_role("admin"):
        return True
    from practice.services import practitioner_of

    owner = practitioner_of(user)
    return owner is not None and owner.id == document.practitioner_id
