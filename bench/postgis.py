"""The in-memory listing index and PostGIS side by side on one PostgreSQL database per size.

Run from the repository root, with a PostgreSQL that has PostGIS (scripts/with-postgres.sh makes one):
    ./scripts/with-postgres.sh .venv/bin/python bench/postgis.py [--sizes 100000,1000000] [--queries 200]
    .venv/bin/python bench/postgis.py --url postgresql+psycopg://verity@127.0.0.1:5432/verity_test --reuse

For each size: build the database (bench/pg_dataset.py; `--reuse` keeps one already built), time the
index build, run the same random queries on both backends (p50/p95 wall time, top 20 compared, every
mismatch printed), time Manchester and London, time an edit until it shows in search, and start a
fresh worker per backend (bench/startup.py: time to the first answer, RSS). Prints a Markdown summary.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

import os  # noqa: E402

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from bench import dataset, pg_dataset  # noqa: E402
from bench.search import percentile  # noqa: E402
from core import clock  # noqa: E402
from core.extensions import db  # noqa: E402
from directory import postgis  # noqa: E402
from directory.index import current_index  # noqa: E402
from directory.models import Clinic, Practitioner, Profession, Treatment  # noqa: E402
from directory.search import SearchQuery, search  # noqa: E402

GAZETTEER = REPO / "instance" / "gazetteer.sqlite3"
BACKENDS = ("index", "postgis")
CITIES = {"Manchester": (53.4794, -2.2453), "London": (51.5072, -0.1276)}
REMOTE = (57.3, -4.6)  # the Highlands, where no bench clinic lies within a kilometre


def parse_args(argv=None) -> argparse.Namespace:
    """Command line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="practitioner counts, comma-separated")
    parser.add_argument("--queries", type=int, default=200, help="random queries compared and timed")
    parser.add_argument("--city-runs", type=int, default=30, help="timed runs of each city query per backend")
    parser.add_argument("--url", default=os.environ.get("TEST_DATABASE_URL"), help="a PostgreSQL URL (server)")
    parser.add_argument("--reuse", action="store_true", help="keep a database of the right size already built")
    args = parser.parse_args(argv)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if not args.url:
        parser.error("give --url or run under scripts/with-postgres.sh")
    return args


