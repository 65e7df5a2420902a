"""Directory rules and the one writer of its rows: practitioners' profiles, clinics, treatments offered, suspension.

Every change takes the user acting, so the audit trail says who did it, whether a practitioner or
an admin. Nothing here commits: the caller does, once the whole change has been accepted. The
rules themselves are in directory/profiles.py, clinics.py and offerings.py.
"""
import re
import unicodedata
from dataclasses import asdict
from datetime import date

from sqlalchemy import bindparam, select

from audit.services import record, snapshot
from core import clock, mail
from core.extensions import db
from core.refusal import Refusal
from directory import clinics, offerings, photos, profiles
from directory.catalogue import catalogue_rows
from directory.listing import listed
from directory.models import AddressStatus, Clinic, Offering, Practitioner, Treatment
from directory.queries import practitioner_of

# How many numbered slugs (base-2, base-3, ...) one query of `unique_slug` checks, and the query.
SLUG_CANDIDATES = 20
TAKEN_SLUGS = select(Practitioner.slug).where(Practitioner.slug.in_(bindparam("candidates", expanding=True)))


def sync_catalogue() -> int:
    """Insert or update the treatment catalogue; return how many treatments it holds."""
    existing = {t.slug: t for t in db.session.scalars(select(Treatment))}
    for row in catalogue_rows():
        treatment = existing.get(row["slug"]) or Treatment(slug=row["slug"])
        for key, value in row.items():
            setattr(treatment, key, value)
        db.session.add(treatment)
    db.session.flush()
    return len(existing) or len(list(catalogue_rows()))


def slugify(text: str) -> str:
    """Turn a name into a URL-safe slug such as 'dr-amelia-smith'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "practitioner"


def unique_slug(name: str) -> str:
    """Return a slug for the name that no practitioner uses yet: 'dr-amelia-smith', then '-2', '-3'...

    Candidates are compared for equality (the name's own slug first, then numbered ones a batch at
    a time), so the lookup uses the slug's unique index whatever the database's collation;
    `LIKE 'base%'` read the whole table.
    """
    base, first, count = slugify(name)[:120], 1, 1
    while True:
        candidates = [f"{base}-{n}" if n > 1 else base for n in range(first, first + count)]
        taken = set(db.session.scalars(TAKEN_SLUGS, {"candidates": candidates}))
        free = next((slug for slug in candidates if slug not in taken), None)
        if free:
            return free
        first, count = first + count, SLUG_CANDIDATES


def whole_years(since: date | None, today: date) -> int:
    """Whole years between a date and today (0 when unknown or in the future)."""
    if since is None or since > today:
        return 0
    years = today.year - since.year
    if (today.month, today.day) < (since.month, since.day):
        years -= 1
    return years


def money(minor: int, currency: str) -> str:
    """Format a price held in minor units, such as £250 or $99.50."""
    symbol = {"GBP": "£", "USD": "$", "EUR": "€"}.get(currency, currency + " ")
    major, cents = divmod(minor, 100)
    return f"{symbol}{major:,}" + (f".{cents:02d}" if cents else "")


def listed_profile_or_404(slug: str, today: date) -> Practitioner:
    """The listed practitioner with this slug, with what a public page shows loaded; 404 otherwise.

    Only listed clinics are loaded: a clinic whose address is not confirmed is not shown.
    """
    from flask import abort
    from sqlalchemy.orm import selectinload

    from directory.models import Offering

    practitioner = db.session.scalar(
        select(Practitioner).where(Practitioner.slug == slug, listed(Practitioner, today))
        .options(selectinload(Practitioner.clinics.and_(listed(Clinic, today))),
                 selectinload(Practitioner.credentials),
                 selectinload(Practitioner.offerings).selectinload(Offering.treatment)))
    if practitioner is None:
        abort(404)
    return practitioner


# Profiles


def record_change(actor, action: str, subject, practitioner_id: int, before: dict | None, after: dict | None) -> None:
    """Add an audit event for a change to a profile, clinic or offering, unless it changed nothing."""
    if before != after:
        record(actor, action, type(subject).__name__.lower(), subject.id, practitioner_id=practitioner_id,
               before=before, after=after)


def create_profile(user, details: profiles.ProfileDetails, photo=None, *, actor=None) -> Practitioner:
    """Create the user's profile with a fresh slug; `photo` is an uploaded file or None; actor defaults to the user."""
    if practitioner_of(user) is not None:
        raise Refusal("profile_exists", "You already have a profile.")
    details = profiles.checked(details, None)
    practitioner = Practitioner(user_id=user.id, slug=unique_slug(details.name), **asdict(details))
    if photo is not None:
        practitioner.photo_filename = photos.store_upload(photo)
    db.session.add(practitioner)
    db.session.flush()
    record_change(actor or user, "profile.created", practitioner, practitioner.id, None,
                  snapshot(practitioner, profiles.PROFILE_FIELDS))
    return practitioner


