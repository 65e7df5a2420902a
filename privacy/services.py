"""One person's data across the domains: the download, and deleting the account.

Each domain that holds a patient's data exposes the same pair in its services module:

    export_for_patient(user) -> dict        # JSON-ready top-level keys of the download ({"bookings": [...]})
    erase_for_patient(user, now) -> None    # called inside the delete-account transaction

Bookings are called by name (their erase also returns what it cancelled, for the goodbye email);
the others are listed in DOMAINS.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from accounts import services as accounts
from accounts.models import User
from audit.services import record
from booking.services import patient_data as bookings
from core import mail, outbox
from core.extensions import db
from core.refusal import Refusal
from directory.models import Practitioner
from complications import services as complications
from eligibility import services as eligibility
from intake import services as intake
from reviews import services as reviews

# Modules with export_for_patient / erase_for_patient, erased before the bookings.
DOMAINS = (reviews, intake, eligibility, complications)

PRACTITIONER_REFUSAL = ("Your practitioner profile is on Verity, so your account cannot be deleted from this page: "
                        "patients have seen it and may have booked with you, and we must keep the record of what we "
                        "checked. Write to us (see Contact us) and we will take your profile down, cancel your future "
                        "bookings with notice to each patient, and delete what we do not have to keep.")
ADMIN_REFUSAL = "Admin accounts cannot delete themselves. Ask another admin to remove your access."


@dataclass
class Deletion:
    """What deleting an account did, for the page that follows."""

    address: str
    cancelled: int


def profile_of(user: User) -> Practitioner | None:
    """The practitioner profile an account holds, if any."""
    return db.session.scalar(select(Practitioner).where(Practitioner.user_id == user.id))


def deletion_refusal(user: User) -> str | None:
    """Why this account cannot delete itself here (an admin, a practitioner with a profile), or None."""
    if user.has_role("admin"):
        return ADMIN_REFUSAL
    if profile_of(user) is not None:
        return PRACTITIONER_REFUSAL
    return None


def _account(user: User) -> dict:
    """The account row, as its owner downloads it."""
    stamp = (lambda value: value.isoformat() if value else None)
    return {"account": {"email": user.email, "name": user.name, "role": user.role,
                        "email_confirmed_at": stamp(user.email_verified_at), "created_at": stamp(user.created_at),
                        "last_login_at": stamp(user.last_login_at)}}


def _profile(user: User) -> dict:
    """A practitioner's own profile, clinics, treatments and credentials (no patient's data)."""
    profile = profile_of(user)
    if profile is None:
        return {}
    return {"practitioner_profile": {
        "name": profile.name, "profession": profile.profession, "registration_body": profile.registration_body,
        "registration_number": profile.registration_number, "bio": profile.bio, "languages": profile.languages,
        "practising_since": profile.practising_since.isoformat() if profile.practising_since else None,
        "clinics": [{"name": c.name, "address": c.address, "city": c.city, "postcode": c.postcode,
                     "country": c.country} for c in profile.clinics],
        "treatments": [{"treatment": o.treatment.name, "price_from_minor": o.price_from_minor,
                        "currency": o.currency, "duration_minutes": o.duration_minutes} for o in profile.offerings],
        "credentials": [{"kind": c.kind, "issuer": c.issuer, "number": c.number, "status": c.status,
                         "issued_on": c.issued_on.isoformat() if c.issued_on else None,
                         "expires_on": c.expires_on.isoformat() if c.expires_on else None}
                        for c in profile.credentials]}}


def export_for(user: User, now: datetime) -> dict:
    """Everything Verity holds about the account's owner, JSON-ready; the download is audited (without its content)."""
    data = {"exported_at": now.isoformat(), **_account(user), **_profile(user)}
    for domain in (bookings, *DOMAINS):
        data.update(domain.export_for_patient(user))
    record(user, "account.exported", "user", user.id)
    return data


def delete_account(user: User, password: str, now: datetime) -> Deletion:
    """Delete the account: future bookings cancelled (practitioners told), past ones anonymised, the row emptied.

    The account row is emptied first, so the events this records (the cancellations, the deletion)
    name the account only by its id. Earlier events keep the address they were recorded with: the
    audit trail is append-only (audit/models.py).
    """
    accounts.confirm_password(user, password)
    refusal = deletion_refusal(user)
    if refusal:
        raise Refusal("deletion_refused", refusal)
    address = accounts.erase_user(user)
    for domain in DOMAINS:
        domain.erase_for_patient(user, now)
    cancelled = bookings.erase_for_patient(user, now)
    record(user, "account.deleted", "user", user.id, after={"role": user.role, "bookings_cancelled": len(cancelled)},
           reason="Deleted by the account holder.")
    outbox.forget_recipient(address)
    mail.queue(address, "Your Verity account is deleted", "accounts/account_deleted", {"cancelled": len(cancelled)})
    return Deletion(address, len(cancelled))