def database_for(url: str, size: int) -> str:
    """The URL of this size's database on the server, created (with PostGIS) when missing."""
    base = make_url(url)
    name = f"verity_bench_{size}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def make_app(url: str):
    """The real app factory pointed at a bench database."""
    return create_app(test_config={"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                                   "GAZETTEER_PATH": str(GAZETTEER), "RATELIMIT_ENABLED": False})


def random_queries(count: int, seed: int = 18) -> list[SearchQuery]:
    """Searches around GB and US towns with every filter now and then, as patients ask."""
    rng = random.Random(seed)
    centres = dataset.load_centres(GAZETTEER)
    slugs = list(db.session.scalars(select(Treatment.slug).order_by(Treatment.slug)))
    queries = []
    for _ in range(count):
        town = rng.choice(centres)
        queries.append(SearchQuery(
            lat=town.lat + rng.uniform(-0.05, 0.05), lon=town.lon + rng.uniform(-0.05, 0.05),
            radius=rng.choice((1, 2, 5, 10, 25)), unit=rng.choice(("mi", "km")),
            treatment=rng.choice(slugs) if rng.random() < 0.25 else None,
            profession=rng.choice([p.value for p in Profession]) if rng.random() < 0.2 else None,
            min_years=rng.choice((5, 10)) if rng.random() < 0.15 else 0,
            badge=("undeclared",) if rng.random() < 0.1 else (), sort="years" if rng.random() < 0.1 else "distance",
            page=2 if rng.random() < 0.1 else 1, per_page=20))
    return queries


def timed_search(app, backend: str, query: SearchQuery):
    """One search on a backend as a request runs it: milliseconds and the result."""
    app.extensions[postgis.BACKEND_KEY] = backend
    started = time.perf_counter()
    result = search(query)
    elapsed = (time.perf_counter() - started) * 1000
    db.session.remove()
    return elapsed, result


def answer(result) -> tuple:
    """What must match: the total and the page's practitioners, clinics and distances (to the micrometre)."""
    return result.total, [(h.practitioner.id, h.clinic.id, round(h.distance, 9)) for h in result.hits]


def compare(app, queries: list[SearchQuery]) -> tuple[dict, int]:
    """Each query on both backends (alternating which goes first): times per backend, mismatches printed."""
    times, mismatches = {b: [] for b in BACKENDS}, 0
    for n, query in enumerate(queries):
        answers = {}
        for backend in (BACKENDS if n % 2 else BACKENDS[::-1]):
            elapsed, result = timed_search(app, backend, query)
            times[backend].append(elapsed)
            answers[backend] = answer(result)
        if answers["index"] != answers["postgis"]:
            mismatches += 1
            print(f"  MISMATCH {query}:\n    index   {answers['index']}\n    postgis {answers['postgis']}")
    return times, mismatches


def edit_delay(app, backend: str, clinic_id: int, timeout: float = 180.0) -> float:
    """Seconds from committing a clinic's move to a remote spot until a search there finds it."""
    app.extensions[postgis.BACKEND_KEY] = backend
    query = SearchQuery(lat=REMOTE[0], lon=REMOTE[1], radius=1, unit="km")
    clinic = db.session.get(Clinic, clinic_id)
    home = (clinic.lat, clinic.lon)
    clinic.lat, clinic.lon = REMOTE[0] + 0.001, REMOTE[1]
    db.session.commit()
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < timeout:
            found = clinic_id in [h.clinic.id for h in search(query).hits]
            db.session.remove()
            if found:
                return time.perf_counter() - started
            time.sleep(0.02)
        return float("nan")
    finally:
        clinic = db.session.get(Clinic, clinic_id)
        clinic.lat, clinic.lon = home
        db.session.commit()


def startup(url: str, backend: str) -> dict:
    """A fresh worker process's start-up figures (bench/startup.py)."""
    out = subprocess.run([sys.executable, str(REPO / "bench" / "startup.py"), url, backend],
                         capture_output=True, text=True, check=True, timeout=900)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_size(size: int, args) -> dict:
    """Every figure for one size."""
    url = database_for(args.url, size)
    app = make_app(url)
    print(f"\n== {size:,} practitioners ({make_url(url).database})")
    if args.reuse and pg_dataset.practitioners_in(app) == size:
        print("  reusing the database already built")
    else:
        built = pg_dataset.build(app, size, str(GAZETTEER), clock.today(), log=print)
        print(f"  built in {built['seconds']:.0f} s: {built['counts']}")
    figures = {"size": size}
    with app.app_context():
        app.extensions[postgis.BACKEND_KEY] = "index"
        started = time.perf_counter()
        index = current_index()
        figures["index_build_s"] = time.perf_counter() - started
        figures["index_mb"] = sum(a.nbytes for a in vars(index).values() if hasattr(a, "nbytes")) / 1e6
        figures["clinics"] = int(index.clinic_id.size)
        print(f"  index: {figures['clinics']:,} clinics, {figures['index_mb']:.0f} MB, "
              f"built in {figures['index_build_s']:.1f} s")
        queries = random_queries(args.queries)
        compare(app, queries[:5])  # warm-up: caches on both sides
        times, figures["mismatches"] = compare(app, queries)
        for backend in BACKENDS:
            figures[f"{backend}_p50"], figures[f"{backend}_p95"] = percentile(times[backend], 50), percentile(
                times[backend], 95)
            print(f"  {backend:<8} {args.queries} random queries: p50 {figures[backend + '_p50']:.1f} ms, "
                  f"p95 {figures[backend + '_p95']:.1f} ms")
        print(f"  top 20 compared on {args.queries} queries: {figures['mismatches']} mismatches")
        for city, (lat, lon) in CITIES.items():
            query = SearchQuery(lat=lat, lon=lon, radius=10)
            for backend in BACKENDS:
                runs = [timed_search(app, backend, query)[0] for _ in range(args.city_runs)]
                figures[f"{city}_{backend}"] = (percentile(runs, 50), percentile(runs, 95))
                print(f"  {city:<10} 10 mi {backend:<8} p50 {percentile(runs, 50):.1f} ms, p95 {percentile(runs, 95):.1f}")
        clinic_id = db.session.scalar(select(Clinic.id).join(Practitioner).where(
            Clinic.listed_until.is_not(None), Practitioner.listed_until >= clock.today(), Clinic.country == "US")
            .order_by(Clinic.id).limit(1))
        for backend in ("postgis", "index"):
            app.extensions[postgis.BACKEND_KEY] = backend
            search(SearchQuery(lat=REMOTE[0], lon=REMOTE[1], radius=1, unit="km"))  # the index is current
            db.session.remove()
            figures[f"edit_{backend}_s"] = edit_delay(app, backend, clinic_id)
            print(f"  an edit shows in {backend} search after {figures[f'edit_{backend}_s']:.2f} s")
        db.session.remove()
        db.engine.dispose()
    for backend in BACKENDS:
        figures[f"start_{backend}"] = start = startup(url, backend)
        print(f"  fresh {backend} worker: app ready {start['app_ready_s']:.2f} s, first answer "
              f"{start['first_answer_s']:.2f} s after start, RSS {start['rss_mb']:.0f} MB (peak {start['peak_mb']:.0f})")
    return figures


def summary(rows: list[dict]) -> None:
    """The Markdown tables for bench/README.md."""
    print("\n| clinics | backend | random p50 ms | random p95 ms | Manchester p50 | London p50 | top-20 mismatches "
          "| edit shows after | first answer after start | RSS MB (peak) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        for backend in BACKENDS:
            start = row[f"start_{backend}"]
            print(f"| {row['clinics']:,} | {backend} | {row[backend + '_p50']:.1f} | {row[backend + '_p95']:.1f} "
                  f"| {row['Manchester_' + backend][0]:.1f} | {row['London_' + backend][0]:.1f} | {row['mismatches']} "
                  f"| {row[f'edit_{backend}_s']:.2f} s | {start['first_answer_s']:.2f} s "
                  f"| {start['rss_mb']:.0f} ({start['peak_mb']:.0f}) |")


def main(argv=None) -> int:
    """Run every size, then print the summary."""
    args = parse_args(argv)
    print(f"Verity search backends, {clock.today()}; {args.queries} random queries; load {os.getloadavg()[0]:.1f}")
    rows = [bench_size(size, args) for size in args.sizes]
    summary(rows)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 1 if any(row["mismatches"] for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
