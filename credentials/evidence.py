"""What a verification rests on: a document or a register check, and a registration number nobody else holds.

Part of the credentials services (kept apart so services.py stays readable): credentials/services.py
calls these from `approve`, `submit` and `revise`; the admin screens call `resolve_duplicate`.
Nothing here commits; every check, block and resolution goes to the audit trail.
"""
from datetime import date

from audit.services import record, snapshot
from core.extensions import db
from core.refusal import Refusal
from credentials import issuers
from credentials.models import Credential, CredentialStatus, DuplicateResolution
from credentials.queries import unresolved_duplicates
from credentials.rules import RegisterCheck, register_check_problems

# The register check as the audit trail keeps it.
REGISTER_CHECK = ("register_checked_in", "register_reference", "register_checked_on", "register_checked_by_id")
MIN_REASON, MAX_REASON = 10, 1000
NO_EVIDENCE = ("There is nothing to verify this against: no document is on file and no register check is "
               "recorded. Record the register check below (the register, the reference it shows and the date "
               "you checked), or reject the credential asking for the document.")


def check_evidence(credential: Credential, check: RegisterCheck, today: date) -> None:
    """Refuse an approval whose register check is incomplete, or that rests on no evidence at all."""
    problems = register_check_problems(credential, check, today)
    if problems:
        field, message = problems[0]
        raise Refusal("register_check_incomplete", message, field)
    if not credential.has_evidence and not check.given:
        raise Refusal("evidence_missing", NO_EVIDENCE)


def check_no_duplicate(credential: Credential) -> None:
    """Refuse to verify a registration whose number another practitioner holds, until an admin resolves it."""
    others = unresolved_duplicates(credential)
    if others:
        names = ", ".join(f"{o.practitioner.name} ({o.status})" for o in others)
        raise Refusal("duplicate_registration",
                      f"{credential.issuer} {credential.number} is also held by {names}. Compare the records and "
                      "resolve the duplicate with a reason before verifying.", status=409,
                      held_by=[o.id for o in others])


def evidence_basis(credential: Credential) -> list[str]:
    """What a verification rests on, for the audit trail: the document, the register check, or both."""
    return (["document"] if credential.document_name else []) + (
        ["register_check"] if credential.register_checked_on else [])


def record_register_check(credential: Credential, check: RegisterCheck, admin) -> None:
    """Store the register check on the credential and in the audit trail."""
    before = snapshot(credential, REGISTER_CHECK)
    credential.register_checked_in, credential.register_reference = check.register, check.reference.strip()
    credential.register_checked_on, credential.register_checked_by_id = check.checked_on, admin.id
    record(admin, "credential.register_checked", "credential", credential.id,
           practitioner_id=credential.practitioner_id, before=before, after={
               **snapshot(credential, REGISTER_CHECK), "register": issuers.register_label(check.register)})


def record_imported_check(credential: Credential, register: str, reference: str, checked_on: date, actor) -> None:
    """Store the register check an import vouches for (audited with the import's approval)."""
    credential.register_checked_in, credential.register_reference = register, reference
    credential.register_checked_on, credential.register_checked_by_id = checked_on, getattr(actor, "id", None)


def _holders(credentials) -> list[dict]:
    """Other credentials holding a number, as the audit trail names them."""
    return [{"credential": c.id, "practitioner_id": c.practitioner_id, "status": c.status} for c in credentials]


def note_duplicates(credential: Credential, actor) -> None:
    """Record that a newly declared registration's number is held elsewhere: it blocks verifying both."""
    others = unresolved_duplicates(credential)
    if not others:
        return
    number = {"issuer": credential.issuer, "number": credential.number}
    record(actor, "credential.duplicate_blocked", "credential", credential.id,
           practitioner_id=credential.practitioner_id, after={**number, "held_by": _holders(others)})
    for other in others:
        if other.status == CredentialStatus.PENDING.value:
            record(actor, "credential.duplicate_blocked", "credential", other.id,
                   practitioner_id=other.practitioner_id, after={**number, "held_by": _holders([credential])})


def resolve_duplicate(credential: Credential, admin, reason: str) -> list[Credential]:
    """Let a registration be verified despite the others holding its number, for the admin's written reason."""
    if credential.status != CredentialStatus.PENDING.value:
        raise Refusal("not_pending", f"This credential is {credential.status}, not waiting for review; "
                      "nothing was changed.")
    reason = " ".join((reason or "").split())
    if not MIN_REASON <= len(reason) <= MAX_REASON:
        raise Refusal("reason_length", "Write why these records may both stand, in 10 to 1,000 characters.",
                      "resolution")
    others = unresolved_duplicates(credential)
    if not others:
        raise Refusal("no_duplicate", "No other practitioner holds this number now: there is nothing to resolve.")
    for other in others:
        db.session.add(DuplicateResolution(credential_id=credential.id, other_credential_id=other.id,
                                           reason=reason, resolved_by_id=admin.id))
    db.session.flush()
    record(admin, "credential.duplicate_resolved", "credential", credential.id,
           practitioner_id=credential.practitioner_id,
           after={"issuer": credential.issuer, "number": credential.number, "held_by": _holders(others)},
           reason=reason)
    return others
