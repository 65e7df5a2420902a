"""Benchmark slot generation: `.venv/bin/python -m bench.slots [--database-url URL] [--runs N]`.

1. `bookable_slots` for one practitioner over 60 days with 200 existing bookings (target p50 <= 20 ms).
2. `first_slots` of a page of 20 search results, each a practitioner at a clinic for a treatment (target p50
   <= 50 ms); the page mixes practitioners with free time soon, some fully booked for a fortnight, some away
   for a month and one with no hours.
3. `next_starts`, the next three free times of each result that its card shows, for the same page (same target).

Each run starts with an empty session, as a request would. Times are pinned, so runs compare.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time as clock
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
ZONE = "Europe/London"


def _app(database_url: str):
    """The app on the benchmark database, with an empty schema and the catalogue."""
    from app import create_app
    from directory.services import sync_catalogue
    from core.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_catalogue()
        db.session.commit()
    return app


def _practitioner(n: int, treatment, hours: bool = True):
    """A listed practitioner in Manchester with a 45-minute treatment and (usually) weekly hours."""
    from accounts.models import User
    from booking.models import OpeningHours
    from credentials.models import Credential
    from directory.models import Clinic, Offering, Practitioner
    from core.extensions import db

    user = User(email=f"bench-slots-{n}@verity.example", role="practitioner", name=f"Bench {n}", password_hash="x")
    db.session.add(user)
    db.session.flush()
    practitioner = Practitioner(user_id=user.id, slug=f"bench-slots-{n}", name=f"Dr Bench {n}", profession="doctor",
                                registration_body="GMC", registration_number=f"{7100000 + n}")
    clinic = Clinic(name=f"Clinic {n}", city="Manchester", country="GB", lat=53.48, lon=-2.24, time_zone=ZONE,
                    min_notice_minutes=120, horizon_days=90)
    practitioner.clinics.append(clinic)
    practitioner.offerings.append(Offering(treatment=treatment, duration_minutes=45, buffer_after_minutes=15))
    practitioner.credentials.append(Credential(kind="registration", issuer="GMC", number=str(n), status="verified",
                                               issued_on=date(2015, 1, 1), expires_on=date(2099, 1, 1)))
    db.session.add(practitioner)
    db.session.flush()
    if hours:
        for weekday in range(6):
            db.session.add(OpeningHours(clinic_id=clinic.id, weekday=weekday, opens=time(9), closes=time(18),
                                        break_starts=time(13), break_ends=time(14)))
    return practitioner


def _book(practitioner, patient, slots, count: int, rng: random.Random) -> int:
    """Store `count` bookings at free slots chosen at random (or every slot when count is None)."""
    from booking.models import Booking
    from booking.schedule import overlaps
    from core.extensions import db

    chosen, made = [], 0
    for slot in (rng.sample(slots, len(slots)) if count is not None else slots):
        blocked = (slot.starts_at, slot.ends_at + timedelta(minutes=15))
        if any(overlaps(*blocked, *other) for other in chosen):
            continue
        chosen.append(blocked)
        db.session.add(Booking(practitioner_id=practitioner.id, patient_id=patient.id,
                               clinic_id=practitioner.clinics[0].id, treatment_id=practitioner.offerings[0].treatment_id,
                               starts_at=slot.starts_at, ends_at=slot.ends_at, blocked_from=blocked[0],
                               blocked_until=blocked[1], time_zone=ZONE, clinic_name="Clinic", patient_name="Bench"))
        made += 1
        if count is not None and made == count:
            break
    return made


def build(app) -> tuple[int, list[int], int]:
    """The practitioner with 200 bookings, the page of 20 practitioner ids, and how many bookings were made."""
    from accounts.models import User
    from booking.models import TimeOff
    from booking.schedule import bookable_slots
    from directory.models import Treatment
    from core.extensions import db

    rng = random.Random(20260302)
    with app.app_context():
        treatment = db.session.query(Treatment).filter_by(slug="microneedling").one()
        patient = User(email="bench-patient@verity.example", role="patient", name="Bench", password_hash="x")
        db.session.add(patient)
        busy = _practitioner(0, treatment)
        free = bookable_slots(busy, busy.offerings[0], busy.clinics[0], NOW.date(), 60, NOW)
        made = _book(busy, patient, free, 200, rng)
        page = []
        for n in range(1, 21):
            practitioner = _practitioner(n, treatment, hours=n != 20)
            page.append(practitioner.id)
            slots = bookable_slots(practitioner, practitioner.offerings[0], practitioner.clinics[0], NOW.date(),
                                   14 if n % 7 == 0 else 3, NOW) if n != 20 else []
            _book(practitioner, patient, slots, None if n % 7 == 0 else 10, rng)  # 7 and 14: full for a fortnight
            if n % 9 == 0:  # 9 and 18: away for a month
                db.session.add(TimeOff(practitioner_id=practitioner.id, starts_at=NOW, time_zone=ZONE,
                                       ends_at=NOW + timedelta(days=30)))
        db.session.commit()
        return busy.id, page, made


def measure(app, runs: int, work, prepare=lambda: None) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per run of `work(prepare())`, each in a fresh app context and session."""
    from core.extensions import db

    wall, cpu = [], []
    for _ in range(runs):
        with app.app_context():
            given = prepare()
            started, started_cpu = clock.perf_counter(), clock.process_time()
            work(given)
            wall.append((clock.perf_counter() - started) * 1000)
            cpu.append((clock.process_time() - started_cpu) * 1000)
            db.session.remove()
    return wall, cpu


