"""Exosome declarations, their products and evidence (the badge they earn is stored in directory/models.py).

A declaration is never edited after it is made: a new one supersedes it (the old row only gains
`superseded_at`), so the history of what a practitioner said, and when, is kept.
"""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core import clock
from core.db import UTCDateTime
from core.enums import LabelledEnum

if TYPE_CHECKING:
    from accounts.models import User
    from directory.models import Practitioner


class Source(LabelledEnum):
    """Where an exosome product's vesicles come from, and how pages name it."""

    PLANT = "plant", "Plant-derived"
    SYNTHETIC = "synthetic", "Synthetic (\u201cexosome-like\u201d)"
    ANIMAL = "animal", "Animal-derived"
    HUMAN = "human", "Human-derived"


class Route(LabelledEnum):
    """How an exosome product reaches the patient, and how pages name it."""

    TOPICAL = "topical", "Topical, after a procedure"
    INJECTABLE = "injectable", "Injected"
    IV = "iv", "Intravenous (IV) infusion"


class EvidenceKind(LabelledEnum):
    """The evidence a product should have on file, and how pages name it."""

    COA = "coa", "Certificate of analysis"
    TESTS = "tests", "Microbial and endotoxin tests"
    STABILITY = "stability", "Storage and stability records"


class ReviewStatus(str, enum.Enum):
    """Where a declaration is in an admin's review."""

    PENDING = "pending"
    REVIEWED = "reviewed"
    RETURNED = "returned"
    NOT_NEEDED = "not_needed"  # a declaration of no exosome use has no evidence to review


class ComplianceDocument(db.Model):
    """An evidence file a practitioner uploaded; served only to them and to admins."""

    __tablename__ = "compliance_documents"
    __table_args__ = (CheckConstraint("kind IN ('coa', 'tests', 'stability')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(120))
    mime_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    @property
    def kind_label(self) -> str:
        """What the document is evidence of."""
        return EvidenceKind(self.kind).label


class ExosomeDeclaration(db.Model):
    """What a practitioner declared about exosome use on one date, and what an admin decided about it."""

    __tablename__ = "exosome_declarations"
    __table_args__ = (
        CheckConstraint("review_status IN ('pending', 'reviewed', 'returned', 'not_needed')", name="review_known"),
        Index("ix_exosome_declarations_current", "practitioner_id", "superseded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    uses_exosomes: Mapped[bool] = mapped_column(default=False)
    claims_policy_attested: Mapped[bool] = mapped_column(default=False)
    statement: Mapped[str] = mapped_column(Text, default="")
    via_import: Mapped[bool] = mapped_column(default=False)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.PENDING.value)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    return_reason: Mapped[str] = mapped_column(Text, default="")

    practitioner: Mapped[Practitioner] = relationship()
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    products: Mapped[list[ExosomeProduct]] = relationship(back_populates="declaration", cascade="all, delete-orphan",
                                                          order_by="ExosomeProduct.position")

    @property
    def is_current(self) -> bool:
        """True until a newer declaration supersedes this one."""
        return self.superseded_at is None

    @property
    def is_reviewed(self) -> bool:
        """True when an admin checked the evidence and marked the declaration reviewed."""
        return self.review_status == ReviewStatus.REVIEWED.value


class ExosomeProduct(db.Model):
    """One exosome product in a declaration: what it is, where from, how used, and its evidence."""

    __tablename__ = "exosome_products"
    __table_args__ = (
        CheckConstraint("source IN ('plant', 'synthetic', 'animal', 'human')", name="source_known"),
        CheckConstraint("route IN ('topical', 'injectable', 'iv')", name="route_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("exosome_declarations.id", ondelete="CASCADE"),
                                                index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(120))
    supplier: Mapped[str] = mapped_column(String(120), default="")
    source: Mapped[str] = mapped_column(String(20))
    route: Mapped[str] = mapped_column(String(20))
    coa_on_file: Mapped[bool] = mapped_column(default=False)
    tests_on_file: Mapped[bool] = mapped_column(default=False)
    stability_on_file: Mapped[bool] = mapped_column(default=False)
    coa_document_id: Mapped[int | None] = mapped_column(ForeignKey("compliance_documents.id", ondelete="SET NULL"))
    tests_document_id: Mapped[int | None] = mapped_column(ForeignKey("compliance_documents.id",
                                                                     ondelete="SET NULL"))
    stability_document_id: Mapped[int | None] = mapped_column(ForeignKey("compliance_documents.id",
                                                                         ondelete="SET NULL"))

    declaration: Mapped[ExosomeDeclaration] = relationship(back_populates="products")
    coa_document: Mapped[ComplianceDocument | None] = relationship(foreign_keys=[coa_document_id])
    tests_document: Mapped[ComplianceDocument | None] = relationship(foreign_keys=[tests_document_id])
    stability_document: Mapped[ComplianceDocument | None] = relationship(foreign_keys=[stability_document_id])

    def evidence(self) -> list[tuple[EvidenceKind, bool, ComplianceDocument | None]]:
        """Each kind of evidence: whether it is declared on file, and its document if one was uploaded."""
        return [(EvidenceKind.COA, self.coa_on_file, self.coa_document),
                (EvidenceKind.TESTS, self.tests_on_file, self.tests_document),
                (EvidenceKind.STABILITY, self.stability_on_file, self.stability_document)]


class ClaimStatus(str, enum.Enum):
    """Whether a public text may be shown: checked cosmetic, waiting for an admin, or decided."""

    NOT_NEEDED = "not_needed"  # the checker read it as cosmetic
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"  # by an admin (decided_by set) or by the checker reading it as drug-like (no decider)


class ClaimReview(db.Model):
    """The last check of one public text (a bio, an offering's notes, a clinic blurb, an exosome statement).

    One row per text, replaced when the text changes; written only by compliance/moderation.py.
    `checker` is the checker_version() that judged it, so a new model or rule set re-checks it.
    """

    __tablename__ = "claim_reviews"
    __table_args__ = (
        CheckConstraint("status IN ('not_needed', 'pending', 'approved', 'refused')", name="status_known"),
        CheckConstraint("kind IN ('bio', 'offering', 'clinic', 'statement')", name="kind_known"),
        UniqueConstraint("kind", "object_id"),  # one row per text
        Index("ix_claim_reviews_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # which field: the practitioner's bio, an offering's description...
    object_id: Mapped[int]  # ...of which practitioner, offering, clinic or declaration
    text: Mapped[str] = mapped_column(Text, default="")
    text_hash: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(20))
    record: Mapped[dict] = mapped_column(JSON)  # Verdict.as_record(): findings, suggestions, score
    score: Mapped[float | None]
    checker: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    practitioner: Mapped[Practitioner] = relationship()
    decided_by: Mapped[User | None] = relationship()

    @property
    def shown(self) -> bool:
        """True when patients may read the text: cosmetic, or approved by an admin."""
        return self.status in (ClaimStatus.NOT_NEEDED.value, ClaimStatus.APPROVED.value)
