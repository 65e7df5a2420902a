"""Read-side helpers for credential screens: versions of a credential, and the admins' verification queue."""
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from credentials import issuers
from credentials.models import Credential, CredentialKind, CredentialStatus
from directory.models import Clinic


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


def pending(kind: str = "", issuer: str = "", country: str = "") -> Select:
    """Pending credentials, oldest first, filtered by kind, issuer and the country of a clinic."""
    statement = (select(Credential).where(Credential.status == CredentialStatus.PENDING.value)
                 .options(selectinload(Credential.practitioner)).order_by(Credential.created_at, Credential.id))
    if kind:
        statement = statement.where(Credential.kind == kind)
    if issuer:
        statement = statement.where(Credential.issuer == issuer)
    if country:
        statement = statement.where(exists().where(Clinic.practitioner_id == Credential.practitioner_id,
                                                   Clinic.country == country))
    return statement


def pending_issuers() -> list[str]:
    """The issuers of pending credentials, for the queue's filter."""
    return list(db.session.scalars(select(Credential.issuer).distinct()
                                   .where(Credential.status == CredentialStatus.PENDING.value)
                                   .order_by(Credential.issuer)))


def same_number_elsewhere(credential: Credential) -> list[Credential]:
    """Other practitioners' credentials declaring the same issuer and number: a warning for the reviewer."""
    if not credential.number:
        return []
    return list(db.session.scalars(select(Credential).where(
        Credential.issuer == credential.issuer, func.upper(Credential.number) == credential.number.upper(),
        Credential.practitioner_id != credential.practitioner_id).limit(5)))