def update_profile(practitioner: Practitioner, details: profiles.ProfileDetails, photo=None,
                   remove_photo: bool = False, *, actor) -> str | None:
    """Change a profile; return the photo file it no longer uses, for the caller to discard after commit.

    The slug stays as it was, so links to the public profile keep working after a name change.
    """
    details = profiles.checked(details, practitioner)
    new_photo = photos.store_upload(photo) if photo is not None else None
    before = snapshot(practitioner, profiles.PROFILE_FIELDS)
    for key, value in asdict(details).items():
        setattr(practitioner, key, value)
    old_photo = practitioner.photo_filename
    if new_photo or remove_photo:
        practitioner.photo_filename = new_photo
    db.session.flush()
    record_change(actor, "profile.updated", practitioner, practitioner.id, before,
                  snapshot(practitioner, profiles.PROFILE_FIELDS))
    return old_photo if old_photo != practitioner.photo_filename else None


# Clinics


def save_clinic(practitioner: Practitioner, details: clinics.ClinicDetails, clinic: Clinic | None = None, *,
                actor) -> Clinic:
    """Add a clinic, or change one, once its address passes the address check; pin it and give its time zone."""
    details = clinics.tidy(details)
    address = clinics.checked_address(details, clinic)
    lat, lon, time_zone = clinics.time_zone_of(address.lat, address.lon)
    before = snapshot(clinic, clinics.CLINIC_FIELDS) if clinic is not None else None
    if clinic is None:
        clinic = Clinic()
        practitioner.clinics.append(clinic)
    for key in ("name", "address", "city", "postcode", "country", "blurb", "phone"):
        setattr(clinic, key, getattr(details, key))
    clinic.lat, clinic.lon, clinic.time_zone = lat, lon, time_zone
    clinic.address_status, clinic.address_problem = AddressStatus.CONFIRMED.value, None
    db.session.flush()
    record_change(actor, "clinic.updated" if before else "clinic.added", clinic, practitioner.id, before,
                  snapshot(clinic, clinics.CLINIC_FIELDS))
    return clinic


def check_clinic_addresses(only_unchecked: bool = False) -> dict[str, int]:
    """Give every clinic (or each unchecked one) the address check's verdict; count clinics per verdict.

    Run after the gazetteer is rebuilt or the check changes: a refused clinic leaves search until
    its practitioner fixes the address, and its dashboard says why.
    """
    query = select(Clinic).order_by(Clinic.id)
    if only_unchecked:
        query = query.where(Clinic.address_status == AddressStatus.UNCHECKED.value)
    counts: dict[str, int] = {}
    for clinic in db.session.scalars(query):
        clinic.address_status, clinic.address_problem = clinics.address_verdict(clinic)
        counts[clinic.address_status] = counts.get(clinic.address_status, 0) + 1
    db.session.flush()
    return counts


