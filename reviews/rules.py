"""The review rules as pure functions: limits, the abuse check, insiders, when a request is due, the average.

Nothing here reads or writes the database; reviews/services.py applies these rules.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

from booking.schedule import zone_of

STARS = (1, 2, 3, 4, 5)
TEXT_MIN, TEXT_MAX = 20, 2000
REPLY_MIN, REPLY_MAX = 2, 1000
NOTE_MAX = 900  # the audit reason keeps "code: note" in 1,000 characters
# The review request goes at 10:00 on the clinic's clocks the day after the appointment...
REQUEST_HOUR = time(10)
# ...and not at all for an appointment marked attended more than 30 days after it took place.
REQUEST_WINDOW = timedelta(days=30)
# An emailed link works for 90 days from sending; a logged-in patient has the same window.
LINK_DAYS = 90
PER_PAGE = 10
SORTS = {"newest": "Newest first", "oldest": "Oldest first", "highest": "Highest rated", "lowest": "Lowest rated"}

# The written list an admin removes a review under (the policy page shows it word for word). A report
# by a practitioner names one too. Being negative is not on it.
REMOVAL_REASONS = {
    "not_about_experience": "It is not about the patient's own experience of this appointment.",
    "personal_data": "It names or identifies someone, or gives personal details such as a phone number.",
    "abuse": "It threatens, harasses or uses slurs against someone.",
    "conflict_of_interest": "It was written by the practitioner, their staff, family or a competitor.",
    "unlawful_content": "It makes a medical claim about a medicine or treatment that we may not publish.",
    "patient_request": "The patient who wrote it asked us to remove it.",
}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w/])\+?\d(?:[\s().-]{0,2}\d){8,}")
THREATS = re.compile(
    r"\b(?:i(?:'|’)?ll|i will|i'?m going to|gonna|we(?:'|’)?ll|going to)\s+(?:kill|hurt|find|destroy|burn|smash|"
    r"beat|stab|shoot|get)\s+(?:you|her|him|them|your)\b|\bwatch (?:your|ur) back\b|"
    r"\b(?:kill|murder|stab|shoot) (?:you|her|him|them|yourself)\b|\bkys\b|\byou(?:'re| are) dead\b|"
    r"\bi know where you live\b", re.IGNORECASE)
# A short list of slurs; a match is refused outright (criticism is welcome, insults of who someone is are not).
SLURS = re.compile(r"\b(?:n[i1]gg(?:er|a)s?|f[a@]gg?(?:ot)?s?|retards?|spastics?|spaz|pakis?|chinks?|kikes?|"
                   r"trann(?:y|ies)|wogs?|dykes?|coons?)\b", re.IGNORECASE)
# Mail providers shared by strangers, and the reserved example domains: the same domain says nothing there.
SHARED_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com", "hotmail.co.uk", "outlook.com",
    "live.com", "live.co.uk", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "protonmail.com",
    "proton.me", "btinternet.com", "sky.com", "virginmedia.com", "gmx.com", "mail.com", "zoho.com",
    "example.com", "example.org", "example.net"})


def abuse_problem(text: str) -> str | None:
    """Why a review or reply may not be published as written (shown beside the field), or None."""
    if EMAIL.search(text or "") or PHONE.search(text or ""):
        return ("Please remove the phone number or email address: reviews are public, so they may not "
                "contain anyone's contact details.")
    if THREATS.search(text or ""):
        return "Please remove the threat: a review may criticise, but it may not threaten anyone."
    if SLURS.search(text or ""):
        return "Please remove the slur: a review may criticise, but it may not insult anyone for who they are."
    return None


def _canonical(email: str) -> tuple[str, str]:
    """An address as (local part, domain), lower case, without a +tag (and without dots at Gmail)."""
    local, _, domain = (email or "").strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return local, domain


def is_insider(patient, practitioner_user) -> bool:
    """Whether the would-be reviewer is the practitioner, or mails from the practitioner's own address or domain."""
    if patient.id == practitioner_user.id:
        return True
    mine, theirs = _canonical(patient.email), _canonical(practitioner_user.email)
    return mine == theirs or (mine[1] == theirs[1] and mine[1] not in SHARED_DOMAINS)


def request_due_at(starts_at: datetime, zone_name: str) -> datetime:
    """When an appointment's review request is due: 10:00 on the clinic's clocks the next day, as a UTC instant."""
    zone = zone_of(zone_name)
    next_day = starts_at.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(next_day, REQUEST_HOUR, zone).astimezone(timezone.utc)


def local_date(instant: datetime, zone_name: str) -> date:
    """The date of an instant on a zone's clocks."""
    return instant.astimezone(zone_of(zone_name)).date()


def short_name(full_name: str) -> str:
    """How a reviewer is named: first name and the initial of the last ("Pat P."), never the full name."""
    words = (full_name or "").split()
    if not words:
        return ""
    return (words[0] if len(words) == 1 else f"{words[0]} {words[-1][0].upper()}.")[:60]


def average(total: int, count: int) -> float | None:
    """The mean of `count` star ratings adding up to `total`, rounded half up to one decimal; None for none."""
    if not count:
        return None
    return float((Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def sort_of(value: str | None) -> str:
    """A known sort order, newest first when the one asked for is unknown."""
    return value if value in SORTS else "newest"
