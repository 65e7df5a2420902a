"""Helpers for the crash tests: start the app in a process of its own, stop it mid-transaction, kill -9 it,
then check that the database is whole (SQLite's own checks; every foreign key, check and exclusion rule).

The process runs against the test database (the SQLite file, or TEST_DATABASE_URL on PostgreSQL) with
`create_app({...})` test settings that turn on the pause point in core/faults.py.
"""
import os
import signal
import subprocess
import time
from pathlib import Path

from sqlalchemy import and_, exists, func, select, text
from sqlalchemy.orm import aliased

from booking.models import ACTIVE, Booking
from core.extensions import db
from tests.conftest import ROOT


def app_spec(pause_file: Path | None = None, at: str = "", nth: int = 1) -> str:
    """`app:create_app({...})` for `flask --app` or gunicorn: TESTING, and a pause point when one is named."""
    config = {"TESTING": True}
    if at:
        config.update(FAULT_PAUSE=(at, nth), FAULT_PAUSE_FILE=str(pause_file))
    return f"app:create_app({config!r})"


def environment(database_url: str, smtp_port: int, scratch: Path) -> dict:
    """The settings a child process reads: the test database, the test SMTP server, scratch folders."""
    return {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "VERITY_ENV": "development",
            "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port), "RATELIMIT_ENABLED": "false",
            "UPLOAD_FOLDER": str(scratch), "MAIL_OUTBOX": str(scratch), "TASK_QUEUE_PATH": str(scratch / "tasks.db"),
            "GAZETTEER_PATH": str(ROOT / "instance" / "gazetteer.sqlite3"), "PYTHONUNBUFFERED": "1"}


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """Run a command from the repository root, its output going to a log file."""
    with open(log, "wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_for_pause(pause_file: Path, process: subprocess.Popen, log: Path, seconds: float = 90) -> int:
    """Wait until a process stops at the pause point; return the id of the process that did."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        written = pause_file.read_text().strip() if pause_file.exists() else ""
        if written:
            return int(written)
        assert process.poll() is None, f"exited before the pause point:\n{log.read_text()[-4000:]}"
        time.sleep(0.05)
    raise AssertionError(f"never reached the pause point:\n{log.read_text()[-4000:]}")


def kill_9(pid: int) -> None:
    """kill -9: no handler runs, no rollback is sent, the database must cope on its own."""
    os.kill(pid, signal.SIGKILL)


def orphans() -> list[str]:
    """Each foreign key with rows pointing at nothing, as 'table.columns -> parent: count'."""
    found = []
    for table in db.metadata.sorted_tables:
        for key in table.foreign_key_constraints:
            parent = aliased(key.referred_table)
            pairs = [(element.parent, parent.c[element.column.name]) for element in key.elements]
            missing = select(func.count()).select_from(table).where(
                and_(*(child.is_not(None) for child, _ in pairs)),
                ~exists().where(and_(*(child == mother for child, mother in pairs))))
            count = db.session.scalar(missing)
            if count:
                found.append(f"{table.name}.{','.join(key.column_keys)} -> {key.referred_table.name}: {count}")
    return found


def broken_checks() -> list[str]:
    """PostgreSQL: each check constraint that is not validated or that some row breaks."""
    found = []
    rows = db.session.execute(text(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
        "WHERE contype = 'c' AND connamespace = 'public'::regnamespace")).all()
    for table, name, definition, validated in rows:
        condition = definition.removeprefix("CHECK ").removesuffix(" NOT VALID")
        breaking = db.session.scalar(text(f"SELECT count(*) FROM {table} WHERE NOT {condition}"))
        if breaking or not validated:
            found.append(f"{table}.{name}: {breaking} rows, validated={validated}")
    return found


def overlapping_bookings() -> int:
    """Pairs of one practitioner's active bookings that overlap: the exclusion rule, checked by hand."""
    one, other = aliased(Booking), aliased(Booking)
    return db.session.scalar(select(func.count()).select_from(one).join(other, and_(
        one.practitioner_id == other.practitioner_id, one.id < other.id)).where(
        one.status.in_(ACTIVE), other.status.in_(ACTIVE),
        one.blocked_from < other.blocked_until, other.blocked_from < one.blocked_until))


def assert_consistent() -> None:
    """The database after a crash: SQLite's integrity and foreign key checks, or PostgreSQL's constraints hold."""
    db.session.commit()  # end any read, so the checks see what the killed process left
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
    else:
        assert broken_checks() == []
        exclusion = db.session.scalar(text("SELECT count(*) FROM pg_constraint WHERE contype = 'x' AND convalidated"))
        assert exclusion >= 1, "the bookings' exclusion constraint is missing"
    assert orphans() == []
    assert overlapping_bookings() == 0
    db.session.commit()
