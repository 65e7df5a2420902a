"""Credentials: the one writer of credential rows. Practitioners declare and revise; admins approve or reject.

What counts as a current verified registration is here too. The declaration rules are pure
functions in credentials/rules.py. Nothing here commits: the caller does, once the whole change
has been accepted; every change and decision goes to the audit trail.
"""
from datetime import date

from flask import url_for
from sqlalchemy import and_, or_
from sqlalchemy.exc import IntegrityError

from audit.services import record, snapshot
from core import clock, mail
from core.extensions import db
from core.refusal import Refusal
from core.uploads import store_document
from credentials import issuers
from credentials.evidence import (check_evidence, check_no_duplicate, evidence_basis, note_duplicates,
                                  record_register_check)
from credentials.evidence import resolve_duplicate  # noqa: F401  (an admin's decision, offered here with the others)
from credentials.models import Credential, CredentialKind, CredentialReminder, CredentialStatus
from credentials.queries import history, successor_of
from credentials.rules import (EVIDENCE_REQUIRED, Declaration, RegisterCheck, approval_problems,
                               declaration_problems, describe)

# What a practitioner declares: the before/after values of their changes in the audit trail.
DECLARED = ("kind", "issuer", "issuer_state", "number", "issued_on", "expires_on",
            "document_original_name", "document_name", "status", "version")
# What an admin decides: the before/after values of a review in the audit trail.
REVIEWED = ("status", "expires_on", "next_check_on", "verified_at", "verified_by_id", "rejected_at",
            "rejected_by_id", "rejection_reason")
MIN_REASON = 10


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


def _check(d: Declaration, today: date) -> None:
    """Refuse a declaration with any problem (forms show them all before this runs)."""
    problems = declaration_problems(d, today)
    if problems:
        field, message = problems[0]
        raise Refusal("credential_invalid", message, field)


def _attach_document(credential: Credential, upload) -> None:
    """Store an uploaded evidence document on a credential, refusing what is not PDF, JPEG or PNG."""
    stored = store_document(upload, "document")
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
        raise Refusal("evidence_required", EVIDENCE_REQUIRED, "document")
    credential = Credential(practitioner=practitioner, status=CredentialStatus.PENDING.value, version=1)
    _fill(credential, d)
    _attach_document(credential, upload)
    db.session.add(credential)
    db.session.flush()
    record(actor, "credential.submitted", "credential", credential.id, practitioner_id=practitioner.id,
           after=snapshot(credential, DECLARED))
    note_duplicates(credential, actor)
    return credential


def revise(credential: Credential, d: Declaration, upload, actor, today: date) -> Credential:
    """Record a change as a new pending version; a pending one it replaces leaves the review queue."""
    if successor_of(credential) is not None:
        raise Refusal("older_version", "This is an older version. Change the latest one instead.")
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
        raise Refusal("nothing_changed", "Nothing has changed. Change a detail or upload a new document.")
    before = snapshot(credential, DECLARED)
    revised.practitioner = credential.practitioner
    db.session.add(revised)
    if credential.status == CredentialStatus.PENDING.value:
        credential.status = CredentialStatus.SUPERSEDED.value
    db.session.flush()
    record(actor, "credential.revised", "credential", revised.id, practitioner_id=credential.practitioner_id,
           before=before, after=snapshot(revised, DECLARED))
    note_duplicates(revised, actor)
    return revised


def _same(old: Credential, new: Credential) -> bool:
    """True when a new version declares exactly what the old one did, with the same document."""
    fields = ("kind", "issuer", "issuer_state", "number", "issued_on", "expires_on", "document_name")
    return all(getattr(old, f) == getattr(new, f) for f in fields)



# An admin's review


def _check_pending(credential: Credential) -> None:
    """Refuse to decide on a credential that is not waiting for review."""
    if credential.status != CredentialStatus.PENDING.value:
        raise Refusal("not_pending", f"This credential is {credential.status}, not waiting for review; "
                      "nothing was changed.")


