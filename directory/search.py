"""Radius search: one service function for the search page, the JSON API and the tests."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from compliance.badge import Badge, badges_for
from compliance.sync import badge_filter
from credentials.services import has_current_registration, verified_registration_since
from directory.models import Clinic, Offering, Practitioner, Treatment
from directory.services import whole_years
from extensions import db
from geo.distance import KM_PER_MILE, bounding_box, haversine

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


def _candidates(query: SearchQuery, today: date):
    """Rows (clinic id, practitioner id, lat, lon, since) inside the radius's bounding boxes."""
    since = func.coalesce(verified_registration_since(Practitioner.id, today), Practitioner.practising_since)
    boxes = [and_(Clinic.lat.between(lo_lat, hi_lat), Clinic.lon.between(lo_lon, hi_lon))
             for lo_lat, hi_lat, lo_lon, hi_lon in bounding_box(query.lat, query.lon, query.radius_km)]
    statement = (select(Clinic.id, Clinic.practitioner_id, Clinic.lat, Clinic.lon, since.label("since"))
                 .join(Practitioner, Practitioner.id == Clinic.practitioner_id)
                 .where(or_(*boxes), Practitioner.suspended_at.is_(None),
                        has_current_registration(Practitioner.id, today)))
    if query.min_years:
        statement = statement.where(since <= years_cutoff(today, query.min_years))
    if query.profession:
        statement = statement.where(Practitioner.profession == query.profession)
    if query.badge or query.no_human_exosomes:
        statement = statement.where(badge_filter(query.badge, query.no_human_exosomes))
    if query.treatment:
        statement = statement.where(exists().where(
            Offering.practitioner_id == Practitioner.id, Offering.treatment_id == Treatment.id,
            Treatment.slug == query.treatment))
    return db.session.execute(statement)


def _nearest_per_practitioner(query: SearchQuery, rows, today: date) -> list[tuple]:
    """Exact distances for candidates: keep those in range, one per practitioner, nearest first."""
    nearest = {}
    for clinic_id, practitioner_id, lat, lon, since in rows:
        km = haversine(query.lat, query.lon, lat, lon)
        if km <= query.radius_km and (practitioner_id not in nearest or km < nearest[practitioner_id][0]):
            nearest[practitioner_id] = (km, clinic_id, practitioner_id, whole_years(since, today))
    return list(nearest.values())


def search(query: SearchQuery, today: date | None = None) -> SearchResult:
    """Find listed practitioners within the radius, sorted and paginated."""
    today = today or date.today()
    matches = _nearest_per_practitioner(query, _candidates(query, today), today)
    if query.sort == "years":
        matches.sort(key=lambda m: (-m[3], m[0], m[2]))
    else:
        matches.sort(key=lambda m: (m[0], m[2]))
    start = (query.page - 1) * query.per_page
    page = matches[start:start + query.per_page]
    return SearchResult(query, len(matches), _load_hits(query, page))


def _load_hits(query: SearchQuery, page: list[tuple]) -> list[Hit]:
    """Load the page's practitioners and clinics in two queries and build the hits."""
    if not page:
        return []
    practitioners = {p.id: p for p in db.session.scalars(
        select(Practitioner).where(Practitioner.id.in_([m[2] for m in page]))
        .options(selectinload(Practitioner.offerings).selectinload(Offering.treatment),
                 selectinload(Practitioner.credentials)))}
    clinics = {c.id: c for c in db.session.scalars(select(Clinic).where(Clinic.id.in_([m[1] for m in page])))}
    badges = badges_for(list(practitioners))
    per_unit = KM_PER_MILE if query.unit == "mi" else 1.0
    return [Hit(practitioners[pid], clinics[cid], km / per_unit, years, badges[pid])
            for km, cid, pid, years in page]
