"""The in-memory listing index: same answers as a plain scan, and rebuilt whenever search data changes."""
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select

from app import create_app
from directory.index import current_generation, current_index
from directory.models import Clinic, Practitioner, SearchGeneration
from directory.search import SearchQuery, search
from directory.services import whole_years
from core.extensions import db
from geo.distance import KM_PER_MILE, haversine
from core import clock

TODAY = date(2026, 11, 22)
MANCHESTER = (53.4794, -2.2453)
PROFESSIONS = ("doctor", "nurse_prescriber", "aesthetic_therapist")


def plain_search(query: SearchQuery, today: date) -> tuple[int, list[tuple[int, int, float]]]:
    """Every practitioner, every clinic, in Python: the rules written the slow obvious way."""
    nearest = {}
    for practitioner in db.session.scalars(select(Practitioner)):
        registrations = [c for c in practitioner.credentials if c.kind == "registration" and c.status == "verified"]
        since = min([c.issued_on for c in registrations if c.issued_on],
                    default=practitioner.practising_since)  # a verified date outranks the declared
        listed = practitioner.suspended_at is None and any(c.is_current(today) for c in registrations)
        if not listed or whole_years(since, today) < query.min_years:
            continue
        if query.min_years and since is None:
            continue
        if query.profession and practitioner.profession != query.profession:
            continue
        if query.treatment and query.treatment not in {o.treatment.slug for o in practitioner.offerings}:
            continue
        for clinic in practitioner.clinics:
            km = haversine(query.lat, query.lon, clinic.lat, clinic.lon)
            best = nearest.get(practitioner.id)
            if km <= query.radius_km and (best is None or (km, clinic.id) < (best[0], best[1])):
                nearest[practitioner.id] = (km, clinic.id, practitioner.id, since or date.max)
    key = (lambda m: (m[0], m[2])) if query.sort == "distance" else (lambda m: (m[3], m[0], m[2]))
    ranked = sorted(nearest.values(), key=key)
    start = (query.page - 1) * query.per_page
    return len(ranked), [(pid, cid, km) for km, cid, pid, _ in ranked[start:start + query.per_page]]


@pytest.fixture(autouse=True)
def in_memory_index(app_config):
    """These tests are about the in-memory index, which PostgreSQL with PostGIS would not use by default."""
    app_config["SEARCH_BACKEND"] = "index"


def random_practitioner(make_practitioner, rng: random.Random, clinics: list[dict], slugs: list[str]) -> None:
    """A practitioner at these clinics in a random listing state: profession, years, treatments, expiry, suspension."""
    practitioner = make_practitioner(
        profession=rng.choice(PROFESSIONS), practising_since=date(rng.randint(1995, 2026), rng.randint(1, 12), 1),
        clinics=clinics, treatments=rng.sample(slugs, rng.randint(1, 3)), verified=rng.random() < 0.85,
        registration_expires=TODAY + timedelta(days=rng.randint(-60, 400)))
    if rng.random() < 0.08:
        practitioner.suspended_at = clock.now()


@pytest.fixture
def crowd(make_practitioner, catalogue):
    """Sixty practitioners around Manchester in every listing state, with 1-3 clinics each."""
    rng = random.Random(20261122)
    slugs = sorted(catalogue)[:4]
    for n in range(60):
        clinics = [{"name": f"Clinic {n}-{k}", "lat": MANCHESTER[0] + rng.uniform(-0.3, 0.3),
                    "lon": MANCHESTER[1] + rng.uniform(-0.5, 0.5)} for k in range(rng.randint(1, 3))]
        random_practitioner(make_practitioner, rng, clinics, slugs)
    db.session.commit()
    return rng, slugs


def test_the_index_answers_like_a_plain_scan(crowd):
    rng, slugs = crowd
    for _ in range(60):
        query = SearchQuery(
            lat=MANCHESTER[0] + rng.uniform(-0.2, 0.2), lon=MANCHESTER[1] + rng.uniform(-0.3, 0.3),
            radius=rng.choice([1, 3, 5, 10, 25]), unit=rng.choice(["mi", "km"]),
            min_years=rng.choice([0, 0, 5, 10]), treatment=rng.choice([None, None, *slugs]),
            profession=rng.choice([None, None, *PROFESSIONS]), sort=rng.choice(["distance", "years"]),
            page=rng.choice([1, 1, 2]), per_page=rng.choice([5, 20]))
        result = search(query, TODAY)
        total, page = plain_search(query, TODAY)
        per_km = KM_PER_MILE if query.unit == "mi" else 1.0
        assert result.total == total, query
        assert [(h.practitioner.id, h.clinic.id) for h in result.hits] == [p[:2] for p in page], query
        assert [h.distance * per_km for h in result.hits] == pytest.approx([p[2] for p in page], rel=1e-9)


