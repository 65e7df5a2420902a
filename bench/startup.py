"""One fresh web worker's start-up: time to its first search answer and its memory (RSS from /proc).

    .venv/bin/python bench/startup.py DATABASE_URL BACKEND [--queries 20]

Prints one JSON line: seconds from the process starting to the app being ready and to the first
answer (a 10-mile search around London), and VmRSS / VmHWM (peak) in MB after the first answer and
after `--queries` more searches. bench/postgis.py runs it once per backend and database.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

LONDON = (51.5072, -0.1276)


def process_age() -> float:
    """Seconds since this process started, from /proc (so interpreter start-up counts too)."""
    ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    import os

    return uptime - ticks / os.sysconf("SC_CLK_TCK")


def memory_mb() -> dict[str, float]:
    """This process's resident set now and at its peak, in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {name: int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM")}


def main(argv: list[str]) -> int:
    """Start an app on the database with the backend, answer one search, then more; print the figures."""
    url, backend = argv[0], argv[1]
    queries = int(argv[argv.index("--queries") + 1]) if "--queries" in argv else 20
    from app import create_app
    from core.extensions import db
    from directory.search import SearchQuery, search

    app = create_app(test_config={"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SEARCH_BACKEND": backend,
                                  "GAZETTEER_PATH": str(REPO / "instance" / "gazetteer.sqlite3"),
                                  "RATELIMIT_ENABLED": False})
    ready = process_age()
    with app.app_context():
        query = SearchQuery(lat=LONDON[0], lon=LONDON[1], radius=10)
        total = search(query).total
        first = process_age()
        db.session.remove()
        after_first = memory_mb()
        for n in range(queries):
            search(SearchQuery(lat=LONDON[0] + n * 0.01, lon=LONDON[1], radius=10))
            db.session.remove()
    print(json.dumps({"backend": backend, "app_ready_s": ready, "first_answer_s": first, "total": total,
                      "rss_first_mb": after_first["VmRSS"], "rss_mb": memory_mb()["VmRSS"],
                      "peak_mb": memory_mb()["VmHWM"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
