"""Why a practitioner is not public yet, in words they can act on: the banner of their profile preview.

directory/listing.py decides whether a practitioner is listed; this module only explains a "no"
(and a listed practitioner whom no clinic puts in search). It reads what decides the listing:
suspension, the professional registration and its review, and the clinics.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from credentials.models import Credential, CredentialKind, CredentialStatus
from directory.listing import is_listed
from directory.models import Practitioner


@dataclass(frozen=True)
class Standing:
    """Whether the profile is public, whether it shows in search, and what is missing for each."""

    public: bool
    in_search: bool
    missing: tuple[str, ...]
    registration_verified: bool


def _registrations(practitioner: Practitioner) -> list[Credential]:
    """The practitioner's registration credentials still in play, newest first."""
    return sorted((c for c in practitioner.credentials if c.kind == CredentialKind.REGISTRATION.value
                   and c.status != CredentialStatus.SUPERSEDED.value), key=lambda c: c.id, reverse=True)


def _registration_missing(practitioner: Practitioner, today: date) -> str | None:
    """What is missing about the professional registration, or None when one is verified and current."""
    registrations = _registrations(practitioner)
    if any(c.is_current(today) for c in registrations):
        return None
    if any(c.status == CredentialStatus.PENDING.value for c in registrations):
        return "your registration is awaiting verification by our team"
    expired = [c for c in registrations if c.status == CredentialStatus.VERIFIED.value]
    if expired:
        return (f"your registration expired on {expired[0].expires_on:%-d %B %Y}: upload your renewed "
                "registration")
    rejected = [c for c in registrations if c.status == CredentialStatus.REJECTED.value]
    if rejected:
        reason = rejected[0].rejection_reason.strip()
        return "your registration evidence was not accepted" + (f" ({reason})" if reason else "") + \
            ": upload it again"
    return "you have not uploaded your professional registration yet"


def _clinics_missing(practitioner: Practitioner, today: date) -> str | None:
    """What is missing about the clinics: none at all, or none whose address is confirmed for search."""
    if not practitioner.clinics:
        return "you have not added a clinic yet"
    if is_listed(practitioner, today) and not any(is_listed(c, today) for c in practitioner.clinics):
        return "no clinic with a confirmed address"
    return None


def standing(practitioner: Practitioner, today: date) -> Standing:
    """The practitioner's standing today: public or not, in search or not, and why."""
    missing = []
    if practitioner.suspended_at is not None:
        missing.append(f"suspended: {practitioner.suspension_reason or 'by our team'}")
    registration = _registration_missing(practitioner, today)
    clinics = _clinics_missing(practitioner, today)
    missing += [m for m in (registration, clinics) if m]
    public = is_listed(practitioner, today)
    in_search = public and any(is_listed(c, today) for c in practitioner.clinics)
    return Standing(public, in_search, tuple(missing), registration is None)