def report(name: str, timings: tuple[list[float], list[float]], target: float) -> None:
    """Print wall-clock p50 and p95 against the target, and the CPU p50 (what a busy machine cannot inflate)."""
    wall, cpu = timings
    p50, p95 = statistics.median(wall), statistics.quantiles(wall, n=20)[-1]
    verdict = "ok" if p50 <= target else "OVER TARGET"
    print(f"{name:<40} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  cpu p50 {statistics.median(cpu):6.2f} ms  "
          f"(target p50 <= {target:.0f} ms: {verdict})")


def main() -> None:
    """Build the data, then time both operations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a scratch SQLite file")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench-slots.db'}"
    app = _app(url)
    busy_id, page, made = build(app)
    print(f"Database: {url.split('@')[-1]}; {made} bookings over 60 days; page of {len(page)} practitioners; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    from booking.bookable import NEXT_SLOTS
    from booking.schedule import Visit, bookable_slots, first_slots, next_starts
    from directory.models import Practitioner
    from core.extensions import db

    def load_target():
        # What the API view has in hand before it asks for slots: the practitioner, offering and clinic.
        practitioner = db.session.get(Practitioner, busy_id)
        return practitioner, practitioner.offerings[0], practitioner.clinics[0]

    def slots_for_sixty_days(target):
        assert bookable_slots(*target, NOW.date(), 60, NOW)

    def load_page():
        # What a search page has in hand: each practitioner's nearest clinic and the offering shown.
        rows = [db.session.get(Practitioner, pid) for pid in page]
        return [(p.id, p.clinics[0], Visit.of(p.offerings[0])) for p in rows]

    def next_free_for_a_page(wanted):
        found, _ = first_slots(wanted, NOW)
        assert sum(v is not None for v in found) >= 15

    report("bookable_slots, 60 days, 200 bookings", measure(app, args.runs, slots_for_sixty_days, load_target), 20)
    def three_free_times_for_a_page(wanted):
        found, _ = next_starts(wanted, NOW, NEXT_SLOTS)
        assert sum(len(times) == NEXT_SLOTS for times in found) >= 15

    report("first_slots, 20 practitioners", measure(app, args.runs, next_free_for_a_page, load_page), 50)
    report("next_starts x3 (cards), 20 practitioners",
           measure(app, args.runs, three_free_times_for_a_page, load_page), 50)


if __name__ == "__main__":
    main()
