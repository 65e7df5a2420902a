"""The Python side of bench/load.sh: prepare the scratch database, log patients in, report and check.

    .venv/bin/python -m bench.load prepare --dir DIR --practitioners N [--reuse]
    .venv/bin/python -m bench.load session --dir DIR --base URL --gunicorn-pid PID
                                            [--booking-percent P --race-every S --race-size N]
    .venv/bin/python -m bench.load report  --dir DIR --skip-lines N [--server-cpu-seconds BEFORE AFTER]

`prepare` builds the database with bench/dataset.py (the builder bench/search.py uses), then adds
what booking needs and dataset.py leaves out: opening hours on every clinic, a verification time
on verified credentials, and a few verified patient accounts. `session` (bench/load_session.py) and `report` (bench/load_report.py) run
against the gunicorn that bench/load.sh starts.
"""
from __future__ import annotations

import argparse
import time
from datetime import date, time as clock_time
from pathlib import Path

from sqlalchemy import exists, func, insert, select, update
from core import clock

REPO = Path(__file__).resolve().parent.parent
GAZETTEER = REPO / "instance" / "gazetteer.sqlite3"
DATABASE = "load.sqlite3"
SECRET_KEY = "bench-load"  # gunicorn gets the same one, so the sessions made here are valid there
PATIENTS = 4
PATIENT_PASSWORD = "bench load patient passphrase"
USER_AGENT = "verity-bench-load/1"  # Flask-Login's "strong" protection ties a session to it
# Monday to Friday 09:00-18:00 with a lunch hour, Saturday 10:00-16:00, Sunday closed.
WEEK = [(day, clock_time(9), clock_time(18), clock_time(13), clock_time(14)) for day in range(5)] + \
       [(5, clock_time(10), clock_time(16), None, None)]


def patient_email(n: int) -> str:
    """The email of the n-th bench patient."""
    return f"bench-load-patient-{n}@verity.example"


def make_app(workdir: Path):
    """The real app factory on the scratch database, with mail and uploads kept inside the work dir."""
    from app import create_app

    return create_app(test_config={
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / DATABASE}", "SECRET_KEY": SECRET_KEY,
        "GAZETTEER_PATH": str(GAZETTEER), "RATELIMIT_ENABLED": False, "MAIL_SERVER": None,
        "MAIL_OUTBOX": str(workdir / "outbox"), "UPLOAD_FOLDER": str(workdir / "uploads")})


def add_opening_hours() -> int:
    """Give every clinic without hours the usual week (dataset.py stores none, so nothing would be bookable)."""
    from booking.models import OpeningHours
    from directory.models import Clinic
    from core.extensions import db

    bare = db.session.scalars(select(Clinic.id).where(~exists().where(OpeningHours.clinic_id == Clinic.id))).all()
    rows = [{"clinic_id": clinic_id, "weekday": day, "opens": opens, "closes": closes, "break_starts": starts,
             "break_ends": ends} for clinic_id in bare for day, opens, closes, starts, ends in WEEK]
    if rows:
        db.session.execute(insert(OpeningHours), rows)
    return len(bare)


def stamp_verifications() -> int:
    """Give verified credentials without a verification time one, as every app path that verifies does.

    bench/dataset.py stores verified training certificates with verified_at NULL; the profile page
    prints that date for every current credential and would answer 500.
    """
    from credentials.models import Credential
    from core.extensions import db

    return db.session.execute(update(Credential).where(
        Credential.status == "verified", Credential.verified_at.is_(None)).values(
        verified_at=Credential.created_at)).rowcount


def add_patients() -> int:
    """Create the verified patient accounts that book during the run; keeps those already there."""
    from accounts.services import create_user, find_user

    made = 0
    for n in range(PATIENTS):
        if find_user(patient_email(n)) is None:
            create_user(patient_email(n), PATIENT_PASSWORD, "patient", f"Bench Patient {n}", verified=True)
            made += 1
    return made


def prepare(workdir: Path, practitioners: int, reuse: bool) -> None:
    """Build (or reuse) the scratch database, then add opening hours and patients."""
    from bench import dataset
    from directory.models import Practitioner
    from core.extensions import db

    workdir.mkdir(parents=True, exist_ok=True)
    started, path = time.perf_counter(), workdir / DATABASE
    app = make_app(workdir)
    if reuse and path.exists():
        print(f"reusing {path}")
    else:
        for stale in workdir.glob(DATABASE + "*"):
            stale.unlink()
        built = dataset.build(app, practitioners, str(GAZETTEER), clock.today(), log=print)
        print(f"built {path} in {built['seconds']:.1f} s: "
              + ", ".join(f"{n:,} {table}" for table, n in built["counts"].items()))
    with app.app_context():
        stamped, clinics, patients = stamp_verifications(), add_opening_hours(), add_patients()
        db.session.commit()
        count = db.session.scalar(select(func.count()).select_from(Practitioner))
        db.session.remove()
        db.engine.dispose()
    print(f"database ready in {time.perf_counter() - started:.1f} s: {count:,} practitioners; opening hours "
          f"added to {clinics:,} clinics; verification time set on {stamped:,} credentials; {patients} patients "
          f"created ({PATIENTS} in all)")


def parse_args(argv=None) -> argparse.Namespace:
    """Command line of the three steps."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    steps = parser.add_subparsers(dest="step", required=True)
    step = steps.add_parser("prepare", help="build or reuse the scratch database")
    step.add_argument("--dir", type=Path, required=True)
    step.add_argument("--practitioners", type=int, default=10_000)
    step.add_argument("--reuse", action="store_true")
    step = steps.add_parser("session", help="log patients in and write the wrk script's data")
    step.add_argument("--dir", type=Path, required=True)
    step.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    step.add_argument("--gunicorn-pid", type=int, required=True)
    step.add_argument("--booking-percent", type=float, default=2.0)
    step.add_argument("--race-every", type=int, default=15)
    step.add_argument("--race-size", type=int, default=4)
    step.add_argument("--seed", type=int, default=20261122)
    step = steps.add_parser("report", help="print the figures and check the bookings")
    step.add_argument("--dir", type=Path, required=True)
    step.add_argument("--skip-lines", type=int, default=0, help="access log lines written before wrk started")
    step.add_argument("--server-cpu-seconds", type=float, nargs=2, metavar=("BEFORE", "AFTER"),
                      help="gunicorn's CPU seconds (master and workers) before and after wrk")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    """Run one step; the exit status is the step's verdict."""
    args = parse_args(argv)
    if args.step == "prepare":
        prepare(args.dir, args.practitioners, args.reuse)
        return 0
    if args.step == "session":
        from bench import load_session

        load_session.write_targets(args)
        return 0
    from bench import load_report

    return load_report.report(args.dir, args.skip_lines, args.server_cpu_seconds)


if __name__ == "__main__":
    raise SystemExit(main())
