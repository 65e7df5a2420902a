"""Rules for a practitioner's own profile, callable without HTTP: what a profile may say, and its checklist.

Nothing here writes: directory/services.py creates and changes profiles with these rules.
Clinic rules are in directory/clinics.py, treatment and price rules in directory/offerings.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from core import clock
from core.extensions import db
from core.refusal import Refusal
from directory.models import Practitioner, Profession

EARLIEST_PRACTISING_SINCE = date(1950, 1, 1)
BIO_MAX_LENGTH = 2000
# What the audit trail keeps of each change.
PROFILE_FIELDS = ("name", "profession", "registration_body", "registration_number", "practising_since", "bio",
                  "languages", "photo_filename")


TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame"}
# Plain words for each profession on a result card: what a patient needs to know is who may prescribe.
PLAIN_PROFESSIONS = {Profession.DOCTOR: "Doctor", Profession.DENTIST: "Dentist", Profession.SURGEON: "Surgeon",
                     Profession.NURSE_PRESCRIBER: "Nurse who can prescribe", Profession.NURSE: "Nurse",
                     Profession.PHARMACIST_PRESCRIBER: "Pharmacist who can prescribe",
                     Profession.AESTHETIC_THERAPIST: "Aesthetic therapist"}


def plain_profession(profession: str) -> str:
    """A profession as a patient would say it: "Nurse who can prescribe" for nurse_prescriber."""
    return PLAIN_PROFESSIONS[Profession(profession)]


def initials(name: str) -> str:
    """Up to two initials of a name, titles left out: "Dr Jane van Smith" gives "JS"."""
    words = [w for w in name.replace(".", " ").split() if w.lower() not in TITLES and w[:1].isalpha()]
    if not words:
        return (name.strip()[:1] or "?").upper()
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


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


def check_practising_since(since: date | None, today: date | None = None) -> None:
    """Refuse a start date in the future or implausibly long ago."""
    if since is None:
        raise Refusal("practising_since_missing", "Enter the date you first registered to practise.",
                      "practising_since")
    if since > (today or clock.today()):
        raise Refusal("practising_since_future", "The date you started practising cannot be in the future.",
                      "practising_since")
    if since < EARLIEST_PRACTISING_SINCE:
        raise Refusal("practising_since_too_early", "Enter a date from 1 January 1950 onwards.", "practising_since")


def check_profession(profession: str) -> Profession:
    """Return the Profession named, or refuse an unknown one."""
    try:
        return Profession(profession)
    except ValueError:
        raise Refusal("profession_unknown", "Choose your profession from the list.", "profession") from None


def check_profession_change(practitioner: Practitioner, profession: str) -> None:
    """Refuse a new profession that may not offer a treatment the practitioner already lists."""
    blocking = [o.treatment.name for o in practitioner.offerings if not o.treatment.allows(profession)]
    if blocking:
        label = check_profession(profession).label.lower()
        them = "it" if len(blocking) == 1 else "them"
        raise Refusal("profession_blocks_treatments", f"A {label} cannot offer {', '.join(blocking)}. Remove {them} "
                      "from your treatments first, then change your profession.", "profession")


def check_registration_free(body: str, number: str, practitioner: Practitioner | None = None) -> None:
    """Refuse a registration number another profile already claims with the same body."""
    query = select(Practitioner.id).where(func.lower(Practitioner.registration_body) == body.lower(),
                                          Practitioner.registration_number == number)
    if practitioner is not None and practitioner.id is not None:
        query = query.where(Practitioner.id != practitioner.id)
    if db.session.scalar(query) is not None:
        raise Refusal("registration_taken", "Another profile already uses this registration number with this body. "
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


def checked(details: ProfileDetails, practitioner: Practitioner | None) -> ProfileDetails:
    """Apply every profile rule; return the tidied details."""
    details = tidy_details(details)
    if not details.name:
        raise Refusal("name_missing", "Enter your name as patients will see it.", "name")
    check_profession(details.profession)
    check_practising_since(details.practising_since)
    if len(details.bio) > BIO_MAX_LENGTH:
        raise Refusal("bio_too_long", f"Keep your bio to {BIO_MAX_LENGTH:,} characters.", "bio")
    if practitioner is not None:
        check_profession_change(practitioner, details.profession)
    check_registration_free(details.registration_body, details.registration_number, practitioner)
    return details


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
