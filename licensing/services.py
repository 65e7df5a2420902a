"""The one writer of licence rows: practitioners submit a licence with its evidence, admins verify or reject it.

Nothing here commits: the caller does. Every submission and decision goes to the audit trail with the
licence's details, so the trail shows what was claimed and what an admin saw.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from audit.services import record, snapshot
from core import clock
from core.extensions import db
from core.refusal import Refusal
from core.uploads import store_document
from sqlalchemy import select

from directory.listing import is_listed
from directory.models import Practitioner
from directory.queries import own_clinic
from licensing.models import CLINIC_KINDS, Licence, LicenceKind, LicenceStatus, Oversight, OversightStatus
from licensing.queries import oversight_of, same_licence
from licensing.rules import is_healthcare

CQC = "Care Quality Commission"
CQC_PROVIDER_ID = re.compile(r"1-\d{6,12}")
ISSUER_MAX, NUMBER_MAX, MIN_REASON, SLUG_MAX = 120, 60, 10, 200
SHOWN = ("kind", "clinic_id", "issuer", "number", "expires_on", "status", "document_original_name")
REVIEWED = ("status", "expires_on", "verified_at", "verified_by_id", "rejected_at", "rejected_by_id",
            "rejection_reason")


@dataclass(frozen=True)
class LicenceEntry:
    """A licence as the practitioner types it."""

    kind: str
    clinic_id: int | None
    issuer: str
    number: str
    expires_on: date | None


def entry_problems(entry: LicenceEntry, today: date) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a licence as typed, so a form shows them all at once."""
    problems = []
    if entry.kind in CLINIC_KINDS and not entry.clinic_id:
        problems.append(("clinic_id", "Choose the clinic this licence is for."))
    if entry.kind != LicenceKind.CQC.value and not entry.issuer.strip():
        problems.append(("issuer", "Enter the council that issued the licence."))
    number = entry.number.strip()
    if not number:
        problems.append(("number", "Enter the number shown on the licence."))
    elif entry.kind == LicenceKind.CQC.value and not CQC_PROVIDER_ID.fullmatch(number):
        problems.append(("number", "A CQC provider ID looks like 1-101234567: “1-” then digits, as on the CQC "
                                   "register."))
    if entry.kind != LicenceKind.CQC.value and entry.expires_on is None:
        problems.append(("expires_on", "Enter the expiry date shown on the licence."))
    elif entry.expires_on is not None and entry.expires_on < today:
        problems.append(("expires_on", "This licence has expired. Upload the renewed one."))
    return problems


def submit(practitioner, entry: LicenceEntry, upload, actor, today: date) -> Licence:
    """Send a licence with its evidence for review; a pending one for the same licence is replaced."""
    problems = entry_problems(entry, today)
    if problems:
        raise Refusal("licence_invalid", problems[0][1], problems[0][0])
    clinic = own_clinic(practitioner, entry.clinic_id) if entry.kind in CLINIC_KINDS else None
    if entry.kind in CLINIC_KINDS and clinic is None:
        raise Refusal("licence_invalid", "Choose one of your clinics.", "clinic_id")
    if upload is None:
        raise Refusal("evidence_required", "Upload the licence, or the register entry, as evidence.", "document")
    stored = store_document(upload, "document")
    issuer = CQC if entry.kind == LicenceKind.CQC.value else " ".join(entry.issuer.split())
    licence = Licence(practitioner_id=practitioner.id, clinic=clinic, kind=entry.kind, issuer=issuer,
                      number=entry.number.strip(), expires_on=entry.expires_on, document_name=stored.stored_name,
                      document_original_name=stored.original_name, document_mime_type=stored.mime_type,
                      document_size=stored.size, submitted_at=clock.now())
    for older in same_licence(licence, LicenceStatus.PENDING.value):
        older.status = LicenceStatus.REPLACED.value
    db.session.add(licence)
    db.session.flush()
    record(actor, "licence.submitted", "licence", licence.id, practitioner_id=practitioner.id,
           after=snapshot(licence, SHOWN))
    return licence


def _check_pending(licence: Licence) -> None:
    """Refuse a decision on a licence that is not waiting for one."""
    if licence.status != LicenceStatus.PENDING.value:
        raise Refusal("not_pending", f"This licence is {licence.status}, not waiting for review; nothing was changed.")


