"""After wrk: print the figures of the run and check the bookings it made; the exit status is the verdict.

Reads the "LOAD ..." lines that bench/load/mixed.lua's done() printed into wrk.txt (client side:
requests, latency, answers per kind and status), gunicorn's access log (server-side time per kind),
and the scratch database (bookings made, and no two active bookings of one practitioner overlapping,
by booking.schedule.overlaps, the rule the booking code itself uses).

A 409 to a booking is the app saying "this time was just taken": the right answer when bookings race
or a slot is gone, so it is counted apart and is not an error. Every other answer outside 2xx/3xx is.
"""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bench.load import make_app

KINDS = ("search", "search_api", "profile", "slots_page", "slots_api", "booking", "race")
BOOKING_KINDS = ("booking", "race")
ACCESS = re.compile(r"^(\w+) (\S+) (\d{3}) (\d+)$")


def read_wrk(path: Path) -> dict:
    """The figures mixed.lua printed: totals, latency percentiles, answers per kind and status, race bursts."""
    figures = {"status": defaultdict(lambda: defaultdict(int)), "latency_us": {}, "bursts": []}
    for line in path.read_text().splitlines():
        if not line.startswith("LOAD "):
            continue
        name, *values = line.split()[1:]
        if name == "status":
            figures["status"][values[0]][int(values[1])] += int(values[2])
        elif name == "latency_us":
            figures["latency_us"][int(values[0])] = int(values[1])
        elif name == "race_burst":
            figures["bursts"].append(tuple(map(int, values)))
        elif name == "socket_errors":
            figures[name] = dict(zip(("connect", "read", "write", "timeout"), map(int, values)))
        else:
            figures[name] = int(values[0])
    if "requests" not in figures:
        raise RuntimeError(f"no LOAD lines in {path}: did wrk run the script?")
    return figures


def access_kind(method: str, path: str) -> str:
    """The request kind of an access-log line, from its method and path."""
    if method == "POST" and path == "/api/v1/bookings":
        return "booking"
    if path == "/search":
        return "search"
    if path == "/api/v1/practitioners":
        return "search_api"
    if path.startswith("/api/v1/practitioners/") and path.endswith("/slots"):
        return "slots_api"
    if path.startswith("/practitioners/"):
        return "slots_page" if path.endswith("/book") else "profile"
    return "other"


def server_times(path: Path, skip: int) -> dict[str, list[float]]:
    """Milliseconds gunicorn spent on each request of the run (the lines after `skip`), per kind."""
    times = defaultdict(list)
    if not path.exists():
        return times
    for line in path.read_text().splitlines()[skip:]:
        found = ACCESS.match(line.strip())
        if found:
            times[access_kind(found.group(1), found.group(2))].append(int(found.group(4)) / 1000)
    return times


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def is_error(kind: str, status: int) -> bool:
    """An answer outside 2xx/3xx, except a booking's 409 'slot just taken'."""
    return not 200 <= status < 400 and not (kind in BOOKING_KINDS and status == 409)


def check_bookings(workdir: Path) -> dict:
    """Bookings stored, active ones, and pairs of one practitioner's active bookings that overlap."""
    from booking.models import ACTIVE, Booking
    from booking.schedule import overlaps
    from core.extensions import db

    app = make_app(workdir)
    with app.app_context():
        other = aliased(Booking)
        clashes = db.session.execute(select(Booking.id, other.id, Booking.practitioner_id).join(
            other, (other.practitioner_id == Booking.practitioner_id) & (other.id > Booking.id)).where(
            Booking.status.in_(ACTIVE), other.status.in_(ACTIVE),
            overlaps(Booking.blocked_from, Booking.blocked_until, other.blocked_from, other.blocked_until))).all()
        stored = db.session.scalar(select(func.count()).select_from(Booking))
        active = db.session.scalar(select(func.count()).select_from(Booking).where(Booking.status.in_(ACTIVE)))
        db.engine.dispose()
    return {"stored": stored, "active": active, "clashes": clashes}


