"""One clock: nothing in the app reads the time except core/clock.py, and pinning it works."""
import re
from datetime import datetime, timezone
from pathlib import Path

from core import clock

ROOT = Path(__file__).resolve().parents[2]
NOT_APP_CODE = {"tests", "migrations", "bench", ".venv", "instance", "node_modules"}
FORBIDDEN = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(|\butcnow\(|\bdatetime\.utcnow\b|\btime\.time\(\)")


def app_sources():
    """Every Python file of the app, outside tests, migrations and benchmarks."""
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] not in NOT_APP_CODE and not parts[0].startswith("."):
            yield path


def test_only_the_clock_reads_the_time():
    offenders = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                 for path in app_sources() if path != ROOT / "core" / "clock.py"
                 for number, line in enumerate(path.read_text().splitlines(), 1)
                 if FORBIDDEN.search(line.split("#")[0])]
    assert offenders == [], "read the time through core.clock:\n" + "\n".join(offenders)


def test_the_scan_sees_app_code():
    scanned = {path.relative_to(ROOT).parts[0] for path in app_sources()}
    assert {"core", "booking", "directory", "app.py"} <= scanned


def test_a_pinned_clock_is_now_and_today_everywhere(app):
    pinned = datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)  # the night the UK moves to BST
    app.config["CLOCK_NOW"] = pinned
    try:
        with app.app_context():
            assert clock.now() == pinned
            assert clock.today().isoformat() == "2026-03-29"
            assert clock.local_today("America/Los_Angeles").isoformat() == "2026-03-28"
            assert clock.local_today("Europe/London").isoformat() == "2026-03-29"
    finally:
        app.config.pop("CLOCK_NOW")


def test_an_unpinned_clock_is_aware_utc():
    assert clock.now().tzinfo == timezone.utc
