"""Credential rules: what counts as a current verified registration."""
from datetime import date

from sqlalchemy import and_, exists, func, or_, select

from credentials.models import Credential, CredentialKind, CredentialStatus


def is_current(credential: Credential, today: date) -> bool:
    """A credential counts only while verified and not past its expiry date."""
    return credential.is_current(today)


def current_clause(today: date):
    """SQL form of `Credential.is_current`: verified and not expired on `today`."""
    return and_(Credential.status == CredentialStatus.VERIFIED.value,
                or_(Credential.expires_on.is_(None), Credential.expires_on >= today))


def has_current_registration(practitioner_id_column, today: date):
    """SQL condition: the practitioner holds a current verified professional registration."""
    return exists().where(Credential.practitioner_id == practitioner_id_column,
                          Credential.kind == CredentialKind.REGISTRATION.value, current_clause(today))


def verified_registration_since(practitioner_id_column, today: date):
    """SQL scalar: the earliest issue date of a current verified registration, or NULL."""
    return (select(func.min(Credential.issued_on))
            .where(Credential.practitioner_id == practitioner_id_column,
                   Credential.kind == CredentialKind.REGISTRATION.value, current_clause(today))
            .scalar_subquery())


def registration_since(practitioner, today: date) -> date | None:
    """The date years practising counts from: a verified registration outranks the declared date."""
    verified = [c.issued_on for c in practitioner.credentials
                if c.kind == CredentialKind.REGISTRATION.value and c.issued_on and c.is_current(today)]
    return min(verified) if verified else practitioner.practising_since


def current_credentials(practitioner, today: date) -> list[Credential]:
    """The practitioner's credentials that are verified and not expired, for public display."""
    return sorted((c for c in practitioner.credentials if c.is_current(today)), key=lambda c: c.kind)
