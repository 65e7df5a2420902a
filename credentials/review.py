"""An admin's review of a credential: approve with a next-check date, or reject with a reason.

Both are recorded in the audit trail and emailed to the practitioner. Nothing here commits.
"""
from datetime import date

from flask import url_for

from audit.services import record, snapshot
from credentials.models import Credential, CredentialStatus
from credentials.services import CredentialError, history
from core.mail import send_mail
from core import clock

REVIEWED = ("status", "expires_on", "next_check_on", "verified_at", "verified_by_id", "rejected_at",
            "rejected_by_id", "rejection_reason")
MIN_REASON = 10


def _check_pending(credential: Credential) -> None:
    """Refuse to decide on a credential that is not waiting for review."""
    if credential.status != CredentialStatus.PENDING.value:
        raise CredentialError(f"This credential is {credential.status}, not waiting for review; "
                              "nothing was changed.")


def approval_problems(credential: Credential, next_check_on: date | None, expires_on: date | None,
                      today: date) -> list[tuple[str, str]]:
    """Problems with an approval's dates, as (field, message)."""
    problems = []
    if expires_on is not None and expires_on < today:
        problems.append(("expires_on", "The expiry date has passed: this credential cannot be verified."))
    if next_check_on is None:
        problems.append(("next_check_on", "Enter when Verity should check this credential again."))
    elif next_check_on <= today:
        problems.append(("next_check_on", "The next check must be after today."))
    elif expires_on is not None and next_check_on > expires_on:
        problems.append(("next_check_on", "Check again on or before the expiry date."))
    return problems


def approve(credential: Credential, admin, next_check_on: date | None, expires_on: date | None,
            today: date) -> Credential:
    """Verify a pending credential: who, when, the expiry the evidence shows and the next check."""
    _check_pending(credential)
    problems = approval_problems(credential, next_check_on, expires_on, today)
    if problems:
        raise CredentialError(problems[0][1], problems[0][0])
    before = snapshot(credential, REVIEWED)
    credential.status, credential.expires_on, credential.next_check_on = (
        CredentialStatus.VERIFIED.value, expires_on, next_check_on)
    credential.verified_at, credential.verified_by_id = clock.now(), admin.id
    _retire_older_versions(credential, admin)
    record(admin, "credential.approved", "credential", credential.id, practitioner_id=credential.practitioner_id,
           before=before, after=snapshot(credential, REVIEWED))
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
        raise CredentialError("Give the practitioner a reason they can act on (at least 10 characters).",
                              "reason")
    before = snapshot(credential, REVIEWED)
    credential.status, credential.rejection_reason = CredentialStatus.REJECTED.value, reason
    credential.rejected_at, credential.rejected_by_id = clock.now(), admin.id
    record(admin, "credential.rejected", "credential", credential.id, practitioner_id=credential.practitioner_id,
           before=before, after=snapshot(credential, REVIEWED), reason=reason)
    _mail_rejection(credential)
    return credential


def describe(credential: Credential) -> str:
    """A credential named for a person: 'Professional registration, GMC 1234567'."""
    number = f" {credential.number}" if credential.number else ""
    return f"{credential.kind_label}, {credential.issuer}{number}"


def _mail_approval(credential: Credential) -> None:
    """Tell the practitioner their credential is verified, and until when."""
    practitioner = credential.practitioner
    expiry = f"It expires on {credential.expires_on:%-d %B %Y}. " if credential.expires_on else ""
    send_mail(practitioner.user.email, "Your credential is verified",
              f"Hello {practitioner.name},\n\nWe checked the evidence for your {describe(credential)} and "
              f"verified it on {credential.verified_at:%-d %B %Y}. {expiry}We will check it again by "
              f"{credential.next_check_on:%-d %B %Y}.\n\nYour credentials: "
              f"{url_for('credentials.index', _external=True)}\n\nVerity")


def _mail_rejection(credential: Credential) -> None:
    """Tell the practitioner why their credential was not verified and how to fix it."""
    practitioner = credential.practitioner
    send_mail(practitioner.user.email, "We could not verify your credential",
              f"Hello {practitioner.name},\n\nWe could not verify your {describe(credential)}.\n\n"
              f"Reason: {credential.rejection_reason}\n\nYou can upload corrected details or a clearer document "
              f"here: {url_for('credentials.index', _external=True)}\n\nVerity")
