"""Declaring exosome use, reviewing it, and the evidence behind it: the one writer of compliance rows.

Rules callable without HTTP. Nothing here commits; the caller commits once the whole change is
accepted. Every change and decision goes to the audit trail. Stored badges follow on commit
(compliance/sync.py). Reads for the screens are in compliance/queries.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import url_for

from audit.services import record
from compliance.claims import check_text, refusal_message
from compliance.consistency import refuse_conflicts
from compliance.models import (ComplianceDocument, EvidenceKind, ExosomeDeclaration, ExosomeProduct, ReviewStatus,
                               Route, Source)
from compliance.queries import current_declaration, missing_evidence
from core import clock, mail
from core.extensions import db
from core.refusal import Refusal
from core.uploads import document_folder, store_document
from compliance.sync import refresh_badge
from directory.models import ComplianceBadgeRow, Practitioner

MAX_PRODUCTS = 6
MIN_REASON = 10
STATEMENT_MAX = 1000


@dataclass
class ProductInput:
    """One product as declared: documents for the evidence, or bare flags when imported."""

    name: str
    supplier: str
    source: str
    route: str
    coa: ComplianceDocument | None = None
    tests: ComplianceDocument | None = None
    stability: ComplianceDocument | None = None
    flags: dict = field(default_factory=dict)  # {"coa": True, ...} for imports without documents


@dataclass
class DeclarationInput:
    """A whole declaration: no exosomes, or products with an attestation to the claims policy."""

    uses_exosomes: bool
    products: list[ProductInput] = field(default_factory=list)
    attested: bool = False
    statement: str = ""


@dataclass
class ProductRow:
    """A product as typed on the form: uploaded files and documents kept from earlier, per kind of evidence."""

    name: str
    supplier: str
    source: str
    route: str
    uploads: dict = field(default_factory=dict)  # kind -> uploaded file or None
    keep: dict = field(default_factory=dict)  # kind -> id of a document already on file, or None


def store_evidence(practitioner: Practitioner, kind: str, upload, field_name: str | None = None) -> ComplianceDocument:
    """Check and store an uploaded evidence file for the practitioner."""
    stored = store_document(upload, field_name)
    document = ComplianceDocument(practitioner_id=practitioner.id, kind=EvidenceKind(kind).value,
                                  stored_name=stored.stored_name, original_name=stored.original_name,
                                  mime_type=stored.mime_type, size=stored.size)
    db.session.add(document)
    return document


def discard_files(documents) -> None:
    """Remove the files of documents whose declaration was refused, so none are left orphaned."""
    for document in documents:
        (document_folder() / document.stored_name).unlink(missing_ok=True)


def check_declaration(data: DeclarationInput, require_attestation: bool = True) -> None:
    """Refuse an incomplete or contradictory declaration, naming the field; imports need no attestation."""
    if not data.uses_exosomes:
        return
    if not data.products:
        raise Refusal("products_missing", "Add at least one product, or declare that you do not use exosomes.",
                      "products")
    if len(data.products) > MAX_PRODUCTS:
        raise Refusal("too_many_products", f"Declare at most {MAX_PRODUCTS} products at a time.", "products")
    for n, product in enumerate(data.products):
        if not product.name.strip():
            raise Refusal("product_name_missing", "Enter the product's name.", f"products-{n}-name")
        if product.source not in {s.value for s in Source}:
            raise Refusal("product_source_invalid", "Choose where the product's exosomes come from.",
                          f"products-{n}-source")
        if product.route not in {r.value for r in Route}:
            raise Refusal("product_route_invalid", "Choose how the product is used.", f"products-{n}-route")
    if require_attestation and not data.attested:
        raise Refusal("claims_policy_unattested", "Confirm the claims policy to declare exosome products.", "attested")
    check_statement(data.statement)


def check_statement(statement: str) -> None:
    """Refuse a public statement that is too long or makes a drug-like claim."""
    if len(statement or "") > STATEMENT_MAX:
        raise Refusal("statement_too_long", f"Keep the statement to {STATEMENT_MAX:,} characters.", "statement")
    verdict = check_text(statement or "")
    if verdict.is_drug_like:
        raise Refusal("drug_like_claim", refusal_message(verdict), "statement")


def _product(position: int, item: ProductInput) -> ExosomeProduct:
    """A product row from its input: evidence counts as on file when a document or an import flag says so."""
    flags = item.flags or {}
    return ExosomeProduct(
        position=position, name=" ".join(item.name.split())[:120], supplier=" ".join(item.supplier.split())[:120],
        source=item.source, route=item.route, coa_document=item.coa, tests_document=item.tests,
        stability_document=item.stability, coa_on_file=bool(item.coa or flags.get("coa")),
        tests_on_file=bool(item.tests or flags.get("tests")),
        stability_on_file=bool(item.stability or flags.get("stability")))


def summary(declaration: ExosomeDeclaration | None) -> dict | None:
    """A declaration as the audit trail keeps it."""
    if declaration is None:
        return None
    return {"id": declaration.id, "uses_exosomes": declaration.uses_exosomes,
            "attested": declaration.claims_policy_attested, "review_status": declaration.review_status,
            "products": [{"name": p.name, "supplier": p.supplier, "source": p.source, "route": p.route,
                          "coa": p.coa_on_file, "tests": p.tests_on_file, "stability": p.stability_on_file}
                         for p in declaration.products]}


def declare(practitioner: Practitioner, data: DeclarationInput, actor, now: datetime | None = None,
            via_import: bool = False) -> ExosomeDeclaration:
    """Record a new declaration that supersedes the current one; the old one stays in history."""
    check_declaration(data, require_attestation=not via_import)
    refuse_conflicts(practitioner, uses_exosomes=data.uses_exosomes)
    now = now or clock.now()
    previous = current_declaration(practitioner)
    if previous is not None:
        previous.superseded_at = now
    declaration = ExosomeDeclaration(
        practitioner_id=practitioner.id, uses_exosomes=data.uses_exosomes, declared_at=now,
        claims_policy_attested=bool(data.attested), statement=(data.statement or "").strip(),
        via_import=via_import, declared_by_id=getattr(actor, "id", None),
        review_status=(ReviewStatus.PENDING if data.uses_exosomes else ReviewStatus.NOT_NEEDED).value,
        products=[_product(n, p) for n, p in enumerate(data.products if data.uses_exosomes else [])])
    db.session.add(declaration)
    db.session.flush()
    record(actor, "exosome_declaration.declared", "exosome_declaration", declaration.id,
           practitioner_id=practitioner.id, before=summary(previous), after=summary(declaration))
    return declaration


def _import_products(sources, routes, coa_on_file: bool, endotoxin_tested: bool) -> list[ProductInput]:
    """One product per source and route named in the import (the spreadsheet does not pair them)."""
    flags = {"coa": coa_on_file, "tests": endotoxin_tested}
    return [ProductInput(name=f"Imported: {Source(s).label.lower()}, {Route(r).label.lower()}", supplier="",
                         source=s, route=r, flags=flags) for s in sources for r in routes]


def _same_import(current: ExosomeDeclaration | None, products: list[ProductInput], attested: bool) -> bool:
    """True when re-importing the same row would declare exactly what is already current."""
    if current is None or not current.via_import or current.claims_policy_attested != attested:
        return False
    have = sorted((p.source, p.route, p.coa_on_file, p.tests_on_file) for p in current.products)
    return have == sorted((p.source, p.route, p.flags["coa"], p.flags["tests"]) for p in products)


def declare_from_import(practitioner: Practitioner, sources, routes, coa_on_file: bool, endotoxin_tested: bool,
                        actor, now: datetime | None = None, attested: bool = False) -> ExosomeDeclaration:
    """Declare from importer columns: sources ["none"] or plant/synthetic/animal/human; routes topical/injectable/iv.

    Raises a Refusal with a message for the spreadsheet's author; re-importing the same
    values keeps the current declaration instead of adding a copy.
    """
    sources = [s.strip().lower() for s in sources if s and s.strip()]
    routes = [r.strip().lower() for r in routes if r and r.strip()]
    if not sources or sources == ["none"]:
        current = current_declaration(practitioner)
        if current is not None and current.via_import and not current.uses_exosomes:
            return current
        return declare(practitioner, DeclarationInput(uses_exosomes=False), actor, now, via_import=True)
    unknown = [s for s in sources if s not in {x.value for x in Source}]
    if unknown or "none" in sources:
        raise Refusal("exosome_source_invalid", f"exosome_source must be none, or a ;-separated list of plant, "
                      f"synthetic, animal, human (not {', '.join(unknown) or 'none with others'}).", "exosome_source")
    bad_routes = [r for r in routes if r not in {x.value for x in Route}]
    if not routes or bad_routes:
        raise Refusal("exosome_routes_invalid", "exosome_routes must be a ;-separated list of topical, injectable, "
                      "iv when exosome_source is not none.", "exosome_routes")
    products = _import_products(dict.fromkeys(sources), dict.fromkeys(routes), coa_on_file, endotoxin_tested)
    current = current_declaration(practitioner)
    if _same_import(current, products, attested):
        return current
    return declare(practitioner, DeclarationInput(True, products, attested=attested), actor, now, via_import=True)


def _kept_document(practitioner: Practitioner, kind: str, document_id: int | None) -> ComplianceDocument | None:
    """A document the practitioner chose to keep, refused unless it is theirs and of this kind."""
    if document_id is None:
        return None
    document = db.session.get(ComplianceDocument, document_id)
    if document is None or document.practitioner_id != practitioner.id or document.kind != kind:
        raise Refusal("document_not_yours", "Choose a document from your own uploads.")
    return document


def declare_from_form(practitioner: Practitioner, uses_exosomes: bool, rows: list[ProductRow], attested: bool,
                      statement: str, actor, now: datetime | None = None) -> ExosomeDeclaration:
    """Check the typed declaration, store its uploads, then declare; refused uploads leave no files behind."""
    rows = rows if uses_exosomes else []
    check_declaration(DeclarationInput(uses_exosomes, [ProductInput(r.name, r.supplier, r.source, r.route)
                                                       for r in rows], attested, statement))
    stored, products = [], []
    try:
        for n, row in enumerate(rows):
            documents = {}
            for kind in (k.value for k in EvidenceKind):
                upload = row.uploads.get(kind)
                if upload is not None:
                    documents[kind] = store_evidence(practitioner, kind, upload, f"products-{n}-{kind}_file")
                    stored.append(documents[kind])
                else:
                    documents[kind] = _kept_document(practitioner, kind, row.keep.get(kind))
            products.append(ProductInput(row.name, row.supplier, row.source, row.route, **documents))
        return declare(practitioner, DeclarationInput(uses_exosomes, products, attested, statement), actor, now)
    except Refusal:
        discard_files(stored)
        raise


# An admin's review of the evidence


def _check_decidable(declaration: ExosomeDeclaration) -> None:
    """Only the current declaration of exosome products, not yet decided, can be decided."""
    if not declaration.is_current:
        raise Refusal("declaration_superseded", "A newer declaration replaced this one; review that one instead.")
    if not declaration.uses_exosomes:
        raise Refusal("nothing_to_review", "A declaration of no exosome use has no evidence to review.")
    if declaration.review_status != ReviewStatus.PENDING.value:
        raise Refusal("already_decided", "This declaration has already been decided.")


def mark_reviewed(declaration: ExosomeDeclaration, admin, now: datetime | None = None) -> ExosomeDeclaration:
    """Record that an admin checked every evidence document; the badge can then say "verified"."""
    _check_decidable(declaration)
    missing = missing_evidence(declaration)
    if missing:
        raise Refusal("evidence_missing", "There is no document to check for: " + "; ".join(missing) +
                      ". Send the declaration back asking for it.")
    before = summary(declaration)
    declaration.review_status = ReviewStatus.REVIEWED.value
    declaration.reviewed_at, declaration.reviewed_by_id = now or clock.now(), admin.id
    record(admin, "exosome_declaration.reviewed", "exosome_declaration", declaration.id,
           practitioner_id=declaration.practitioner_id, before=before, after=summary(declaration))
    _mail(declaration, "Your exosome declaration is reviewed", "compliance/reviewed")
    return declaration


def send_back(declaration: ExosomeDeclaration, admin, reason: str, now: datetime | None = None) -> ExosomeDeclaration:
    """Return a declaration to the practitioner with a reason they can act on; the reason is emailed."""
    _check_decidable(declaration)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise Refusal("reason_too_short", "Give the practitioner a reason they can act on (at least 10 characters).",
                      "reason")
    before = summary(declaration)
    declaration.review_status, declaration.return_reason = ReviewStatus.RETURNED.value, reason
    declaration.reviewed_at, declaration.reviewed_by_id = now or clock.now(), admin.id
    record(admin, "exosome_declaration.returned", "exosome_declaration", declaration.id,
           practitioner_id=declaration.practitioner_id, before=before, after=summary(declaration), reason=reason)
    _mail(declaration, "Your exosome declaration needs more evidence", "compliance/returned")
    return declaration


def _mail(declaration: ExosomeDeclaration, subject: str, template: str) -> None:
    """Queue the practitioner's email about a decision, with a link to their exosome page."""
    practitioner = declaration.practitioner
    mail.queue(practitioner.user.email, subject, template,
               {"practitioner": practitioner, "declaration": declaration,
                "link": url_for("practice.exosomes", _external=True)})


def clear_booking_hold(practitioner: Practitioner, admin, reason: str) -> None:
    """Reopen bookings held since the badge was not compliant, once an admin has checked it is put right."""
    refresh_badge(practitioner)
    row = db.session.get(ComplianceBadgeRow, practitioner.id)
    if row is None or row.bookings_held_since is None:
        raise Refusal("no_hold", f"{practitioner.name}'s bookings are not held.")
    if row.status == "not_compliant":
        raise Refusal("still_not_compliant", f"{practitioner.name}'s badge is still not compliant: it must be "
                                             "put right before bookings reopen.")
    held_since, row.bookings_held_since = row.bookings_held_since, None
    record(admin, "compliance.hold_cleared", "practitioner", practitioner.id, practitioner_id=practitioner.id,
           before={"bookings_held_since": held_since}, after={"bookings_held_since": None}, reason=reason)
