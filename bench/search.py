"""Benchmark the radius search at directory scale: service vs naive scan, distance accuracy, HTTP.

Run from the repository root:
    .venv/bin/python bench/search.py [--sizes 100000,1000000] [--queries 200] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Run as a script, bench/ itself heads sys.path; put the repository there instead.
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

from geopy.distance import geodesic  # noqa: E402

from app import create_app  # noqa: E402
from bench import dataset, http_search, naive  # noqa: E402
from bench.report import Row, print_summary  # noqa: E402
from directory.index import current_index  # noqa: E402
from directory.places import find_place  # noqa: E402
from directory.search import SearchQuery, search  # noqa: E402
from core.extensions import db  # noqa: E402
from core import clock

CITIES = ("Manchester", "London")
GAZETTEER = REPO / "instance" / "gazetteer.sqlite3"
MAX_DISTANCE_ERROR = 0.005


def parse_args(argv=None) -> argparse.Namespace:
    """Command line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="practitioner counts, comma-separated")
    parser.add_argument("--queries", type=int, default=200, help="timed repetitions of each service query")
    parser.add_argument("--naive-queries", type=int, default=5, help="timed repetitions of the naive scan")
    parser.add_argument("--max-seconds", type=float, default=90, help="time budget for one query's repetitions")
    parser.add_argument("--keep", metavar="DIR", help="build the databases in DIR and keep them")
    parser.add_argument("--reuse", action="store_true", help="with --keep, reuse a database already built there")
    parser.add_argument("--http-size", type=int, default=100_000, help="database size served over HTTP")
    parser.add_argument("--wrk-seconds", type=int, default=10, help="duration of each wrk run")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn + wrk phase")
    parser.add_argument("--http-only", action="store_true", help="build (or reuse) the databases, then only HTTP")
    parser.add_argument("--runs", type=int, default=1, help="measured wrk runs per path (the median is reported)")
    parser.add_argument("--places", type=int, default=http_search.PLACES, help="places and radii the search cycles")
    parser.add_argument("--page-cache", default="on,off", help="page cache settings to measure: on, off or both")
    args = parser.parse_args(argv)
    args.page_cache = [s.strip() for s in args.page_cache.split(",") if s.strip()]
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    return args


def make_app(db_path: Path):
    """The real app factory pointed at a scratch database."""
    return create_app(test_config={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "bench",
                                   "GAZETTEER_PATH": str(GAZETTEER), "RATELIMIT_ENABLED": False})


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def timed(call, reps: int, warmup: int, budget: float, min_runs: int = 10) -> tuple[list[float], list[float], object]:
    """Wall and CPU milliseconds per call after a warm-up, with a fresh session each time as a request gets.

    CPU time (this process: Python and SQLite alike) is kept beside wall time because a shared
    machine's other work inflates wall time but not CPU time.
    """
    result = None
    for _ in range(warmup):
        result = call()
        db.session.remove()
    wall, cpu, started = [], [], time.perf_counter()
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        result = call()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
        db.session.remove()
        if time.perf_counter() - started > budget and len(wall) >= min_runs:
            break
    return wall, cpu, result


def city_query(name: str) -> SearchQuery:
    """The centre of a city as the search page resolves it, 10 miles, first page of 20."""
    place = find_place(name)
    return SearchQuery(lat=place.lat, lon=place.lon, radius=10, unit="mi", per_page=20, page=1, label=place.label)


def bench_city(size: int, city: str, today: date, args) -> Row:
    """Service and naive timings for one city, after checking they give the same answer."""
    query = city_query(city)
    times, cpu, result = timed(lambda: search(query, today), args.queries, 5, args.max_seconds)
    naive_times, _, (naive_total, naive_page) = timed(lambda: naive.naive_search(query, today),
                                                      args.naive_queries, 1, args.max_seconds, min_runs=3)
    problems = naive.same_results(result, naive_total, naive_page)
    if problems:
        raise AssertionError(f"{city} at {size:,}: service and naive scan disagree: {'; '.join(problems)}")
    row = Row(size=size, city=city, total=result.total, reps=len(times), p50=percentile(times, 50),
              p95=percentile(times, 95), cpu_p50=percentile(cpu, 50), naive_reps=len(naive_times),
              naive_p50=percentile(naive_times, 50))
    print(f"  {city:<10} total {row.total:>6,}  service p50 {row.p50:7.1f} ms  p95 {row.p95:7.1f} ms  "
          f"CPU p50 {row.cpu_p50:7.1f} ms ({row.reps} runs)  naive p50 {row.naive_p50:7.0f} ms "
          f"({row.naive_reps} runs)  {row.speedup:.1f}x faster; same total and first page")
    return row


