"""Radius search: one service function for the search page, the JSON API and the tests."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from directory import postgis
from directory.index import EPOCH, NEVER, ListingIndex, Ranked, current_index, day_number, haversine_km
from directory.listing import covers, listed
from directory.models import BADGE_STATUSES, Clinic, Offering, Practitioner, Treatment
from directory.offerings import Price, price_at
from directory.profiles import initials, plain_profession
from directory.services import whole_years
from core.extensions import db
from geo.distance import KM_PER_MILE

if TYPE_CHECKING:  # the badge is added by the screens, from the compliance floor above
    from compliance.badge import Badge
from core import clock

SORTS = ("distance", "years")


@dataclass(frozen=True)
class SearchQuery:
    """What a patient asked for: a point, a radius and the filters."""

    lat: float
    lon: float
    radius: float = 10
    unit: str = "mi"
    min_years: int = 0
    treatment: str | None = None
    profession: str | None = None
    sort: str = "distance"
    page: int = 1
    per_page: int = 20
    badge: tuple[str, ...] = ()  # compliance badge statuses to keep
    no_human_exosomes: bool = False
    label: str = ""
    alternatives: tuple[str, ...] = ()  # other places the typed name could mean

    @property
    def radius_km(self) -> float:
        """The radius in kilometres."""
        return self.radius * KM_PER_MILE if self.unit == "mi" else self.radius


class TreatmentTag(NamedTuple):
    """A treatment as a result shows it."""

    slug: str
    name: str


@dataclass
class Hit:
    """One result: a practitioner AT their nearest matching clinic, for one treatment.

    `offering` is the treatment the search filtered on, else the practitioner's cheapest one; the
    card's "Book" link and its next free time are for exactly this clinic and this offering.
    """

    practitioner: Practitioner
    clinic: Clinic
    distance: float  # in the query's unit
    years: int
    treatments: tuple[TreatmentTag, ...] = ()  # what the practitioner offers, by name
    offering: Offering | None = None  # the treatment this result is for
    searched: bool = False  # True when `offering` is the treatment searched for, not the cheapest
    badge: "Badge | None" = None  # filled by compliance.badge.with_badges
    opening: object = None  # booking.bookable.Opening, filled by booking.bookable.with_openings
    registration: object = None  # credentials.services.Registration, filled by credentials.services.with_registrations

    @property
    def next_available(self) -> datetime | None:
        """The first free time at this clinic for this treatment (None when not bookable or none)."""
        return getattr(self.opening, "next_available", None)

    @property
    def price(self) -> Price | None:
        """The "from" price of this result's treatment at this clinic, None when there is no true one."""
        return price_at(self.offering, self.clinic)

    @property
    def profession(self) -> str:
        """The practitioner's profession in plain words."""
        return plain_profession(self.practitioner.profession)

    @property
    def initials(self) -> str:
        """The practitioner's initials, shown in place of a photo."""
        return initials(self.practitioner.name)


