"""Writing one practitioner's rows: account, profile, clinics, treatments, registration and audit trail.

Nothing here flushes or commits (but see `_new_slug`): `batches.py` stages many practitioners,
flushes once, records their audit events, then commits. Every refusal (RowProblem) is raised
before anything is changed, so a refused practitioner leaves nothing behind in the session.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from accounts.models import Role, User
from audit.services import record, snapshot
from credentials.evidence import REGISTER_CHECK, record_imported_check
from credentials.issuers import normalise_number
from credentials.models import Credential, CredentialKind, CredentialStatus
from credentials.queries import HOLDING
from credentials.services import REVIEWED
from importer.checks import Line, clinic_key
from importer.declarations import refuse_contradictions, wanted_declaration
from importer.parsing import RowProblem, registration_key
from directory.models import Clinic, Offering, Practitioner
from directory.services import unique_slug
from core.extensions import db
from core import clock

CURRENCIES = {"GB": "GBP", "US": "USD"}
PROFILE = ("name", "profession", "practising_since", "bio", "registration_body", "registration_number")


def chunks(items: list, size: int = 500):
    """Slices of a list, to keep `IN (...)` lists a size every database accepts."""
    return (items[i:i + size] for i in range(0, len(items), size))


def _holders(keys: set[tuple[str, str]]) -> dict[tuple[str, str], set[int]]:
    """Who holds each registration as a credential waiting for review or verified (a duplicate blocks verifying)."""
    holders: dict[tuple[str, str], set[int]] = {}
    for chunk in chunks(sorted({number for _, number in keys})):
        found = db.session.execute(select(Credential.issuer, Credential.number, Credential.practitioner_id).where(
            Credential.kind == CredentialKind.REGISTRATION.value, Credential.status.in_(HOLDING),
            func.replace(func.upper(Credential.number), " ", "").in_(chunk)))
        for issuer, number, practitioner_id in found:
            holders.setdefault(registration_key(issuer, number), set()).add(practitioner_id)
    return holders


@dataclass
class Stored:
    """What the database holds for the practitioners an import names, and what the current batch adds.

    `users` and `practitioners` are ids found once for the whole file; `load` then fetches one batch's
    rows with everything saving reads, so staging a stored practitioner runs no query of its own
    (a new one asks only for a free slug).
    """

    users: dict[str, int]
    practitioners: dict[tuple[str, str], int]
    holders: dict[tuple[str, str], set[int]]  # practitioners holding a registration credential, by body and number
    profiles: dict[int, Practitioner] = field(default_factory=dict)
    accounts: dict[int, User] = field(default_factory=dict)
    held: dict[int, Practitioner] = field(default_factory=dict)  # profiles by the id of the account holding them
    slugs: set[str] = field(default_factory=set)  # slugs given to new profiles not yet flushed

    @classmethod
    def find(cls, groups: list[list[Line]]) -> Stored:
        """Look them all up in a few queries rather than two per practitioner."""
        emails = sorted({group[0].person["email"] for group in groups})
        keys = {group[0].key for group in groups}
        users, practitioners = {}, {}
        for chunk in chunks(emails):
            users.update(db.session.execute(select(func.lower(User.email), User.id)
                                            .where(func.lower(User.email).in_(chunk))).all())
        for chunk in chunks(sorted({number for _, number in keys})):
            found = db.session.execute(select(Practitioner.registration_body, Practitioner.registration_number,
                                              Practitioner.id)
                                       .where(func.upper(Practitioner.registration_number).in_(chunk)))
            practitioners.update((registration_key(body, number), id_) for body, number, id_ in found
                                 if registration_key(body, number) in keys)
        return cls(users, practitioners, _holders(keys))

    def load(self, groups: list[list[Line]]) -> None:
        """Fetch the batch's stored accounts and profiles, with their clinics, offerings and credentials."""
        profile_ids = [self.practitioners[g[0].key] for g in groups if g[0].key in self.practitioners]
        user_ids = [self.users[g[0].person["email"]] for g in groups if g[0].person["email"] in self.users]
        self.slugs, self.accounts, self.profiles, self.held = set(), {}, {}, {}
        if not (profile_ids or user_ids):
            return  # all new: nothing to fetch
        self.accounts = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
        found = db.session.scalars(
            select(Practitioner).where(or_(Practitioner.id.in_(profile_ids), Practitioner.user_id.in_(user_ids)))
            .options(selectinload(Practitioner.user), selectinload(Practitioner.clinics),
                     selectinload(Practitioner.offerings), selectinload(Practitioner.credentials))).all()
        self.profiles = {p.id: p for p in found}
        self.held = {p.user_id: p for p in found}


