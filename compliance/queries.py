"""Read-side helpers for compliance screens: declarations in force, their history, evidence, the review queue."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from compliance.models import ComplianceDocument, ExosomeDeclaration, ReviewStatus
from core.extensions import db
from directory.models import Practitioner
from directory.queries import practitioner_of

REQUIRED_EVIDENCE = ("coa", "tests")


def current_declaration(practitioner: Practitioner) -> ExosomeDeclaration | None:
    """The declaration in force, or None before the first one."""
    return db.session.scalar(select(ExosomeDeclaration).where(
        ExosomeDeclaration.practitioner_id == practitioner.id, ExosomeDeclaration.superseded_at.is_(None))
        .order_by(ExosomeDeclaration.id.desc()).limit(1))


def history(practitioner: Practitioner) -> list[ExosomeDeclaration]:
    """Every declaration the practitioner made, newest first."""
    return list(db.session.scalars(select(ExosomeDeclaration).where(
        ExosomeDeclaration.practitioner_id == practitioner.id).order_by(ExosomeDeclaration.id.desc())))


def documents_of(practitioner: Practitioner, kind: str) -> list[ComplianceDocument]:
    """The practitioner's uploaded evidence of one kind, newest first."""
    return list(db.session.scalars(select(ComplianceDocument).where(
        ComplianceDocument.practitioner_id == practitioner.id, ComplianceDocument.kind == kind)
        .order_by(ComplianceDocument.id.desc())))


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


def missing_evidence(declaration: ExosomeDeclaration) -> list[str]:
    """Evidence declared on file, or needed, for which no document was uploaded."""
    missing = []
    for product in declaration.products:
        for kind, on_file, document in product.evidence():
            if document is None and (on_file or kind.value in REQUIRED_EVIDENCE):
                missing.append(f"{kind.label} for \u201c{product.name}\u201d")
    return missing


def may_download(user, document: ComplianceDocument) -> bool:
    """Evidence is for its owner and for admins only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_role("admin"):
        return True
    owner = practitioner_of(user)
    return owner is not None and owner.id == document.practitioner_id
