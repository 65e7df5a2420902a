"""Where the search's time goes, and what other layouts would buy; on scratch databases only.

    .venv/bin/python bench/search.py --keep /tmp/vb ...        # builds and keeps the databases
    .venv/bin/python bench/experiments.py /tmp/vb/bench-100000.sqlite3 /tmp/vb/bench-1000000.sqlite3

Adds bench_* tables to the scratch files it is given; never touches the app's code or database.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

from sqlalchemy import event  # noqa: E402
from sqlalchemy.dialects import sqlite  # noqa: E402

import directory.search as service  # noqa: E402
from bench import variants  # noqa: E402
from bench.search import CITIES, city_query, make_app, percentile, timed  # noqa: E402
from extensions import db  # noqa: E402


def cpu_ms(call, reps: int) -> float:
    """Median CPU milliseconds of a call (after one warm-up), a fresh session each time."""
    _, cpu, _ = timed(call, reps, 1, 60)
    return percentile(cpu, 50)


def candidate_sql(query, today) -> str:
    """The service's candidate statement as literal SQL, captured from the real code path."""
    captured, execute = {}, db.session.execute

    def capture(statement, *args, **kwargs):
        captured["s"] = statement
        return execute(statement, *args, **kwargs)

    db.session.execute = capture
    try:
        service._candidates(query, today)
    finally:
        db.session.execute = execute
    return str(captured["s"].compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def breakdown(query, today, reps: int) -> dict[str, float]:
    """CPU ms of each step of directory/search.py, plus the bare SQL through the sqlite3 driver."""
    raw_sql = candidate_sql(query, today)
    rows = list(service._candidates(query, today))
    db.session.remove()

    def rank():
        matches = service._nearest_per_practitioner(query, rows, today)
        matches.sort(key=lambda m: (m[0], m[2]))
        return matches

    page = rank()[:query.per_page]
    return {
        "candidate rows": len(rows),
        "SQL in SQLite (driver fetchall)": cpu_ms(
            lambda: db.session.connection().exec_driver_sql(raw_sql).fetchall(), reps),
        "SQL + SQLAlchemy rows": cpu_ms(lambda: list(service._candidates(query, today)), reps),
        "Python haversine + nearest + sort": cpu_ms(rank, reps),
        "_load_hits (20 practitioners)": cpu_ms(lambda: service._load_hits(query, page), reps),
        "  same without credentials": cpu_ms(
            lambda: variants.lean_hits(query, [(m[2], m[1], m[0], None) for m in page], today), reps),
    }


def run_variant(name: str, ranker, query, today, reference, reps: int) -> dict:
    """Time ranker + lean hit loading end to end, and check it answers as the service does."""
    def call():
        total, page = ranker(query, today)
        return total, variants.lean_hits(query, page, today)

    wall, cpu, (total, hits) = timed(call, reps, 2, 90)
    same = total == reference.total and [(h.practitioner.id, h.clinic.id) for h in hits] == reference.ids
    close = all(abs(a.distance - b.distance) < 1e-9 and a.years == b.years for a, b in zip(hits, reference.hits))
    return {"name": name, "total": total, "wall": percentile(wall, 50), "cpu": percentile(cpu, 50),
            "same": same and close}


def set_pragmas(engine, pragmas: list[str]) -> None:
    """Apply extra pragmas to every new connection of the engine (bench-only), starting afresh."""
    @event.listens_for(engine, "connect")
    def _extra(dbapi_connection, _record):
        for pragma in pragmas:
            dbapi_connection.execute(f"PRAGMA {pragma}")
    engine.dispose()


def experiment(db_path: Path, reps: int) -> None:
    """Breakdown and variants for each city on one database."""
    app, today = make_app(db_path), date.today()
    with app.app_context():
        print(f"\n== {db_path.name}")
        seconds = variants.ensure_listing()
        print(f"  denormalised listing + R*Tree built in {seconds:.1f} s" if seconds else "  listing present")
        db.session.remove()
        for city in CITIES:
            query = city_query(city)
            print(f"\n  {city} centre, 10 mi, page 1 of 20 — CPU ms p50 by step of directory/search.py:")
            for step, value in breakdown(query, today, reps).items():
                print(f"    {step:<36} {value:>9.1f}" if isinstance(value, float) else f"    {step:<36} {value:>9,}")
            reference = service.search(query, today)
            reference.ids = [(h.practitioner.id, h.clinic.id) for h in reference.hits]
            wall, cpu, _ = timed(lambda: service.search(query, today), reps, 2, 90)
            results = [{"name": "service as is", "total": reference.total, "wall": percentile(wall, 50),
                        "cpu": percentile(cpu, 50), "same": True}]
            for name, ranker in (("SQL distance+count+page, today's tables", variants.rank_sql_current_schema),
                                 ("denormalised listing, covering index", variants.rank_denormalised),
                                 ("denormalised listing, R*Tree", variants.rank_rtree),
                                 ("denormalised listing, Python loop", variants.rank_python_lean),
                                 ("denormalised listing, numpy", variants.rank_numpy)):
                results.append(run_variant(name, ranker, query, today, reference, reps))
            print(f"    {'variant':<44} {'total':>7} {'wall p50':>9} {'CPU p50':>8}  same answer")
            for r in results:
                print(f"    {r['name']:<44} {r['total']:>7,} {r['wall']:>9.1f} {r['cpu']:>8.1f}  "
                      f"{'yes' if r['same'] else 'NO'}")
        set_pragmas(db.engine, ["cache_size=-65536", "mmap_size=1073741824"])
        for city in CITIES:
            query = city_query(city)
            wall, cpu, _ = timed(lambda: service.search(query, today), reps, 2, 90)
            print(f"  service with cache_size 64 MB + mmap 1 GB, {city}: wall p50 {percentile(wall, 50):.1f} ms, "
                  f"CPU p50 {percentile(cpu, 50):.1f} ms")
        db.engine.dispose()


def main(argv=None) -> int:
    """Run the experiments on each database given."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("databases", nargs="+", type=Path)
    parser.add_argument("--reps", type=int, default=30)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    for path in args.databases:
        experiment(path, args.reps)
    print(f"\nexperiments took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