def delete_clinic(clinic: Clinic, *, actor) -> None:
    """Delete a clinic, but never the last one: patients find a practitioner by where they practise."""
    practitioner = clinic.practitioner
    if len(practitioner.clinics) <= 1:
        raise Refusal("last_clinic", "This is your only clinic. Patients find you by where you practise, so change "
                      "its address instead of deleting it.")
    record_change(actor, "clinic.deleted", clinic, practitioner.id, snapshot(clinic, clinics.CLINIC_FIELDS), None)
    practitioner.clinics.remove(clinic)
    db.session.flush()


# Treatments offered


def add_offering(practitioner: Practitioner, treatment: Treatment, details: offerings.OfferingDetails, *,
                 actor) -> Offering:
    """List a catalogue treatment, refused when the profession may not offer it or it is already listed."""
    offerings.check_offering(practitioner, treatment, details)
    offerings.check_not_listed(practitioner, treatment)
    offering = Offering(treatment=treatment, currency=offerings.currency_for(practitioner), **asdict(details))
    practitioner.offerings.append(offering)
    db.session.flush()
    record_change(actor, "offering.added", offering, practitioner.id, None,
                  snapshot(offering, offerings.OFFERING_FIELDS))
    return offering


def update_offering(offering: Offering, details: offerings.OfferingDetails, *, actor) -> Offering:
    """Change the price, duration or description of a listed treatment."""
    offerings.check_offering(offering.practitioner, offering.treatment, details)
    before = snapshot(offering, offerings.OFFERING_FIELDS)
    for key, value in asdict(details).items():
        setattr(offering, key, value)
    db.session.flush()
    record_change(actor, "offering.updated", offering, offering.practitioner_id, before,
                  snapshot(offering, offerings.OFFERING_FIELDS))
    return offering


def remove_offering(offering: Offering, *, actor) -> None:
    """Stop offering a treatment."""
    record_change(actor, "offering.removed", offering, offering.practitioner_id,
                  snapshot(offering, offerings.OFFERING_FIELDS), None)
    offering.practitioner.offerings.remove(offering)
    db.session.flush()


# Suspension

MIN_REASON = 10


def _reason(reason: str) -> str:
    """A reason long enough to mean something to the practitioner and to the next admin."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise Refusal("reason_too_short", "Give a reason of at least 10 characters.", "reason")
    return reason


def suspend(practitioner: Practitioner, admin, reason: str) -> None:
    """Take a practitioner out of search and profiles, with a reason they are told."""
    reason = _reason(reason)
    if practitioner.suspended_at is not None:
        raise Refusal("already_suspended", "This practitioner is already suspended.")
    practitioner.suspended_at, practitioner.suspension_reason = clock.now(), reason
    record(admin, "practitioner.suspended", "practitioner", practitioner.id, practitioner_id=practitioner.id,
           before={"suspended_at": None}, after={"suspended_at": practitioner.suspended_at}, reason=reason)
    mail.queue(practitioner.user.email, "Your Verity profile is suspended", "directory/suspended",
               {"practitioner": practitioner, "reason": reason})


def reinstate(practitioner: Practitioner, admin, reason: str) -> None:
    """Lift a suspension, with a reason; the profile shows again while its registration is current."""
    reason = _reason(reason)
    if practitioner.suspended_at is None:
        raise Refusal("not_suspended", "This practitioner is not suspended.")
    before = {"suspended_at": practitioner.suspended_at, "suspension_reason": practitioner.suspension_reason}
    practitioner.suspended_at, practitioner.suspension_reason = None, ""
    record(admin, "practitioner.reinstated", "practitioner", practitioner.id, practitioner_id=practitioner.id,
           before=before, after={"suspended_at": None}, reason=reason)
    mail.queue(practitioner.user.email, "Your Verity profile is reinstated", "directory/reinstated",
               {"practitioner": practitioner, "reason": reason})
