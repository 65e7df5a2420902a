"""Credential rules: what counts as a current verified registration, and how practitioners declare one.

Nothing here commits: the caller does, once the whole change has been accepted.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select

from audit.services import record, snapshot
from credentials import issuers
from credentials.models import Credential, CredentialKind, CredentialStatus
from core.uploads import DocumentRejected, store_document
from core.extensions import db

EARLIEST_ISSUE = date(1950, 1, 1)
EVIDENCE_REQUIRED = "Upload the evidence: a PDF, JPEG or PNG of the certificate or register entry."
# What a practitioner declares: the before/after values of their changes in the audit trail.
DECLARED = ("kind", "issuer", "issuer_state", "number", "issued_on", "expires_on",
            "document_original_name", "document_name", "status", "version")


class CredentialError(ValueError):
    """A declaration or decision the rules refuse; `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def is_current(credential: Credential, today: date) -> bool:
    """A credential counts only while verified and not past its expiry date."""
    return credential.is_current(today)


def current_clause(today: date):
    """SQL form of `Credential.is_current`: verified and not expired on `today`."""
    return and_(Credential.status == CredentialStatus.VERIFIED.value,
                or_(Credential.expires_on.is_(None), Credential.expires_on >= today))


def registration_since(practitioner, today: date) -> date | None:
    """The date years practising count from (credentials.listing keeps the same in practising_from).

    The first verified registration outranks the declared date; renewing or letting a later
    registration lapse does not move the date someone first registered.
    """
    verified = [c.issued_on for c in practitioner.credentials
                if c.kind == CredentialKind.REGISTRATION.value and c.issued_on
                and c.status == CredentialStatus.VERIFIED.value]
    return min(verified) if verified else practitioner.practising_since


def current_credentials(practitioner, today: date) -> list[Credential]:
    """The practitioner's credentials that are verified and not expired, for public display."""
    return sorted((c for c in practitioner.credentials if c.is_current(today)), key=lambda c: c.kind)


def credentials_json(practitioner, today: date) -> list[dict]:
    """Current verified credentials as the search results and the API show them."""
    return [{"kind": c.kind, "issuer": c.issuer,
             "verified_on": c.verified_at.date().isoformat() if c.verified_at else None,
             "expires_on": c.expires_on.isoformat() if c.expires_on else None}
            for c in current_credentials(practitioner, today)]


@dataclass
class Declaration:
    """What a practitioner says about one credential, as typed into the form."""

    kind: str
    issuer_choice: str
    state: str = ""
    issuer_name: str = ""
    number: str = ""
    issued_on: date | None = None
    expires_on: date | None = None

    @property
    def issuer(self) -> str:
        """The issuer as it is stored and shown."""
        return issuers.issuer_name(self.issuer_choice, self.state, self.issuer_name)

    @property
    def clean_number(self) -> str:
        """The number without spaces; registers' own numbers in upper case."""
        number = issuers.normalise_number(self.number)
        return number if self.issuer_choice in issuers.UK_BODIES else " ".join(self.number.split())


def _issuer_problems(d: Declaration) -> list[tuple[str, str]]:
    """Problems with who issued the credential, as (field, message)."""
    registration = d.kind == CredentialKind.REGISTRATION.value
    if registration and d.issuer_choice == issuers.NAMED:
        return [("issuer_choice", "A professional registration comes from GMC, NMC, GDC, GPhC, HCPC "
                                  "or a US state board.")]
    if not registration and d.issuer_choice != issuers.NAMED:
        what = "training provider" if d.kind == CredentialKind.TRAINING.value else "insurer"
        return [("issuer_choice", f"Choose “A training provider or insurer” and name the {what}.")]
    if d.issuer_choice == issuers.US_STATE_BOARD and d.state not in issuers.US_STATES:
        return [("state", "Choose the state whose board issued your licence.")]
    if d.issuer_choice == issuers.NAMED and not d.issuer.strip():
        return [("issuer_name", "Enter the name of the training provider or insurer.")]
    if len(d.issuer) > 120:
        return [("issuer_name", "Keep the name to 120 characters.")]
    return []


def _date_problems(d: Declaration, today: date) -> list[tuple[str, str]]:
    """Problems with the issue and expiry dates, as (field, message)."""
    problems = []
    if d.issued_on is None:
        problems.append(("issued_on", "Enter the date it was issued."))
    elif d.issued_on > today:
        problems.append(("issued_on", "The issue date cannot be in the future."))
    elif d.issued_on < EARLIEST_ISSUE:
        problems.append(("issued_on", "Check the issue date: it is before 1950."))
    if d.expires_on is None and d.kind == CredentialKind.INSURANCE.value:
        problems.append(("expires_on", "Enter the date your insurance ends."))
    elif d.expires_on and d.expires_on < today:
        problems.append(("expires_on", f"This expired on {d.expires_on:%-d %B %Y}. Upload the renewed one."))
    elif d.expires_on and d.issued_on and d.expires_on <= d.issued_on:
        problems.append(("expires_on", "The expiry date must be after the issue date."))
    return problems


def declaration_problems(d: Declaration, today: date) -> list[tuple[str, str]]:
    """Every problem with a declaration, as (field, message), so a form can show them all at once."""
    problems = []
    if d.kind not in {k.value for k in CredentialKind}:
        return [("kind", "Choose what kind of credential this is.")]
    problems += _issuer_problems(d)
    if d.kind == CredentialKind.REGISTRATION.value and not d.number.strip():
        problems.append(("number", "Enter your registration number."))
    elif len(d.clean_number) > 60:
        problems.append(("number", "Keep the number to 60 characters."))
    elif message := issuers.number_problem(d.issuer_choice, d.number):
        problems.append(("number", message))
    return problems + _date_problems(d, today)


def _check(d: Declaration, today: date) -> None:
    """Refuse a declaration with any problem (forms show them all before this runs)."""
    problems = declaration_problems(d, today)
    if problems:
        field, message = problems[0]
        raise CredentialError(message, field)


def _attach_document(credential: Credential, upload) -> None:
    """Store an uploaded evidence document on a credential, refusing what is not PDF, JPEG or PNG."""
    try:
        stored = store_document(upload)
    except DocumentRejected as error:
        raise CredentialError(str(error), "document") from error
    credential.document_name, credential.document_original_name = stored.stored_name, stored.original_name
    credential.document_mime_type, credential.document_size = stored.mime_type, stored.size


def _fill(credential: Credential, d: Declaration) -> None:
    """Copy a declaration onto a credential."""
    credential.kind, credential.issuer, credential.number = d.kind, d.issuer, d.clean_number
    credential.issuer_state = d.state if d.issuer_choice == issuers.US_STATE_BOARD else ""
    credential.issued_on, credential.expires_on = d.issued_on, d.expires_on


def submit(practitioner, d: Declaration, upload, actor, today: date) -> Credential:
    """Add a new credential for review; evidence is required."""
    _check(d, today)
    if upload is None:
        raise CredentialError(EVIDENCE_REQUIRED, "document")
    credential = Credential(practitioner=practitioner, status=CredentialStatus.PENDING.value, version=1)
    _fill(credential, d)
    _attach_document(credential, upload)
    db.session.add(credential)
    db.session.flush()
    record(actor, "credential.submitted", "credential", credential.id, practitioner_id=practitioner.id,
           after=snapshot(credential, DECLARED))
    return credential


def successor_of(credential: Credential) -> Credential | None:
    """The version that replaced this one, if any."""
    return db.session.scalar(select(Credential).where(Credential.supersedes_id == credential.id))


def history(credential: Credential) -> list[Credential]:
    """Every version of a credential, newest first, walking back from this one."""
    versions, seen = [], set()
    while credential is not None and credential.id not in seen:
        versions.append(credential)
        seen.add(credential.id)
        credential = credential.supersedes
    return versions


def revise(credential: Credential, d: Declaration, upload, actor, today: date) -> Credential:
    """Record a change as a new pending version; a pending one it replaces leaves the review queue."""
    if successor_of(credential) is not None:
        raise CredentialError("This is an older version. Change the latest one instead.")
    _check(d, today)
    revised = Credential(status=CredentialStatus.PENDING.value, version=credential.version + 1,
                         supersedes=credential)
    _fill(revised, d)
    if upload is not None:
        _attach_document(revised, upload)
    else:
        for name in ("document_name", "document_original_name", "document_mime_type", "document_size"):
            setattr(revised, name, getattr(credential, name))
    if _same(credential, revised):
        raise CredentialError("Nothing has changed. Change a detail or upload a new document.")
    before = snapshot(credential, DECLARED)
    revised.practitioner = credential.practitioner
    db.session.add(revised)
    if credential.status == CredentialStatus.PENDING.value:
        credential.status = CredentialStatus.SUPERSEDED.value
    db.session.flush()
    record(actor, "credential.revised", "credential", revised.id, practitioner_id=credential.practitioner_id,
           before=before, after=snapshot(revised, DECLARED))
    return revised


def _same(old: Credential, new: Credential) -> bool:
    """True when a new version declares exactly what the old one did, with the same document."""
    fields = ("kind", "issuer", "issuer_state", "number", "issued_on", "expires_on", "document_name")
    return all(getattr(old, f) == getattr(new, f) for f in fields)


def latest_versions(practitioner) -> list[Credential]:
    """The newest version of each of a practitioner's credentials, registration first."""
    replaced = {c.supersedes_id for c in practitioner.credentials if c.supersedes_id}
    order = [k.value for k in CredentialKind]
    return sorted((c for c in practitioner.credentials if c.id not in replaced),
                  key=lambda c: (order.index(c.kind), c.created_at, c.id))


def owned_credential(practitioner, credential_id: int) -> Credential | None:
    """A credential of this practitioner, or None (another's is treated as not existing)."""
    credential = db.session.get(Credential, credential_id)
    return credential if credential and practitioner and credential.practitioner_id == practitioner.id else None


def declaration_of(credential: Credential) -> dict:
    """A credential's declared values in the form's terms, to start a new version from."""
    choice, state, name = issuers.issuer_parts(credential.issuer, credential.issuer_state)
    return {"kind": credential.kind, "issuer_choice": choice, "state": state, "issuer_name": name,
            "number": credential.number, "issued_on": credential.issued_on, "expires_on": credential.expires_on}


def latest_of(credential: Credential) -> Credential:
    """The newest version in the chain a credential belongs to."""
    while (newer := successor_of(credential)) is not None:
        credential = newer
    return credential


def download_name(credential: Credential) -> str:
    """A safe file name for a download, made by the server, never the uploader's name."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        credential.document_mime_type, "bin")
    return f"verity-credential-{credential.id}-v{credential.version}.{extension}"