def check_distances(today: date, samples: int = 40, seed: int = 7) -> tuple[float, int]:
    """Largest relative error of the service's distances against geopy's WGS84 geodesic."""
    rng = random.Random(seed)
    centres = dataset.load_centres(GAZETTEER)
    points = [(q.lat, q.lon) for q in map(city_query, CITIES)]
    points += [(c.lat + rng.uniform(-0.2, 0.2), c.lon + rng.uniform(-0.2, 0.2)) for c in rng.sample(centres, samples)]
    worst, checked = 0.0, 0
    for lat, lon in points:
        for unit in ("mi", "km"):
            result = search(SearchQuery(lat=lat, lon=lon, radius=25, unit=unit, per_page=50), today)
            for hit in result.hits:
                exact = geodesic((lat, lon), (hit.clinic.lat, hit.clinic.lon))
                exact = exact.miles if unit == "mi" else exact.km
                if exact > 0.05:  # below 50 m both are rounding noise
                    worst, checked = max(worst, abs(hit.distance - exact) / exact), checked + 1
            db.session.remove()
    return worst, checked


def bench_size(size: int, workdir: Path, args, today: date, phases: dict) -> tuple[list[Row], Path]:
    """Build (or reuse) one database, then time, compare and check distances on it."""
    db_path = workdir / f"bench-{size}.sqlite3"
    app = make_app(db_path)
    print(f"\n== {size:,} practitioners ({db_path})")
    t0 = time.perf_counter()
    if args.reuse and db_path.exists():
        print("  reusing the database already built there")
        build = {"seconds": float("nan"), "bytes": _size_on_disk(db_path)}
    else:
        for stale in workdir.glob(db_path.name + "*"):
            stale.unlink()
        build = dataset.build(app, size, str(GAZETTEER), today, log=print)
        counts = ", ".join(f"{n:,} {table}" for table, n in build["counts"].items())
        print(f"  built in {build['seconds']:.1f} s, {build['bytes'] / 1e6:.0f} MB: {counts}")
    phases[f"{size:,}: build"] = time.perf_counter() - t0
    rows = []
    if args.http_only:
        return rows, db_path
    with app.app_context():
        t0 = time.perf_counter()
        index = current_index()  # what each worker does on its first search after a change
        phases[f"{size:,}: index build"] = build_s = time.perf_counter() - t0
        megabytes = sum(a.nbytes for a in vars(index).values() if hasattr(a, "nbytes")) / 1e6
        print(f"  listing index: {index.clinic_id.size:,} clinics, {megabytes:.0f} MB, built in {build_s:.1f} s")
        db.session.remove()
        t0 = time.perf_counter()
        for city in CITIES:
            rows.append(bench_city(size, city, today, args))
        phases[f"{size:,}: service + naive timing"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        worst, checked = check_distances(today)
        phases[f"{size:,}: distance check"] = time.perf_counter() - t0
        db.engine.dispose()
    print(f"  distances: max relative error vs geodesic {worst * 100:.3f}% over {checked:,} hits")
    if worst >= MAX_DISTANCE_ERROR:
        raise AssertionError(f"distance error {worst:.4%} is not below {MAX_DISTANCE_ERROR:.1%}")
    for row in rows:
        row.build_s, row.db_mb, row.distance_error, row.distances_checked = (
            build["seconds"], build["bytes"] / 1e6, worst, checked)
    return rows, db_path


def _size_on_disk(db_path: Path) -> int:
    """Bytes of the database with its WAL and shared-memory files."""
    return sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))


def main(argv=None) -> int:
    """Run every phase, then print the summary."""
    args = parse_args(argv)
    today = clock.today()
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="verity-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Verity search bench, {today}; Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"{platform.machine()} x{_cpus()}; sizes {args.sizes}; {args.queries} queries; work dir {workdir}")
    phases, rows, http, started = {}, [], None, time.perf_counter()
    load_at_start = os.getloadavg()[0]
    try:
        paths = {}
        for size in args.sizes:
            size_rows, paths[size] = bench_size(size, workdir, args, today, phases)
            rows += size_rows
        if not args.no_http:
            t0 = time.perf_counter()
            http_db = paths.get(args.http_size) or paths[min(paths)]
            try:
                http = (http_db.name, http_search.bench_http(http_db, GAZETTEER, args, workdir))
            except Exception as error:  # noqa: BLE001 - report and still print the search summary
                logs = "\n".join(_tail(log) for log in workdir.glob("gunicorn-*.log"))
                print(f"  HTTP phase failed: {error}\n  gunicorn log tail:\n{logs}")
            phases["HTTP (gunicorn + wrk)"] = time.perf_counter() - t0
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    phases["total"] = time.perf_counter() - started
    print_summary(rows, None, phases, (load_at_start, os.getloadavg()[0]))
    if http:
        http_search.print_http_summary(*http, places=args.places)
    return 0


def _tail(path: Path, lines: int = 30) -> str:
    """The end of a log file, indented."""
    if not path.exists():
        return "    (no log)"
    return "\n".join("    " + line for line in path.read_text(errors="replace").splitlines()[-lines:])


def _cpus() -> int:
    """CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    raise SystemExit(main())
