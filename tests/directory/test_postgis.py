"""Search on PostGIS answers exactly as the in-memory index does, and shows an edit at once.

On PostgreSQL (the test cluster has PostGIS) both backends run every query and must agree with each
other and with a plain scan; on SQLite only the index exists, and it is checked against the same scan.
"""
import random
from datetime import date

import pytest
from sqlalchemy import update

from directory import postgis
from directory.index import CACHE_KEY
from directory.models import Clinic, ComplianceBadgeRow, Practitioner
from directory.search import SearchQuery, search
from core.extensions import db
from core.settings import SettingsError, search_backend
from geo.distance import KM_PER_MILE, haversine
from tests.directory.test_index import PROFESSIONS, plain_search, random_practitioner

TODAY = date(2026, 11, 22)
CENTRES = {"Manchester": (53.4794, -2.2453), "London": (51.5072, -0.1276),
           "New York": (40.7128, -74.0060), "Los Angeles": (34.0522, -118.2437)}
EDGE_KM = 7.5  # the clinic on the radius edge is this far from Manchester's centre


def on_postgresql() -> bool:
    """True in the test command's PostgreSQL phase."""
    return db.engine.dialect.name == "postgresql"


def backends() -> list[str]:
    """The backends this database offers: both on PostgreSQL, the index alone on SQLite."""
    return ["index", "postgis"] if on_postgresql() else ["index"]


def run(app, backend: str, query: SearchQuery):
    """One search on the named backend, as a fresh request would run it."""
    app.extensions[postgis.BACKEND_KEY] = backend
    try:
        return search(query, TODAY)
    finally:
        db.session.rollback()


@pytest.fixture
def towns(make_practitioner, catalogue):
    """Practitioners in four UK and US cities in every listing state, badges of every kind, one on a radius edge."""
    rng = random.Random(18)
    slugs = sorted(catalogue)[:4]
    for n in range(32):
        lat, lon = CENTRES[list(CENTRES)[n % 4]]
        clinics = [{"name": f"Clinic {n}-{k}", "lat": lat + rng.uniform(-0.15, 0.15), "lon": lon + rng.uniform(-0.2, 0.2)}
                   for k in range(rng.choice([1, 1, 2, 3]))]
        if n % 9 == 0:  # two practitioners at one address: equal distances page by id
            clinics = [{"name": f"Shared {n}", "lat": lat + 0.01, "lon": lon + 0.01}]
        random_practitioner(make_practitioner, rng, clinics, slugs)
    # A clinic exactly EDGE_KM due north of Manchester's centre.
    make_practitioner(name="Dr Edge", clinics=[{"name": "Edge", "lat": CENTRES["Manchester"][0] + EDGE_KM / 111.195,
                                                "lon": CENTRES["Manchester"][1]}])
    db.session.commit()
    for status, human in (("no_exosomes", False), ("declared_compliant", False), ("verified_compliant", True)):
        ids = rng.sample(sorted(db.session.scalars(db.select(Practitioner.id))), 10)
        db.session.execute(update(ComplianceBadgeRow).where(ComplianceBadgeRow.practitioner_id.in_(ids))
                           .values(status=status, uses_human_exosomes=human))
    db.session.commit()
    return rng, slugs


def test_postgis_answers_like_the_index_and_a_plain_scan(app, towns, monkeypatch):
    rng, slugs = towns
    for n in range(40):
        # Half the searches read PostGIS's rows in small batches, so reading more until the page settles is tested.
        monkeypatch.setattr(postgis, "EXTRA_ROWS", 20 if n % 2 else 0)
        lat, lon = CENTRES[list(CENTRES)[n % 4]]
        query = SearchQuery(
            lat=lat + rng.uniform(-0.1, 0.1), lon=lon + rng.uniform(-0.1, 0.1),
            radius=rng.choice([1, 3, 5, 10, 25]), unit=rng.choice(["mi", "km"]),
            min_years=rng.choice([0, 0, 5, 10]), treatment=rng.choice([None, None, *slugs]),
            profession=rng.choice([None, None, *PROFESSIONS]), sort=rng.choice(["distance", "years"]),
            page=rng.choice([1, 1, 2]), per_page=rng.choice([2, 5, 20]))
        expected_total, expected = plain_search(query, TODAY)
        for backend in backends():
            result = run(app, backend, query)
            per_km = KM_PER_MILE if query.unit == "mi" else 1.0
            assert result.total == expected_total, (backend, query)
            assert [(h.practitioner.id, h.clinic.id) for h in result.hits] == [p[:2] for p in expected], (backend, query)
            assert [h.distance * per_km for h in result.hits] == pytest.approx([p[2] for p in expected], rel=1e-9)
    assert_badge_filters_agree(app)
    assert_the_radius_edge_is_the_same_on_both(app)


