"""Whether a practitioner takes new bookings (and if not, why), and when a result can be booked.

`bookability` is the one decision "is this practitioner bookable, and if not why": the search
cards, the profile, the booking pages, the booking service, the API and the tests all ask it.
`open_times` then says, for practitioners at clinics for one treatment each (a page of search
results, or a profile's clinics), whether the clinic takes online bookings and its first free times.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from booking.models import BookingKind
from booking.queries import requirements
from booking.display import url_instant
from booking.schedule import Visit, next_starts, zone_of
from compliance.badge import Badge, badge_for, with_badges
from core.refusal import Refusal
from credentials.registration import with_registrations
from directory.models import Clinic, Offering, Practitioner
from directory.search import SearchResult, result_offering

NOT_BOOKABLE = "not_bookable"
NEXT_SLOTS = 3  # free times a result card and the API offer
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
    """A practitioner at one clinic for one treatment: may a patient book it online, and its first free times."""

    practitioner: Practitioner
    clinic: Clinic
    offering: Offering | None
    verdict: Bookability
    online: bool = False  # the clinic has opening hours
    next_slots: tuple[datetime, ...] = ()  # up to NEXT_SLOTS free starts, earliest first
    consultation: bool = False  # the times are for the consultation the treatment asks for first

    @property
    def next_available(self) -> datetime | None:
        """The first free time, or None."""
        return self.next_slots[0] if self.next_slots else None

    @property
    def book_args(self) -> dict:
        """booking.start's arguments for exactly this choice, showing the week of the first free time."""
        args = {"slug": self.practitioner.slug, "clinic": self.clinic.id}
        if self.offering is not None:
            args["treatment"] = self.offering.treatment.slug
        if self.next_available is not None:
            args["from"] = self.next_available.astimezone(zone_of(self.clinic.time_zone)).date().isoformat()
        return args

    @property
    def zone_names(self) -> str:
        """The clinic's zone abbreviation at the free times: 'GMT', or 'GMT/BST' when the clocks change between them."""
        zone = zone_of(self.clinic.time_zone)
        return "/".join(dict.fromkeys(start.astimezone(zone).strftime("%Z") for start in self.next_slots))

    def confirm_args(self, starts_at: datetime) -> dict:
        """booking.confirm's arguments for one of these free times: one tap from a card to the confirm page."""
        return {"slug": self.practitioner.slug, "treatment": self.offering.treatment.slug, "clinic": self.clinic.id,
                "start": url_instant(starts_at)}


def open_times(openings: list[Opening], now: datetime) -> list[Opening]:
    """Fill in each bookable opening's online flag and first free times, in three queries for them all.

    The times are the first slots an anonymous visitor is offered on the booking page and by the slots
    API for that clinic and treatment (a consultation first when the treatment asks for one).
    """
    asked, wanted = [], []
    for opening in openings:
        if not opening.verdict.bookable or opening.offering is None:
            continue
        needs = requirements(None, opening.offering, opening.clinic, now)
        if needs.barred:  # nobody can book it at this clinic (an unmet licensing requirement): say so, not "bookable"
            opening.verdict = Bookability(False, needs.refusal)
        elif needs.refusal is None:
            asked.append(opening)
            opening.consultation = needs.kind == BookingKind.CONSULTATION.value
            wanted.append((opening.practitioner.id, opening.clinic, Visit.of(opening.offering, needs.kind)))
    starts, online = next_starts(wanted, now, NEXT_SLOTS)
    for opening, found in zip(asked, starts):
        opening.online, opening.next_slots = opening.clinic.id in online, tuple(found)
    return openings


def with_openings(result: SearchResult, now: datetime) -> SearchResult:
    """Give each search hit its opening (after compliance.badge.with_badges, whose badge decides)."""
    openings = [Opening(hit.practitioner, hit.clinic, hit.offering, bookability(hit.badge)) for hit in result.hits]
    open_times(openings, now)
    for hit, opening in zip(result.hits, openings):
        hit.opening = opening
    return result


def result_cards(result: SearchResult, now: datetime) -> SearchResult:
    """Everything a result card and the API add to a page of hits, in a fixed number of queries for the page:
    the registration it names, its compliance badge, and (decided by the badge) its next free times."""
    return with_openings(with_badges(with_registrations(result, now.date())), now)


def offered_until(result: SearchResult) -> datetime | None:
    """The instant the page's first shown free time stops being bookable (its start less the clinic's notice).

    A page kept for later (core/pagecache.py) must be dropped by then: it would offer a time no one can book.
    """
    ends = [hit.opening.next_slots[0] - timedelta(minutes=hit.clinic.min_notice_minutes or 0)
            for hit in result.hits if hit.opening is not None and hit.opening.next_slots]
    return min(ends, default=None)


def profile_openings(practitioner: Practitioner, badge: Badge, now: datetime) -> list[Opening]:
    """One opening per clinic of a profile, for the treatment a search result would show (the cheapest)."""
    offering, verdict = result_offering(practitioner.offerings), bookability(badge)
    return open_times([Opening(practitioner, clinic, offering, verdict) for clinic in practitioner.clinics], now)