def approve(credential: Credential, admin, next_check_on: date | None, expires_on: date | None,
            today: date, check: RegisterCheck | None = None) -> Credential:
    """Verify a pending credential: who, when, the expiry the evidence shows and the next check.

    It needs evidence (a document on file, or the register `check` given now or before) and a
    registration number no other practitioner holds, unless an admin resolved that duplicate.
    """
    _check_pending(credential)
    check = check or RegisterCheck()
    problems = approval_problems(credential, next_check_on, expires_on, today)
    if problems:
        raise Refusal("approval_invalid", problems[0][1], problems[0][0])
    check_evidence(credential, check, today)
    check_no_duplicate(credential)
    if check.given:
        record_register_check(credential, check, admin)
    before = snapshot(credential, REVIEWED)
    credential.status, credential.expires_on, credential.next_check_on = (
        CredentialStatus.VERIFIED.value, expires_on, next_check_on)
    credential.verified_at, credential.verified_by_id = clock.now(), admin.id
    _retire_older_versions(credential, admin)
    record(admin, "credential.approved", "credential", credential.id, practitioner_id=credential.practitioner_id,
           before=before, after={**snapshot(credential, REVIEWED), "evidence": evidence_basis(credential)})
    _mail_approval(credential)
    return credential


def _retire_older_versions(credential: Credential, admin) -> None:
    """Once a new version is verified, the verified versions it replaces stop counting."""
    for older in history(credential)[1:]:
        if older.status == CredentialStatus.VERIFIED.value:
            older.status = CredentialStatus.SUPERSEDED.value
            record(admin, "credential.superseded", "credential", older.id, practitioner_id=older.practitioner_id,
                   before={"status": "verified"}, after={"status": "superseded", "by": credential.id})


def reject(credential: Credential, admin, reason: str) -> Credential:
    """Refuse a pending credential; the reason is required and is emailed to the practitioner."""
    _check_pending(credential)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise Refusal("reason_too_short", "Give the practitioner a reason they can act on (at least 10 characters).",
                      "reason")
    before = snapshot(credential, REVIEWED)
    credential.status, credential.rejection_reason = CredentialStatus.REJECTED.value, reason
    credential.rejected_at, credential.rejected_by_id = clock.now(), admin.id
    record(admin, "credential.rejected", "credential", credential.id, practitioner_id=credential.practitioner_id,
           before=before, after=snapshot(credential, REVIEWED), reason=reason)
    _mail_rejection(credential)
    return credential


def revoke(credential: Credential, admin, reason: str) -> Credential:
    """Withdraw a verified credential with a written reason: it stops counting, and the practitioner is told why.

    It becomes not verified (the rejection fields hold who, when and why; the audit trail says it was
    revoked), so credentials/listing.py recomputes listed_until on the next flush. Cancelling the
    bookings that listing no longer allows is booking's job, called by the admin screen after this.
    """
    if credential.status != CredentialStatus.VERIFIED.value:
        raise Refusal("not_verified", f"Only a verified credential can be revoked; this one is {credential.status}. "
                                      "Nothing was changed.")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise Refusal("reason_too_short", "Give the practitioner a reason (at least 10 characters).", "reason")
    before = snapshot(credential, REVIEWED)
    credential.status, credential.rejection_reason = CredentialStatus.REJECTED.value, reason
    credential.rejected_at, credential.rejected_by_id = clock.now(), admin.id
    record(admin, "credential.revoked", "credential", credential.id, practitioner_id=credential.practitioner_id,
           before=before, after=snapshot(credential, REVIEWED), reason=reason)
    _mail(credential, "Your credential is no longer verified", "credentials/revoked")
    db.session.flush()
    return credential


def _mail_approval(credential: Credential) -> None:
    """Queue the practitioner's email that their credential is verified, and until when."""
    _mail(credential, "Your credential is verified", "credentials/verified")


def _mail_rejection(credential: Credential) -> None:
    """Queue the practitioner's email saying why their credential was not verified and how to fix it."""
    _mail(credential, "We could not verify your credential", "credentials/not_verified")


def _mail(credential: Credential, subject: str, template: str) -> None:
    """Queue an email to the credential's practitioner, linking to their credentials page."""
    practitioner = credential.practitioner
    mail.queue(practitioner.user.email, subject, template,
               {"practitioner": practitioner, "credential": credential, "what": describe(credential),
                "link": url_for("practice.credentials", _external=True)})


# Reminders


def claim_reminders(credentials, kind: str, recipient: str) -> bool:
    """Store that a reminder of this kind went out about these credentials; False when another run already had.

    The unique constraint on the reminder rows is what stops two runs sending the same reminder,
    so the claim flushes, and rolls back what it added when the database refuses it.
    """
    for credential in credentials:
        due = credential.next_check_on if kind == "next_check" else credential.expires_on
        db.session.add(CredentialReminder(credential_id=credential.id, kind=kind, due_on=due, recipient=recipient))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True
