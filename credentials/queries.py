"""Read-side helpers for credential screens: versions of a credential, and the admins' verification queue."""
from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import selectinload

from core import clock
from core.extensions import db
from credentials import issuers
from credentials.models import Credential, CredentialKind, CredentialStatus, DuplicateResolution
from directory.models import Clinic

# A registration number is held by a credential waiting for review or verified; rejected and replaced ones hold none.
HOLDING = (CredentialStatus.PENDING.value, CredentialStatus.VERIFIED.value)


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


# The verification queue


def pending(kind: str = "", issuer: str = "", country: str = "", show: str = "") -> Select:
    """Pending credentials, oldest first, filtered by kind, issuer and the country of a clinic.

    `show="duplicates"`: only registrations blocked by a number another practitioner holds;
    `show="checks_due"`: instead, verified credentials due for their next check (today or before).
    """
    status = CredentialStatus.VERIFIED.value if show == "checks_due" else CredentialStatus.PENDING.value
    statement = (select(Credential).where(Credential.status == status)
                 .options(selectinload(Credential.practitioner)).order_by(Credential.created_at, Credential.id))
    if show == "checks_due":
        statement = statement.where(Credential.next_check_on <= clock.today())
    if show == "duplicates":
        statement = statement.where(Credential.id.in_(blocked_by_duplicates()))
    if kind:
        statement = statement.where(Credential.kind == kind)
    if issuer:
        statement = statement.where(Credential.issuer == issuer)
    if country:
        statement = statement.where(exists().where(Clinic.practitioner_id == Credential.practitioner_id,
                                                   Clinic.country == country))
    return statement


def blocked_by_duplicates() -> list[int]:
    """Ids of pending registrations that cannot be verified until an admin resolves a duplicate number."""
    waiting = db.session.scalars(select(Credential).where(
        Credential.status == CredentialStatus.PENDING.value, Credential.kind == CredentialKind.REGISTRATION.value,
        Credential.number != ""))
    return [c.id for c in waiting if unresolved_duplicates(c)]


def pending_issuers() -> list[str]:
    """The issuers of pending credentials, for the queue's filter."""
    return list(db.session.scalars(select(Credential.issuer).distinct()
                                   .where(Credential.status == CredentialStatus.PENDING.value)
                                   .order_by(Credential.issuer)))


def _same_number(credential: Credential):
    """SQL: another practitioner's credential from the same issuer with the same number, ignoring case and spaces."""
    return and_(func.lower(Credential.issuer) == credential.issuer.lower(),
                func.replace(func.upper(Credential.number), " ", "") == issuers.normalise_number(credential.number),
                Credential.practitioner_id != credential.practitioner_id)


def same_number_elsewhere(credential: Credential) -> list[Credential]:
    """Other practitioners' credentials declaring the same issuer and number: a warning for the reviewer."""
    if not credential.number:
        return []
    return list(db.session.scalars(select(Credential).where(_same_number(credential)).limit(5)))


def held_elsewhere(credential: Credential) -> list[Credential]:
    """Other practitioners' registrations, pending or verified, with this registration's issuer and number."""
    if credential.kind != CredentialKind.REGISTRATION.value or not credential.number:
        return []
    return list(db.session.scalars(select(Credential).where(
        _same_number(credential), Credential.kind == CredentialKind.REGISTRATION.value,
        Credential.status.in_(HOLDING)).order_by(Credential.id)))


def resolutions(credential: Credential) -> list[DuplicateResolution]:
    """Admins' resolutions of duplicates for this credential or an earlier version of it, oldest first."""
    ids = [version.id for version in history(credential)]
    return list(db.session.scalars(select(DuplicateResolution).where(DuplicateResolution.credential_id.in_(ids))
                                   .order_by(DuplicateResolution.resolved_at, DuplicateResolution.id)))


def unresolved_duplicates(credential: Credential) -> list[Credential]:
    """The registrations held elsewhere that block verifying this one until an admin resolves them."""
    resolved = {r.other_credential_id for r in resolutions(credential)}
    return [other for other in held_elsewhere(credential) if other.id not in resolved]
