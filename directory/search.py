"""Radius search: one service function for the search page, the JSON API and the tests."""
import math
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from compliance.badge import Badge, stored_badges
from compliance.sync import badge_filter
from directory.models import Clinic, Offering, Practitioner, Treatment
from directory.services import whole_years
from extensions import db
from geo.distance import EARTH_RADIUS_KM, KM_PER_MILE, bounding_box

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


@dataclass
class Hit:
    """One practitioner in the results, at their nearest matching clinic."""

    practitioner: Practitioner
    clinic: Clinic
    distance: float  # in the query's unit
    years: int
    badge: Badge
    next_available: datetime | None = None  # filled by with_next_available


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


def km_from(lat: float, lon: float):
    """SQL haversine distance in km from a point to a clinic (the same formula as geo.distance)."""
    lat0, lon0 = math.radians(lat), math.radians(lon)
    half_dlat = (func.radians(Clinic.lat) - lat0) / 2
    half_dlon = (func.radians(Clinic.lon) - lon0) / 2
    a = (func.sin(half_dlat) * func.sin(half_dlat)
         + math.cos(lat0) * func.cos(func.radians(Clinic.lat)) * func.sin(half_dlon) * func.sin(half_dlon))
    return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(a))


def _filters(query: SearchQuery, today: date) -> list:
    """Conditions on clinics: inside a bounding box, listed today, and the patient's filters."""
    boxes = [and_(Clinic.lat.between(lo_lat, hi_lat), Clinic.lon.between(lo_lon, hi_lon))
             for lo_lat, hi_lat, lo_lon, hi_lon in bounding_box(query.lat, query.lon, query.radius_km)]
    conditions = [or_(*boxes), Clinic.listed_until >= today]
    if query.min_years:
        conditions.append(Clinic.practising_from <= years_cutoff(today, query.min_years))
    if query.treatment:
        conditions.append(exists().where(
            Offering.practitioner_id == Clinic.practitioner_id, Offering.treatment_id == Treatment.id,
            Treatment.slug == query.treatment))
    if query.profession or query.badge or query.no_human_exosomes:
        practitioner = select(Practitioner.id).where(Practitioner.id == Clinic.practitioner_id)
        if query.profession:
            practitioner = practitioner.where(Practitioner.profession == query.profession)
        if query.badge or query.no_human_exosomes:
            practitioner = practitioner.where(badge_filter(query.badge, query.no_human_exosomes))
        conditions.append(practitioner.exists())
    return conditions


def _nearest_clinics(query: SearchQuery, today: date):
    """Each matching practitioner's nearest clinic within the radius, as a subquery."""
    km = km_from(query.lat, query.lon)
    ranked = (select(Clinic.id.label("clinic_id"), Clinic.practitioner_id, Clinic.practising_from,
                     km.label("km"),
                     func.row_number().over(partition_by=Clinic.practitioner_id, order_by=(km, Clinic.id))
                     .label("nearness"))
              .where(*_filters(query, today)).subquery())
    return (select(ranked.c.clinic_id, ranked.c.practitioner_id, ranked.c.km, ranked.c.practising_from)
            .where(ranked.c.nearness == 1, ranked.c.km <= query.radius_km).subquery())


def search(query: SearchQuery, today: date | None = None) -> SearchResult:
    """Find listed practitioners within the radius, sorted and paginated, ranked inside the database."""
    today = today or date.today()
    nearest = _nearest_clinics(query, today)
    order = (nearest.c.km, nearest.c.practitioner_id)
    if query.sort == "years":
        order = (nearest.c.practising_from.is_(None), nearest.c.practising_from) + order
    rows = db.session.execute(
        select(nearest, func.count().over().label("total")).order_by(*order)
        .limit(query.per_page).offset((query.page - 1) * query.per_page)).all()
    total = rows[0].total if rows else db.session.scalar(select(func.count()).select_from(nearest))
    page = [(row.km, row.clinic_id, row.practitioner_id, whole_years(row.practising_from, today)) for row in rows]
    return SearchResult(query, total, _load_hits(query, page))


def _load_hits(query: SearchQuery, page: list[tuple]) -> list[Hit]:
    """Load the page's practitioners and clinics in two queries and build the hits."""
    if not page:
        return []
    practitioners = {p.id: p for p in db.session.scalars(
        select(Practitioner).where(Practitioner.id.in_([m[2] for m in page]))
        .options(selectinload(Practitioner.offerings).selectinload(Offering.treatment)))}
    clinics = {c.id: c for c in db.session.scalars(select(Clinic).where(Clinic.id.in_([m[1] for m in page])))}
    badges = stored_badges(list(practitioners))
    per_unit = KM_PER_MILE if query.unit == "mi" else 1.0
    return [Hit(practitioners[pid], clinics[cid], km / per_unit, years, badges[pid])
            for km, cid, pid, years in page]


def with_next_available(result: SearchResult, now: datetime) -> SearchResult:
    """Add each hit's next free slot (the booking rules decide; see booking.availability)."""
    from booking.availability import next_available_for

    slots = next_available_for([hit.practitioner.id for hit in result.hits], now)
    for hit in result.hits:
        hit.next_available = slots.get(hit.practitioner.id)
    return result
