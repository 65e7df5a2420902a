"""Whether a practitioner takes new bookings (and if not, why), and when a result can be booked.

`bookability` is the one decision "is this practitioner bookable, and if not why": the search
cards, the profile, the booking pages, the booking service, the API and the tests all ask it.
`open_times` then says, for practitioners at clinics for one treatment each (a page of search
results, or a profile's clinics), whether the clinic takes online bookings and its first free time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from booking.queries import requirements
from booking.schedule import Visit, first_slots, zone_of
from compliance.badge import Badge, badge_for
from core.refusal import Refusal
from directory.models import Clinic, Offering, Practitioner
from directory.search import SearchResult, result_offering

NOT_BOOKABLE = "not_bookable"
NOT_COMPLIANT = ("Not taking new bookings through Verity for now: what they declared or wrote about exosomes "
                 "breaks a rule where they practise. You can still read their profile and the reasons.")
HELD = ("Not taking new bookings through Verity for now: after a compliance problem, our team is checking the "
        "changes they made before bookings reopen.")


@dataclass(frozen=True)
class Bookability:
    """Whether a practitioner takes new bookings; when not, why in plain words."""

    bookable: bool
    reason: str = ""


def bookability(badge: Badge | None) -> Bookability:
    """The decision: a not_compliant badge closes bookings, and they stay closed until an admin clears the hold."""
    if badge is not None and badge.status == "not_compliant":
        return Bookability(False, NOT_COMPLIANT)
    if badge is not None and badge.bookings_held_since is not None:
        return Bookability(False, HELD)
    return Bookability(True)


def check_bookable(practitioner: Practitioner) -> None:
    """Refuse, with 409 `not_bookable`, slots or a booking of a practitioner who takes no new bookings."""
    verdict = bookability(badge_for(practitioner))
    if not verdict.bookable:
        raise Refusal(NOT_BOOKABLE, verdict.reason, status=409)


@dataclass
class Opening:
    """A practitioner at one clinic for one treatment: may a patient book it online, and when first."""

    practitioner: Practitioner
    clinic: Clinic
    offering: Offering | None
    verdict: Bookability
    online: bool = False  # the clinic has opening hours
    next_available: datetime | None = None

    @property
    def book_args(self) -> dict:
        """booking.start's arguments for exactly this choice, showing the week of the first free time."""
        args = {"slug": self.practitioner.slug, "clinic": self.clinic.id}
        if self.offering is not None:
            args["treatment"] = self.offering.treatment.slug
        if self.next_available is not None:
            args["from"] = self.next_available.astimezone(zone_of(self.clinic.time_zone)).date().isoformat()
        return args


def open_times(openings: list[Opening], now: datetime) -> list[Opening]:
    """Fill in each bookable opening's online flag and first free time, in three queries for them all.

    The time is the first slot an anonymous visitor is offered on the booking page and by the slots
    API for that clinic and treatment (a consultation first when the treatment asks for one).
    """
    asked, wanted = [], []
    for opening in openings:
        if not opening.verdict.bookable or opening.offering is None:
            continue
        needs = requirements(None, opening.offering, opening.clinic, now)
        if needs.refusal is None:
            asked.append(opening)
            wanted.append((opening.practitioner.id, opening.clinic, Visit.of(opening.offering, needs.kind)))
    firsts, online = first_slots(wanted, now)
    for opening, first in zip(asked, firsts):
        opening.online, opening.next_available = opening.clinic.id in online, first
    return openings


def with_openings(result: SearchResult, now: datetime) -> SearchResult:
    """Give each search hit its opening (after compliance.badge.with_badges, whose badge decides)."""
    openings = [Opening(hit.practitioner, hit.clinic, hit.offering, bookability(hit.badge)) for hit in result.hits]
    open_times(openings, now)
    for hit, opening in zip(result.hits, openings):
        hit.opening = opening
    return result


def profile_openings(practitioner: Practitioner, badge: Badge, now: datetime) -> list[Opening]:
    """One opening per clinic of a profile, for the treatment a search result would show (the cheapest)."""
    offering, verdict = result_offering(practitioner.offerings), bookability(badge)
    return open_times([Opening(practitioner, clinic, offering, verdict) for clinic in practitioner.clinics], now)