@dataclass
class SearchResult:
    """A page of hits and the total count."""

    query: SearchQuery
    total: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """How many pages the results fill."""
        return max(1, -(-self.total // self.query.per_page))


def years_cutoff(today: date, years: int) -> date:
    """The latest start date that still gives `years` whole years by today."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def _matching(index: ListingIndex, query: SearchQuery, today: date) -> np.ndarray:
    """Positions of clinics in the search box that are listed today and pass the patient's filters."""
    positions = index.candidates(query.lat, query.lon, query.radius_km)
    keep = covers(index.listed_until[positions], day_number(today))
    if query.min_years:
        keep &= index.practising_from[positions] <= day_number(years_cutoff(today, query.min_years))
    if query.profession:
        code = index.professions.index(query.profession) if query.profession in index.professions else -1
        keep &= index.profession[positions] == code
    if query.badge:
        unknown = set(query.badge) - set(BADGE_STATUSES)
        if unknown:
            raise ValueError(f"Unknown badge status: {', '.join(sorted(unknown))}.")
        keep &= np.isin(index.badge[positions], [index.badges.index(s) for s in query.badge if s in index.badges])
    if query.no_human_exosomes:
        keep &= index.no_human_exosomes[positions]
    if query.treatment:
        keep &= np.isin(index.practitioner_id[positions], index.offered_by(query.treatment))
    return positions[keep]


def _millimetres(km: np.ndarray) -> np.ndarray:
    """Distances as whole millimetres, so distance and an id fit one integer sort key."""
    return np.rint(km * 1_000_000).astype(np.int64)


def _nearest_clinics(index: ListingIndex, positions: np.ndarray, query: SearchQuery) -> tuple[np.ndarray, np.ndarray]:
    """Each practitioner's nearest clinic among `positions` within the radius: positions and km."""
    km = haversine_km(index, positions, query.lat, query.lon)
    inside = km <= query.radius_km
    positions, km = positions[inside], km[inside]
    # One integer sort groups each practitioner's clinics, nearest first; keep each group's first.
    # (A radius is at most a few thousand km, so millimetres need 32 bits; ids need fewer than 31.)
    owners = index.practitioner_id[positions]
    order = np.argsort((owners << 32) | _millimetres(km))
    positions, km, owners = positions[order], km[order], owners[order]
    first = np.ones(len(positions), dtype=bool)
    first[1:] = owners[1:] != owners[:-1]
    return positions[first], km[first]


def _page_order(key: np.ndarray, end: int) -> np.ndarray:
    """Indices of the `end` smallest keys in order, partitioning first when that is fewer than all."""
    if end >= len(key):
        return np.argsort(key)
    nearest = np.argpartition(key, end - 1)[:end]
    return nearest[np.argsort(key[nearest])]


def _order(index: ListingIndex, positions: np.ndarray, km: np.ndarray, query: SearchQuery, end: int) -> np.ndarray:
    """Indices of the first `end` results in page order: by distance then practitioner id, or years first."""
    by_distance = (_millimetres(km) << 31) | index.practitioner_id[positions]  # distance, then practitioner id
    if query.sort == "years":  # unknown dates are NEVER, so they sort last
        return np.lexsort((by_distance, index.practising_from[positions]))[:end]
    return _page_order(by_distance, end)


def _page(index: ListingIndex, positions: np.ndarray, km: np.ndarray, order: np.ndarray) -> list[Ranked]:
    """The Ranked rows of the results at `order`."""
    return [Ranked(float(km[i]), int(index.clinic_id[positions[i]]), int(index.practitioner_id[positions[i]]),
                   _date(int(index.practising_from[positions[i]]))) for i in order]


def rank(query: SearchQuery, today: date) -> tuple[int, list[Ranked]]:
    """The total and the requested page of (km, clinic, practitioner, practising_from), in order.

    Ranked in this worker's index, or on PostGIS when `SEARCH_BACKEND` says so (directory/postgis.py).
    """
    if postgis.backend() == "postgis":
        return _rank_postgis(query, today)
    index = current_index()
    positions, km = _nearest_clinics(index, _matching(index, query, today), query)
    start, end = (query.page - 1) * query.per_page, query.page * query.per_page
    return len(positions), _page(index, positions, km, _order(index, positions, km, query, end)[start:end])


def _rank_postgis(query: SearchQuery, today: date) -> tuple[int, list[Ranked]]:
    """The same ranking over rows PostGIS returns nearest first, reading more until the page is settled."""
    cutoff = years_cutoff(today, query.min_years) if query.min_years else None
    start, end = (query.page - 1) * query.per_page, query.page * query.per_page
    limit = 2 * end + postgis.EXTRA_ROWS  # a practitioner has 1.3 clinics on average
    while True:
        rows, total = postgis.nearest_rows(query, today, cutoff, limit)
        positions, km = _nearest_clinics(rows, np.arange(rows.clinic_id.size), query)
        order = _order(rows, positions, km, query, end)
        # Done when every clinic within the radius was read, or none left unread could enter the page.
        if rows.clinic_id.size < limit or _settled(rows, positions, km, order, end, query):
            return total, _page(rows, positions, km, order[start:end])
        limit *= 4


def _settled(rows: ListingIndex, positions: np.ndarray, km: np.ndarray, order: np.ndarray, end: int,
             query: SearchQuery) -> bool:
    """True when no clinic after the last row read could still rank among the first `end` results.

    Rows come nearest first (by "practising from" first when sorting by years), so the last row
    bounds every unread one; a metre of margin covers PostGIS's sphere being 3 cm smaller.
    """
    if len(order) < end:
        return False
    last, kth = rows.clinic_id.size - 1, order[end - 1]
    last_km = float(haversine_km(rows, np.array([last]), query.lat, query.lon)[0]) - postgis.SLACK_M / 1000
    if query.sort == "years":
        last_from, kth_from = int(rows.practising_from[last]), int(rows.practising_from[positions[kth]])
        if last_from != kth_from:
            return last_from > kth_from
    return last_km > float(km[kth])


def _date(day: int) -> date | None:
    """A date from the index's day number, None when unknown."""
    return None if day == NEVER else EPOCH + timedelta(days=day)


def search(query: SearchQuery, today: date | None = None) -> SearchResult:
    """Find listed practitioners within the radius, sorted and paginated (ranked in the worker's index)."""
    today = today or clock.today()
    total, page = rank(query, today)
    return SearchResult(query, total, _load_hits(query, page, today))


def _load_hits(query: SearchQuery, page: list[Ranked], today: date) -> list[Hit]:
    """Load the page's practitioners with their clinics in one query, their credentials in one, then their treatments.

    Rows are re-checked here: a clinic deleted or a practitioner delisted since the index was
    built is left out rather than shown (or failing the page).
    """
    if not page:
        return []
    pairs = {clinic.id: (practitioner, clinic) for practitioner, clinic in db.session.execute(
        select(Practitioner, Clinic).join(Clinic, Clinic.practitioner_id == Practitioner.id)
        .where(Clinic.id.in_([r.clinic_id for r in page]), listed(Practitioner, today))
        .options(selectinload(Practitioner.credentials)))}  # for the registration line, in one query
    page = [r for r in page if r.clinic_id in pairs]
    offered = offerings_of([r.practitioner_id for r in page])
    per_unit = KM_PER_MILE if query.unit == "mi" else 1.0
    return [Hit(*pairs[r.clinic_id], r.km / per_unit, whole_years(r.practising_from, today),
                tuple(TreatmentTag(o.treatment.slug, o.treatment.name) for o in offered.get(r.practitioner_id, ())),
                result_offering(offered.get(r.practitioner_id, ()), query.treatment), bool(query.treatment))
            for r in page]


def offerings_of(practitioner_ids: list[int]) -> dict[int, list[Offering]]:
    """The offerings of each practitioner with their treatments, by treatment name, in one query."""
    offered: dict[int, list[Offering]] = {}
    for offering in db.session.scalars(
            select(Offering).join(Treatment).options(contains_eager(Offering.treatment))
            .where(Offering.practitioner_id.in_(practitioner_ids)).order_by(Treatment.name, Treatment.slug)):
        offered.setdefault(offering.practitioner_id, []).append(offering)
    return offered


def result_offering(offerings, treatment: str | None = None) -> Offering | None:
    """The treatment a result is for: the one searched for, else the cheapest with a price (then first by name).

    An offering without a price (imported ones start at zero) comes last, so a card's "from" price and its
    free times are for the same treatment whenever any treatment has a price.
    """
    if treatment:
        return next((o for o in offerings if o.treatment.slug == treatment), None)
    return min(offerings, key=lambda o: (o.price_from_minor <= 0, o.price_from_minor, o.treatment.name), default=None)

