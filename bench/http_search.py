"""The HTTP phase of bench/search.py: /healthz, the search page and the API under gunicorn -w 2, driven by wrk.

The search paths cycle through PLACES different places and radii (bench/load/cycle.lua), so the
figures are not one URL served over and over. Each page cache setting (on: PAGE_CACHE_SECONDS=300;
off: 0) gets its own gunicorn; with the cache on, one unmeasured wrk run first fills it (each worker
keeps its own entries, as a single server without REDIS_URL does). The ratios are each path's req/s
over /healthz's in the same gunicorn.
"""
from __future__ import annotations

import math
import urllib.parse
from pathlib import Path

from bench import dataset, http_load

PLACES = 250
RADII = ((1, "mi"), (2, "mi"), (5, "mi"), (10, "mi"), (25, "mi"), (2, "km"), (5, "km"), (10, "km"), (20, "km"))
CYCLE = Path(__file__).resolve().parent / "load" / "cycle.lua"
CACHE_SECONDS = {"on": "300", "off": "0"}


def search_queries(gazetteer: Path, count: int = PLACES) -> list[str]:
    """`count` query strings: the most populous GB and US towns by name (each name once), each with a radius."""
    names = list(dict.fromkeys(centre.name for centre in dataset.load_centres(gazetteer)))[:count]
    return [urllib.parse.urlencode({"near": name, "radius": RADII[number % len(RADII)][0],
                                    "unit": RADII[number % len(RADII)][1]}) for number, name in enumerate(names)]


def write_paths(workdir: Path, queries: list[str]) -> dict[str, Path]:
    """One file of paths per measured kind, for cycle.lua."""
    files = {"/healthz": ["/healthz"], "/search": [f"/search?{q}" for q in queries],
             "/api/v1/practitioners": [f"/api/v1/practitioners?{q}" for q in queries]}
    written = {}
    for kind, paths in files.items():
        written[kind] = workdir / f"paths-{kind.strip('/').replace('/', '-')}.txt"
        written[kind].write_text("\n".join(paths) + "\n")
    return written


def check_every_path(base: str, files: dict[str, Path]) -> None:
    """Ask for each path once (both must answer 200), so a place the gazetteer lacks fails loudly here."""
    for file in files.values():
        for path in file.read_text().split():
            http_load.warm(base + path, requests=1)


def fill(base: str, pid: int, script: list[str], seconds: int, tries: int = 8) -> None:
    """Unmeasured wrk runs until one meets (almost) only kept pages: each worker has built each page once."""
    for _ in range(tries):
        cache = http_load.run_wrk(base + "/", pid, seconds=seconds, script=script)["cache"] or {}
        print(f"    filling the cache: hit {cache.get('hit', 0)} miss {cache.get('miss', 0)}")
        if cache.get("miss", 0) <= 0.01 * max(1, cache.get("hit", 0) + cache.get("miss", 0)):
            return


def measure(base: str, pid: int, files: dict[str, Path], args, cached: bool) -> dict[str, list[dict]]:
    """`args.runs` rounds of one wrk run per kind, /healthz first (after filling the cache when it is on).

    Each round measures every kind back to back, so a round's ratios compare runs minutes apart at most
    on a machine whose load changes.
    """
    scripts = {kind: [str(CYCLE), str(file)] for kind, file in files.items()}
    if cached:
        for kind, script in scripts.items():
            if kind != "/healthz":
                fill(base, pid, script, args.wrk_seconds)
    figures: dict[str, list[dict]] = {kind: [] for kind in files}
    for round_number in range(1, args.runs + 1):
        for kind, script in scripts.items():
            f = http_load.run_wrk(base + "/", pid, seconds=args.wrk_seconds, script=script)
            f["ratio"] = f["rps"] / figures["/healthz"][-1]["rps"] if kind != "/healthz" else 1.0
            figures[kind].append(f)
            cache = f["cache"] or {}
            print(f"  round {round_number} {kind:<24} {f['rps']:8.1f} req/s ({f['ratio']:.2f} of /healthz)  "
                  f"p50 {f['p50_ms']:.1f} ms  p99 {f['p99_ms']:.1f} ms  server CPU {f['server_cpu_ms']:.1f} ms/req  "
                  f"cache hit {cache.get('hit', 0)} miss {cache.get('miss', 0)}  "
                  f"non-2xx {f['non_2xx']}  socket errors {f['socket_errors']}")
    return figures


def bench_http(db_path: Path, gazetteer: Path, args, workdir: Path) -> dict[str, dict[str, list[dict]]]:
    """Figures per page cache setting, per kind of path, per run."""
    files = write_paths(workdir, search_queries(gazetteer, args.places))
    results = {}
    for setting in args.page_cache:
        print(f"\n== HTTP: gunicorn -w 2 on {db_path.name}, PAGE_CACHE_SECONDS={CACHE_SECONDS[setting]}, "
              f"wrk -t2 -c16 -d{args.wrk_seconds}s over {args.places} places and radii")
        with http_load.gunicorn(str(db_path), str(gazetteer), log_path=str(workdir / f"gunicorn-{setting}.log"),
                                settings={"PAGE_CACHE_SECONDS": CACHE_SECONDS[setting]}) as (base, pid):
            check_every_path(base, files)
            results[setting] = measure(base, pid, files, args, setting == "on")
    return results


def print_http_summary(name: str, results: dict[str, dict[str, list[dict]]], places: int = PLACES) -> None:
    """A Markdown table: each setting and path, the median run by req/s, and the median of the rounds' ratios."""
    print(f"\nHTTP on {name}: gunicorn -w 2 (sync), wrk -t2 -c16, {places} places and radii per search path\n")
    print("| page cache | path | runs | req/s (median) | p50 ms | p99 ms | server CPU ms/req | cache hit/miss "
          "| vs /healthz (median of rounds) | each round | errors |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for setting, kinds in results.items():
        for kind, runs in kinds.items():
            middle = sorted(runs, key=lambda f: f["rps"])[len(runs) // 2]
            hits = sum((f["cache"] or {}).get("hit", 0) for f in runs)
            misses = sum((f["cache"] or {}).get("miss", 0) for f in runs)
            errors = sum(f["non_2xx"] + f["socket_errors"] for f in runs)
            ratios = [f["ratio"] for f in runs]
            print(f"| {setting} | `{kind}` | {len(runs)} | {middle['rps']:.0f} | {middle['p50_ms']:.1f} "
                  f"| {middle['p99_ms']:.1f} | {middle['server_cpu_ms']:.1f} | {hits}/{misses} "
                  f"| {_median(ratios):.2f} | {', '.join(f'{r:.2f}' for r in ratios)} | {errors} |")
    print("\nAim (issue 18): /search and /api/v1/practitioners at least 0.5 of /healthz req/s.")


def _median(values: list[float]) -> float:
    """The middle value (the upper one of an even count); NaN for none."""
    return sorted(values)[len(values) // 2] if values else math.nan