def approve(licence: Licence, admin, expires_on: date | None, today: date) -> Licence:
    """Verify a pending licence against its evidence, with the expiry the evidence shows."""
    _check_pending(licence)
    if expires_on is None and licence.kind != LicenceKind.CQC.value:
        raise Refusal("approval_invalid", "Enter the expiry date the licence shows.", "expires_on")
    if expires_on is not None and expires_on < today:
        raise Refusal("approval_invalid", "That date has passed: an expired licence cannot be verified.",
                      "expires_on")
    before = snapshot(licence, REVIEWED)
    licence.status, licence.expires_on = LicenceStatus.VERIFIED.value, expires_on
    licence.verified_at, licence.verified_by_id = clock.now(), admin.id
    for older in same_licence(licence, LicenceStatus.VERIFIED.value):
        older.status = LicenceStatus.REPLACED.value
    record(admin, "licence.approved", "licence", licence.id, practitioner_id=licence.practitioner_id,
           before=before, after={**snapshot(licence, REVIEWED), "licence": licence.title})
    return licence


def reject(licence: Licence, admin, reason: str) -> Licence:
    """Refuse a pending licence with a reason the practitioner reads on their licences page."""
    _check_pending(licence)
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        raise Refusal("reason_too_short", "Give the practitioner a reason they can act on (at least 10 characters).",
                      "reason")
    before = snapshot(licence, REVIEWED)
    licence.status, licence.rejection_reason = LicenceStatus.REJECTED.value, reason
    licence.rejected_at, licence.rejected_by_id = clock.now(), admin.id
    record(admin, "licence.rejected", "licence", licence.id, practitioner_id=licence.practitioner_id,
           before=before, after={**snapshot(licence, REVIEWED), "licence": licence.title}, reason=reason)
    return licence


# Amber-tier oversight: a non-healthcare practitioner names a healthcare professional on Verity, who answers.


def _overseer_named(practitioner, profile: str, today: date):
    """The practitioner a profile address or its last part names, if they may oversee; else a Refusal."""
    slug = (profile or "").strip().rstrip("/").rsplit("/", 1)[-1][:SLUG_MAX]
    overseer = db.session.scalar(select(Practitioner).where(Practitioner.slug == slug)) if slug else None
    if overseer is None or overseer.id == practitioner.id or not is_listed(overseer, today) \
            or not is_healthcare(overseer):
        raise Refusal("overseer_unknown", "Give the Verity profile address of a listed healthcare professional "
                                          "(a doctor, dentist, nurse or pharmacist whose registration we verified).",
                      "profile")
    return overseer


def ask_overseer(practitioner, profile: str, actor, today: date) -> Oversight:
    """Name an overseer for amber-tier work; it counts once they accept. An earlier link ends."""
    overseer = _overseer_named(practitioner, profile, today)
    current = oversight_of(practitioner.id)
    if current is not None and current.overseer_id == overseer.id:
        raise Refusal("overseer_already", f"You have already named {overseer.name}.", "profile")
    if current is not None:
        current.status, current.answered_at = OversightStatus.ENDED.value, clock.now()
    link = Oversight(practitioner_id=practitioner.id, overseer_id=overseer.id, asked_at=clock.now())
    db.session.add(link)
    db.session.flush()
    record(actor, "oversight.asked", "oversight", link.id, practitioner_id=practitioner.id,
           after={"overseer_id": overseer.id, "overseer": overseer.name})
    return link


def answer_oversight(link: Oversight, actor, accept: bool) -> Oversight:
    """The overseer accepts or declines, from their own account; an answered request cannot be answered again."""
    if link.status != OversightStatus.ASKED.value:
        raise Refusal("oversight_answered", f"This request is already {link.status}; nothing was changed.")
    link.status = OversightStatus.ACCEPTED.value if accept else OversightStatus.DECLINED.value
    link.answered_at = clock.now()
    record(actor, "oversight.accepted" if accept else "oversight.declined", "oversight", link.id,
           practitioner_id=link.practitioner_id, after={"overseer_id": link.overseer_id, "status": link.status})
    return link
