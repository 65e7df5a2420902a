"""Rules for a practitioner's own profile, callable without HTTP, and what the practice rules share.

Every function takes the Practitioner it changes and the user acting, so an admin tool can call
the same rules and the audit trail says who did it. Nothing here commits: the caller does, once
the whole change has been accepted. Clinic rules are in practice/clinics.py, treatment and
price rules in practice/offerings.py.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select

from audit.services import record, snapshot
from directory.models import Practitioner, Profession
from directory.services import unique_slug
from core.extensions import db
from practice import photos
from core import clock

EARLIEST_PRACTISING_SINCE = date(1950, 1, 1)
BIO_MAX_LENGTH = 2000
# What the audit trail keeps of each change.
PROFILE_FIELDS = ("name", "profession", "registration_body", "registration_number", "practising_since", "bio",
                  "languages", "photo_filename")


class PracticeError(ValueError):
    """A change the rules refuse; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None, suggestions=()):
        super().__init__(message)
        self.message, self.field, self.suggestions = message, field, list(suggestions)


@dataclass
class ProfileDetails:
    """What a practitioner says about themselves on their profile."""

    name: str
    profession: str
    registration_body: str
    registration_number: str
    practising_since: date | None
    bio: str = ""
    languages: str = "English"


def practitioner_of(user) -> Practitioner | None:
    """The profile belonging to a user account, or None before they have made one."""
    return db.session.scalar(select(Practitioner).where(Practitioner.user_id == user.id))


# Profile


def check_practising_since(since: date | None, today: date | None = None) -> None:
    """Refuse a start date in the future or implausibly long ago."""
    if since is None:
        raise PracticeError("Enter the date you first registered to practise.", "practising_since")
    if since > (today or clock.today()):
        raise PracticeError("The date you started practising cannot be in the future.", "practising_since")
    if since < EARLIEST_PRACTISING_SINCE:
        raise PracticeError("Enter a date from 1 January 1950 onwards.", "practising_since")


def check_profession(profession: str) -> Profession:
    """Return the Profession named, or refuse an unknown one."""
    try:
        return Profession(profession)
    except ValueError:
        raise PracticeError("Choose your profession from the list.", "profession") from None


def check_profession_change(practitioner: Practitioner, profession: str) -> None:
    """Refuse a new profession that may not offer a treatment the practitioner already lists."""
    blocking = [o.treatment.name for o in practitioner.offerings if not o.treatment.allows(profession)]
    if blocking:
        label = check_profession(profession).label.lower()
        them = "it" if len(blocking) == 1 else "them"
        raise PracticeError(f"A {label} cannot offer {', '.join(blocking)}. Remove {them} from your treatments "
                            "first, then change your profession.", "profession")


def check_registration_free(body: str, number: str, practitioner: Practitioner | None = None) -> None:
    """Refuse a registration number another profile already claims with the same body."""
    query = select(Practitioner.id).where(func.lower(Practitioner.registration_body) == body.lower(),
                                          Practitioner.registration_number == number)
    if practitioner is not None and practitioner.id is not None:
        query = query.where(Practitioner.id != practitioner.id)
    if db.session.scalar(query) is not None:
        raise PracticeError("Another profile already uses this registration number with this body. "
                            "If it is yours, please contact us.", "registration_number")


def tidy_details(details: ProfileDetails) -> ProfileDetails:
    """Trim what was typed: one space between words, registration numbers upper case, languages listed once."""
    languages = []
    for language in (details.languages or "").split(","):
        language = " ".join(language.split())
        if language and language.casefold() not in {lang.casefold() for lang in languages}:
            languages.append(language)
    return ProfileDetails(
        name=" ".join(details.name.split()), profession=details.profession,
        registration_body=" ".join(details.registration_body.split()),
        registration_number="".join(details.registration_number.split()).upper(),
        practising_since=details.practising_since, bio=(details.bio or "").strip(),
        languages=", ".join(languages) or "English")


def _checked(details: ProfileDetails, practitioner: Practitioner | None) -> ProfileDetails:
    """Apply every profile rule; return the tidied details."""
    details = tidy_details(details)
    if not details.name:
        raise PracticeError("Enter your name as patients will see it.", "name")
    check_profession(details.profession)
    check_practising_since(details.practising_since)
    if len(details.bio) > BIO_MAX_LENGTH:
        raise PracticeError(f"Keep your bio to {BIO_MAX_LENGTH:,} characters.", "bio")
    if practitioner is not None:
        check_profession_change(practitioner, details.profession)
    check_registration_free(details.registration_body, details.registration_number, practitioner)
    return details


def _store_photo(upload) -> str:
    """Store an uploaded photo, turning an unreadable file into a message on the photo field."""
    try:
        return photos.store_upload(upload)
    except photos.PhotoError as error:
        raise PracticeError(str(error), "photo") from error


def record_change(actor, action: str, subject, practitioner_id: int, before: dict | None, after: dict | None) -> None:
    """Add an audit event for a change to a profile, clinic or offering, unless it changed nothing."""
    if before != after:
        record(actor, action, type(subject).__name__.lower(), subject.id, practitioner_id=practitioner_id,
               before=before, after=after)


def create_profile(user, details: ProfileDetails, photo=None, *, actor=None) -> Practitioner:
    """Create the user's profile with a fresh slug; `photo` is an uploaded file or None; actor defaults to the user."""
    if practitioner_of(user) is not None:
        raise PracticeError("You already have a profile.")
    details = _checked(details, None)
    practitioner = Practitioner(user_id=user.id, slug=unique_slug(details.name), **asdict(details))
    if photo is not None:
        practitioner.photo_filename = _store_photo(photo)
    db.session.add(practitioner)
    db.session.flush()
    record_change(actor or user, "profile.created", practitioner, practitioner.id, None,
                  snapshot(practitioner, PROFILE_FIELDS))
    return practitioner


def update_profile(practitioner: Practitioner, details: ProfileDetails, photo=None,
                   remove_photo: bool = False, *, actor) -> str | None:
    """Change a profile; return the photo file it no longer uses, for the caller to discard after commit.

    The slug stays as it was, so links to the public profile keep working after a name change.
    """
    details = _checked(details, practitioner)
    new_photo = _store_photo(photo) if photo is not None else None
    before = snapshot(practitioner, PROFILE_FIELDS)
    for key, value in asdict(details).items():
        setattr(practitioner, key, value)
    old_photo = practitioner.photo_filename
    if new_photo or remove_photo:
        practitioner.photo_filename = new_photo
    db.session.flush()
    record_change(actor, "profile.updated", practitioner, practitioner.id, before,
                  snapshot(practitioner, PROFILE_FIELDS))
    return old_photo if old_photo != practitioner.photo_filename else None


def completeness(practitioner: Practitioner) -> list[tuple[str, str, bool]]:
    """The profile checklist as (key, what to do, done), in the order patients notice them."""
    return [
        ("photo", "Add a photo of yourself", bool(practitioner.photo_filename)),
        ("bio", "Write a short bio (a few sentences)", len(practitioner.bio or "") >= 50),
        ("registration", "Give your registration body and number",
         bool(practitioner.registration_body and practitioner.registration_number)),
        ("practising_since", "Say when you first registered to practise", practitioner.practising_since is not None),
        ("clinic", "Add the clinic where you see patients", bool(practitioner.clinics)),
        ("treatment", "List at least one treatment with its price", bool(practitioner.offerings)),
    ]