def assert_badge_filters_agree(app) -> None:
    """Badge and "no human-derived exosomes" filters give the same page on every backend."""
    lat, lon = CENTRES["London"]
    answers = {}
    for badge, no_human in (((), True), (("no_exosomes",), False), (("declared_compliant", "undeclared"), False),
                            (("verified_compliant",), False), (("verified_compliant",), True)):
        query = SearchQuery(lat=lat, lon=lon, radius=30, badge=badge, no_human_exosomes=no_human, per_page=50)
        for backend in backends():
            result = run(app, backend, query)
            answers.setdefault((badge, no_human), set()).add(
                (result.total, tuple(h.practitioner.id for h in result.hits)))
    assert all(len(found) == 1 for found in answers.values()), answers
    assert answers[(("verified_compliant",), True)] == {(0, ())}  # those all use human-derived exosomes
    assert sum(1 for found in answers.values() for total, _ in found if total) >= 3, answers


def assert_the_radius_edge_is_the_same_on_both(app) -> None:
    """A clinic 2 m inside the radius is found, 2 m outside it is not, on every backend."""
    edge = db.session.scalar(db.select(Clinic).where(Clinic.name == "Edge"))
    centre = CENTRES["Manchester"]
    assert abs(haversine(*centre, edge.lat, edge.lon) - EDGE_KM) < 0.001
    for radius_km, inside in ((EDGE_KM + 0.002, True), (EDGE_KM - 0.002, False)):
        query = SearchQuery(lat=centre[0], lon=centre[1], radius=radius_km, unit="km", per_page=100)
        for backend in backends():
            ids = [h.clinic.id for h in run(app, backend, query).hits]
            assert (edge.id in ids) is inside, (backend, radius_km)


def test_an_edit_is_in_the_next_search_without_a_rebuild(app, make_practitioner):
    lat, lon = CENTRES["New York"]
    query = SearchQuery(lat=lat, lon=lon, radius=5)
    doctor = make_practitioner(name="Dr Moving", clinics=[{"name": "Midtown", "lat": lat, "lon": lon}])
    assert [h.practitioner.name for h in run(app, backends()[-1], query).hits] == ["Dr Moving"]

    db.session.get(Clinic, doctor.clinics[0].id).lat += 1  # moved about 110 km north
    db.session.commit()
    assert run(app, backends()[-1], query).total == 0
    make_practitioner(name="Dr New", clinics=[{"name": "SoHo", "lat": lat + 0.01, "lon": lon}])
    assert [h.practitioner.name for h in run(app, backends()[-1], query).hits] == ["Dr New"]
    # PostGIS held nothing to rebuild; the index (SQLite's only backend) rebuilt on each change.
    assert (CACHE_KEY in app.extensions) is not on_postgresql()


def test_auto_chooses_postgis_on_postgresql_and_the_index_on_sqlite(app):
    app.extensions.pop(postgis.BACKEND_KEY, None)
    assert app.config["SEARCH_BACKEND"] == "auto"
    assert postgis.backend() == ("postgis" if on_postgresql() else "index")
    if not on_postgresql():
        with pytest.raises(RuntimeError, match="needs PostgreSQL with the postgis extension"):
            postgis._decide("postgis")


def test_an_unknown_backend_is_refused_at_start():
    with pytest.raises(SettingsError, match="SEARCH_BACKEND must be auto, index or postgis"):
        search_backend({"SEARCH_BACKEND": "rtree"})
    assert search_backend({}) == "auto" and search_backend({"SEARCH_BACKEND": "PostGIS"}) == "postgis"