def test_a_commit_by_another_worker_reaches_this_workers_index(app, app_config, make_practitioner):
    doctor = make_practitioner(name="Dr Soon Suspended")
    query = SearchQuery(lat=MANCHESTER[0], lon=MANCHESTER[1], radius=5)
    assert [h.practitioner.name for h in search(query, TODAY).hits] == ["Dr Soon Suspended"]

    other_worker = create_app(app_config)  # its own extensions, sessions and index
    with other_worker.app_context():
        db.session.get(Practitioner, doctor.id).suspended_at = clock.now()
        db.session.commit()
    db.session.rollback()  # end this session's read transaction, as the end of a request would

    assert search(query, TODAY).total == 0


def test_the_index_is_reused_until_search_data_changes(app, make_practitioner):
    doctor = make_practitioner()
    first = current_index()
    db.session.commit()  # a commit that changed nothing
    assert current_index() is first

    db.session.get(Clinic, doctor.clinics[0].id).lat += 0.01
    db.session.commit()
    rebuilt = current_index()
    assert rebuilt is not first
    assert rebuilt.lat.tolist() == [pytest.approx(53.4894)]


def test_a_credential_change_changes_the_token(app, make_practitioner):
    doctor = make_practitioner()
    token = current_generation()
    doctor.credentials[0].status = "pending"  # only the credential changes; listed_until follows in SQL
    db.session.commit()
    assert current_generation() != token
    assert search(SearchQuery(lat=MANCHESTER[0], lon=MANCHESTER[1], radius=5), clock.today()).total == 0


def test_a_rolled_back_change_keeps_the_token(app, make_practitioner):
    doctor = make_practitioner()
    token = current_generation()
    doctor.name = "Changed then rolled back"
    db.session.flush()
    db.session.rollback()
    assert current_generation() == token
    db.session.commit()
    assert current_generation() == token


def test_a_bulk_delete_changes_the_token(app, make_practitioner):
    make_practitioner()
    assert current_index().clinic_id.size == 1
    db.session.execute(delete(Clinic))
    db.session.commit()
    assert current_index().clinic_id.size == 0


def test_a_missing_token_row_is_created_by_the_next_change(app, make_practitioner):
    db.session.execute(delete(SearchGeneration))
    db.session.commit()
    assert current_generation() is None
    make_practitioner()
    assert current_generation() is not None
    assert current_index().clinic_id.size == 1


def test_practitioners_at_one_address_page_by_id(make_practitioner):
    """Equal distances order by practitioner id, so pages neither repeat nor skip anyone."""
    same_place = [{"name": "Shared rooms", "lat": 53.49, "lon": -2.25}]
    ids = [make_practitioner(clinics=same_place).id for _ in range(5)]
    query = dict(lat=MANCHESTER[0], lon=MANCHESTER[1], radius=5, per_page=2)
    pages = [search(SearchQuery(**query, page=page), TODAY).hits for page in (1, 2, 3)]
    assert [hit.practitioner.id for hits in pages for hit in hits] == sorted(ids)


def wait_for_rebuild(app, timeout: float = 20.0) -> None:
    """Wait until the background rebuild has swapped in an index at the stored token."""
    import time

    from directory.index import CACHE_KEY

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cache = app.extensions[CACHE_KEY]
        if not cache["rebuilding"] and cache["index"].generation == current_generation():
            return
        time.sleep(0.05)
    raise AssertionError("the listing index was not rebuilt in time")


def test_a_large_index_rebuilds_in_the_background_and_never_shows_the_delisted(app, make_practitioner):
    app.config["SEARCH_INDEX_SYNC_LIMIT"] = 0  # every index counts as large
    staying = make_practitioner(name="Dr Staying")
    leaving = make_practitioner(name="Dr Leaving")
    query = SearchQuery(lat=MANCHESTER[0], lon=MANCHESTER[1], radius=5)
    assert search(query, TODAY).total == 2

    db.session.get(Practitioner, leaving.id).suspended_at = clock.now()
    db.session.commit()
    assert [h.practitioner.id for h in search(query, TODAY).hits] == [staying.id]  # old index, re-checked
    wait_for_rebuild(app)
    db.session.rollback()
    assert search(query, TODAY).total == 1


def test_a_clinic_gone_behind_the_index_is_left_out(app, make_practitioner):
    from sqlalchemy import text

    doctor = make_practitioner(clinics=[{"name": "Kept"}, {"name": "Gone", "lat": 53.4795}])
    query = SearchQuery(lat=53.4795, lon=MANCHESTER[1], radius=5)
    assert search(query, TODAY).hits[0].clinic.name == "Gone"
    gone = next(c.id for c in doctor.clinics if c.name == "Gone")
    db.session.execute(text("DELETE FROM clinics WHERE id = :id"), {"id": gone})  # no ORM: no new token
    db.session.commit()
    assert search(query, TODAY).hits == []  # the stale row is dropped, not a 500


def test_setting_the_same_values_keeps_the_token(app, make_practitioner):
    doctor = make_practitioner(name="Dr Same")
    token = current_generation()
    doctor.name, doctor.clinics[0].lat = "Dr Same", doctor.clinics[0].lat
    db.session.commit()
    assert current_generation() == token