@dataclass
class Staged:
    """One practitioner's changes, in the session until their batch is flushed, audited and committed."""

    lines: list[Line]
    practitioner: Practitioner
    before: dict | None  # the profile's fields before the import; None for a new profile
    imported: bool
    verified: tuple[Credential, dict | None] | None
    clinics_added: int
    exosomes: tuple | None = None  # (sources, routes, COA on file, endotoxin tested): declared after the flush
    declared: bool = False

    @property
    def changed(self) -> bool:
        """True when the import changed the profile, clinics, treatments or exosome declaration, or verified."""
        return self.imported or self.verified is not None or self.declared


def _owner(person: dict, key: tuple[str, str], stored: Stored) -> tuple[Practitioner | None, User | None]:
    """The practitioner with this registration and the account with this email, refusing clashes."""
    body, number, email = person["registration_body"], person["registration_number"], person["email"]
    practitioner_id, user_id = stored.practitioners.get(key), stored.users.get(email)
    practitioner = stored.profiles.get(practitioner_id) if practitioner_id else None
    user = stored.accounts.get(user_id) if user_id else None
    if practitioner is not None:
        if user is None or practitioner.user_id != user.id:
            raise RowProblem(f"registration {body} {number} already belongs to the account "
                             f"{practitioner.user.email}, not {email}")
        return practitioner, user
    if user is not None and user.role != Role.PRACTITIONER.value:
        raise RowProblem(f"{email} already has a {user.role} account, which cannot hold a practitioner profile")
    if user is not None:
        other = stored.held.get(user.id)
        if other is not None:
            raise RowProblem(f"{email} already holds the profile for registration "
                             f"{other.registration_body} {other.registration_number}")
    return None, user


def _person(lines: list[Line]) -> dict:
    """The practitioner's fields from the group's rows, each the first value given."""
    merged = dict(lines[0].person)
    for line in lines[1:]:
        for name, value in line.person.items():
            merged[name] = merged[name] or value
    return merged


def _profile(practitioner: Practitioner) -> dict:
    """The fields an import sets on a profile and its account, for the audit trail and change detection."""
    return {**snapshot(practitioner, PROFILE), "account_name": practitioner.user.name}


def _assign(obj, **values) -> bool:
    """Set the attributes that differ; return True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _new_slug(name: str, stored: Stored) -> str:
    """A free slug for a new profile, also free of those given earlier in the batch and not yet flushed."""
    slug = unique_slug(name)
    if slug in stored.slugs:  # the same name twice in one batch: write the first so the database sees it
        db.session.flush()
        stored.slugs.clear()
        slug = unique_slug(name)
    stored.slugs.add(slug)
    return slug


def _save_practitioner(person: dict, practitioner: Practitioner | None, user: User | None,
                       stored: Stored) -> Practitioner:
    """Create or update the account and profile."""
    if user is None:
        # An unusable password: no hash can match it, so the practitioner starts with a password reset.
        user = User(email=person["email"], role=Role.PRACTITIONER.value, name=person["name"],
                    password_hash="!" + secrets.token_urlsafe(32))
        db.session.add(user)
    if practitioner is None:
        practitioner = Practitioner(user=user, slug=_new_slug(person["name"], stored),
                                    registration_body=person["registration_body"],
                                    registration_number=person["registration_number"])
        db.session.add(practitioner)
    user.name = person["name"]
    # An empty bio cell means "not given": it never erases a stored bio.
    bio = {"bio": person["bio"]} if person["bio"] else {}
    _assign(practitioner, name=person["name"], profession=person["profession"],
            practising_since=person["practising_since"], **bio)
    return practitioner


def _save_clinics(practitioner: Practitioner, lines: list[Line]) -> tuple[int, bool]:
    """Add the clinics the profile lacks and update those it has; return (how many added, any changed)."""
    clinics = {clinic_key(c.name, c.postcode): c for c in practitioner.clinics}
    added, changed = 0, False
    for line in lines:
        key = clinic_key(line.clinic["name"], line.clinic["postcode"])
        if key not in clinics:
            clinics[key] = Clinic(**line.clinic)
            practitioner.clinics.append(clinics[key])
            added += 1
        else:  # an empty address cell never erases a stored address
            changed |= _assign(clinics[key], **{k: v for k, v in line.clinic.items() if v != ""})
    return added, changed


def _save_offerings(practitioner: Practitioner, lines: list[Line]) -> bool:
    """Offer the union of the rows' treatments; prices and durations are the practitioner's to set."""
    offered = {o.treatment_id for o in practitioner.offerings}
    currency = CURRENCIES[lines[0].clinic["country"]]
    missing = [t for t in dict.fromkeys(t for line in lines for t in line.treatment_ids) if t not in offered]
    for treatment_id in missing:
        practitioner.offerings.append(Offering(treatment_id=treatment_id, currency=currency,
                                               price_from_minor=0, duration_minutes=30))
    return bool(missing)


def _registration(practitioner: Practitioner | None, person: dict) -> Credential | None:
    """The latest version of the practitioner's registration credential, refused when an admin rejected it."""
    if practitioner is None or not person["registration_verified"]:
        return None
    number = normalise_number(person["registration_number"])
    replaced = {c.supersedes_id for c in practitioner.credentials if c.supersedes_id}
    credential = next((c for c in practitioner.credentials if c.id not in replaced
                       and c.kind == CredentialKind.REGISTRATION.value and normalise_number(c.number) == number),
                      None)
    if credential is not None and credential.status == CredentialStatus.REJECTED.value:
        raise RowProblem(f"an admin rejected the registration {person['registration_body']} "
                         f"{person['registration_number']}; review it on the admin pages rather than "
                         "overriding the decision with an import")
    return credential


