"""bench/load.sh end to end on a tiny directory: gunicorn, wrk, bookings racing, and the checks after.

The script always works on its own scratch SQLite database, whichever database the suite runs on.
"""
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ("search", "search_api", "profile", "slots_page", "slots_api", "booking", "race")


def run_load_script() -> subprocess.CompletedProcess:
    """Three seconds on 300 practitioners; a race every second and many bookings, so both happen."""
    return subprocess.run([str(REPO / "bench" / "load.sh"), "--seconds", "3", "--practitioners", "300",
                           "--race-every", "1", "--booking-percent", "10"],
                          cwd=REPO, capture_output=True, text=True, timeout=240)


def figure(pattern: str, text: str) -> str:
    """The first group of a summary line, failing with the output when the line is missing."""
    found = re.search(pattern, text, re.M)
    assert found, f"no line matching {pattern!r} in:\n{text}"
    return found.group(1)


def test_load_script_finishes_clean_and_prints_its_summary():
    run = run_load_script()
    out = run.stdout
    assert run.returncode == 0, out[-4000:] + run.stderr[-4000:]
    assert float(figure(r"^requests per second: ([\d.]+)", out)) > 0
    assert figure(r"^latency \(wrk, all kinds\): p50 ([\d.]+) ms .* p99 [\d.]+ ms", out)
    assert figure(r"^status classes: (2xx [\d,]+  3xx [\d,]+  4xx [\d,]+  5xx 0)", out)
    for kind in KINDS:
        assert int(figure(rf"^  {kind} +(\d+) ", out)) > 0, kind
    assert figure(r"^errors \(non-2xx/3xx answers other than booking 409s\): (\d+)$", out) == "0"
    assert figure(r"^socket errors \(connect, read, write, timeout\): (\d+)", out) == "0"
    assert int(figure(r"409 'slot just taken' \(not errors\): (\d+)", out)) > 0
    assert int(figure(r"^bookings made: (\d+)", out)) > 0
    assert figure(r"^overlapping active bookings of one practitioner: (\d+)$", out) == "0"
    assert out.rstrip().splitlines()[-1] == "RESULT: OK"
