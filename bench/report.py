"""The closing summary: one table to paste into an issue note."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass

TARGET_P50_MS = {100_000: 10.0, 1_000_000: 30.0}  # the search's p50 targets by database size


@dataclass
class Row:
    """Figures for one city query on one database size."""

    size: int
    city: str
    total: int
    reps: int
    p50: float
    p95: float
    cpu_p50: float
    naive_reps: int
    naive_p50: float
    build_s: float = math.nan
    db_mb: float = math.nan
    distance_error: float = math.nan
    distances_checked: int = 0

    @property
    def speedup(self) -> float:
        """How many times faster the service is than the naive scan (p50 over p50)."""
        return self.naive_p50 / self.p50 if self.p50 else math.inf

    @property
    def verdict(self) -> str:
        """Met or missed against the p50 target for the nearest size that has one."""
        size = min(TARGET_P50_MS, key=lambda s: abs(math.log(s / self.size)))
        target = TARGET_P50_MS[size]
        return f"{'met' if self.p50 <= target else 'MISSED'} (≤ {target:g} ms)"


def print_summary(rows: list[Row], http: tuple[str, dict] | None, phases: dict[str, float],
                  load: tuple[float, float] = (math.nan, math.nan)) -> None:
    """Print the search table, the HTTP table and the phase timings as Markdown."""
    print("\n## Search bench summary\n")
    if not rows:
        print("(search timing skipped: --http-only)")
    print("| practitioners | build s | DB MB | query (10 mi, page 1 of 20) | total | service p50 ms | p95 ms "
          "| CPU p50 ms | naive p50 ms | speed-up | p50 target | max dist err |")
    print("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        print(f"| {r.size:,} | {r.build_s:.0f} | {r.db_mb:.0f} | {r.city} centre | {r.total:,} | {r.p50:.1f} "
              f"| {r.p95:.1f} | {r.cpu_p50:.1f} | {r.naive_p50:.0f} | {r.speedup:.1f}x | {r.verdict} | {r.distance_error * 100:.3f}% |")
    if http:
        name, figures = http
        trivial = figures.get("/healthz", {}).get("rps") or math.nan
        print(f"\nHTTP on {name}: gunicorn -w 2 (sync), wrk -t2 -c16, same machine\n")
        print("| path | req/s | p50 ms | p99 ms | server CPU ms/req | vs /healthz | errors |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for path, f in figures.items():
            print(f"| `{path}` | {f['rps']:.0f} | {f['p50_ms']:.1f} | {f['p99_ms']:.1f} | {f['server_cpu_ms']:.1f} "
                  f"| {f['rps'] / trivial:.2f} "
                  f"| {f['non_2xx'] + f['socket_errors']} |")
        print("\nAim: search ≥ 0.5 of /healthz req/s.")
    print("\nPhase timings: " + "; ".join(f"{name} {seconds:.0f} s" for name, seconds in phases.items()))
    print(f"Load average (1 min) at start {load[0]:.1f}, at end {load[1]:.1f}, on {os.cpu_count()} CPUs: "
          "wall times above that many busy CPUs include waiting for other work; CPU p50 does not.")