def _refuse_duplicate(practitioner: Practitioner | None, person: dict, key: tuple[str, str], stored: Stored) -> None:
    """Refuse to verify a registration another practitioner holds: an admin compares the two on the admin pages."""
    others = stored.holders.get(key, set()) - {practitioner.id if practitioner else None}
    if person["registration_verified"] and others:
        raise RowProblem(f"registration {person['registration_body']} {person['registration_number']} is also held "
                         "by another practitioner's credential; compare the records and resolve the duplicate on "
                         "the admin pages before verifying it")


def _verify_registration(practitioner: Practitioner, credential: Credential | None, person: dict,
                         actor) -> tuple[Credential, dict | None] | None:
    """Mark the registration verified by the importing admin, when the file says so.

    Returns the credential and its review fields before, or None when nothing changed.
    """
    if not person["registration_verified"]:
        return None
    if credential is None:
        credential = Credential(kind=CredentialKind.REGISTRATION.value, issuer=person["registration_body"],
                                number=person["registration_number"], issued_on=person["practising_since"],
                                version=1)
        practitioner.credentials.append(credential)
    expires = person["registration_expires"] or credential.expires_on
    if credential.status == CredentialStatus.VERIFIED.value and credential.expires_on == expires:
        return None
    before = snapshot(credential, REVIEWED) if credential.id else None
    credential.status, credential.expires_on = CredentialStatus.VERIFIED.value, expires
    credential.verified_at, credential.verified_by_id = clock.now(), actor.id
    if not credential.has_evidence:  # the importing admin vouches for the register: that is the evidence
        record_imported_check(credential, person["registration_body"],
                              f"{person['registration_body']} {person['registration_number']} "
                              "(spreadsheet import, registration_verified = yes)", clock.today(), actor)
    return credential, before


def stage(lines: list[Line], stored: Stored, actor) -> Staged:
    """Apply one practitioner's rows to the session, once every check that could refuse them has passed."""
    person = _person(lines)
    practitioner, user = _owner(person, lines[0].key, stored)
    credential = _registration(practitioner, person)
    _refuse_duplicate(practitioner, person, lines[0].key, stored)
    exosomes = wanted_declaration(practitioner, person)
    refuse_contradictions(practitioner, person, [t for line in lines for t in line.treatment_ids], exosomes)
    before = _profile(practitioner) if practitioner is not None else None
    practitioner = _save_practitioner(person, practitioner, user, stored)
    added, clinics_changed = _save_clinics(practitioner, lines)
    offerings_added = _save_offerings(practitioner, lines)
    imported = before != _profile(practitioner) or bool(added) or clinics_changed or offerings_added
    verified = _verify_registration(practitioner, credential, person, actor)
    return Staged(lines, practitioner, before, imported, verified, added, exosomes)


def audit(actor, staged: Staged) -> None:
    """Note in the audit trail what the import changed; call it after the flush that gives new rows ids."""
    numbers = ", ".join(str(line.number) for line in staged.lines)
    reason = f"Spreadsheet import, line{'s' * (len(staged.lines) > 1)} {numbers}."
    practitioner = staged.practitioner
    if staged.imported:
        record(actor, "practitioner.imported", "practitioner", practitioner.id, practitioner_id=practitioner.id,
               before=staged.before, after=_profile(practitioner), reason=reason)
    if staged.verified:
        credential, credential_before = staged.verified
        record(actor, "credential.approved", "credential", credential.id, practitioner_id=practitioner.id,
               before=credential_before, after={**snapshot(credential, REVIEWED),
                                                **snapshot(credential, REGISTER_CHECK)}, reason=reason)