def print_table(status: dict, times: dict[str, list[float]]) -> None:
    """Answers per kind and status class, with gunicorn's time per kind."""
    print(f"  {'kind':<11}{'answers':>8}{'2xx':>7}{'3xx':>6}{'4xx':>6}{'5xx':>6}{'errors':>8}"
          f"{'server p50 ms':>15}{'server p99 ms':>15}")
    for kind in KINDS:
        by_status = status.get(kind, {})
        classes = [sum(n for s, n in by_status.items() if s // 100 == c) for c in (2, 3, 4, 5)]
        errors = sum(n for s, n in by_status.items() if is_error(kind, s))
        server = times.get(kind, [])
        timing = (f"{percentile(server, 50):>15.1f}{percentile(server, 99):>15.1f}" if kind != "race"
                  else f"{'(in booking)':>30}")
        print(f"  {kind:<11}{sum(by_status.values()):>8,}" + "".join(f"{n:>{w},}" for n, w in
              zip(classes, (7, 6, 6, 6))) + f"{errors:>8,}{timing}")


def tally(status: dict) -> dict:
    """Answers in all, per status class, errors, and the bookings' 201s, 409s and total."""
    codes = [(kind, code, n) for kind, by_status in status.items() for code, n in by_status.items()]
    return {"answers": sum(n for _, _, n in codes),
            "classes": {c: sum(n for _, code, n in codes if code // 100 == c) for c in (2, 3, 4, 5)},
            "errors": sum(n for kind, code, n in codes if is_error(kind, code)),
            "created": sum(n for kind, code, n in codes if kind in BOOKING_KINDS and code == 201),
            "taken": sum(n for kind, code, n in codes if kind in BOOKING_KINDS and code == 409),
            "booked": sum(n for kind, _, n in codes if kind in BOOKING_KINDS)}


def print_traffic(wrk: dict, counts: dict, times: dict[str, list[float]]) -> None:
    """Throughput, latency, status classes, the table per kind and the bookings asked for."""
    seconds, latency = wrk["duration_us"] / 1e6, wrk["latency_us"]
    print(f"requests per second: {wrk['requests'] / seconds:.1f} ({wrk['requests']:,} requests in {seconds:.1f} s)")
    print(f"latency (wrk, all kinds): p50 {latency[50] / 1000:.1f} ms  p90 {latency[90] / 1000:.1f} ms  "
          f"p99 {latency[99] / 1000:.1f} ms  max {wrk['latency_max_us'] / 1000:.1f} ms")
    print("status classes: " + "  ".join(f"{c}xx {n:,}" for c, n in counts["classes"].items())
          + f"  (4xx includes {counts['taken']:,} booking 409s)")
    print_table(wrk["status"], times)
    bursts = wrk["bursts"]
    print(f"bookings asked for: {counts['booked']:,} ({100 * counts['booked'] / max(1, counts['answers']):.1f}% "
          f"of answers); 409 'slot just taken' (not errors): {counts['taken']:,}; race bursts: {len(bursts)} with "
          f"{sum(b[1] for b in bursts)} bookings, {sum(b[2] for b in bursts)} won")


def report(workdir: Path, skip: int, server_cpu: tuple[float, float] | None = None) -> int:
    """Print the summary and return 0 when the run had no errors and no overlapping bookings, else 1."""
    state = json.loads((workdir / "state.json").read_text())
    wrk = read_wrk(workdir / "wrk.txt")
    counts, stored = tally(wrk["status"]), check_bookings(workdir)
    made, socket_errors = stored["stored"] - state["bookings_before"], sum(wrk["socket_errors"].values())
    double_wins = [b for b in wrk["bursts"] if b[2] > 1]
    print("\n== Summary")
    print_traffic(wrk, counts, server_times(workdir / "access.log", skip))
    if server_cpu:
        per_request = 1000 * (server_cpu[1] - server_cpu[0]) / max(1, wrk["requests"])
        print(f"server CPU: {per_request:.1f} ms per request (gunicorn master and workers, from /proc), a ceiling of "
              f"about {2000 / max(per_request, 0.001):.0f} req/s on two free cores")
    print(f"socket errors (connect, read, write, timeout): {socket_errors} {tuple(wrk['socket_errors'].values())}")
    print(f"errors (non-2xx/3xx answers other than booking 409s): {counts['errors']}")
    print(f"bookings made: {made} (201 answers {counts['created']}; {stored['stored']:,} stored, "
          f"{stored['active']:,} active); race bursts won more than once: {len(double_wins)}")
    print(f"overlapping active bookings of one practitioner: {len(stored['clashes'])}")
    for first, second, practitioner in stored["clashes"][:10]:
        print(f"  practitioner {practitioner}: bookings {first} and {second} overlap")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    problems = [text for text, bad in (
        ("no answers at all", counts["answers"] == 0), (f"{counts['errors']} errors", counts["errors"]),
        (f"{socket_errors} socket errors", socket_errors),
        (f"{len(stored['clashes'])} overlapping bookings", stored["clashes"]),
        (f"{len(double_wins)} race bursts won more than once", double_wins),
        (f"{counts['created']} bookings answered 201 but only {made} stored", made < counts["created"])) if bad]
    print("RESULT: " + ("OK" if not problems else "FAILED: " + "; ".join(problems)))
    return 1 if problems else 0
