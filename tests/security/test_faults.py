"""Faults, part 1: `flask import-practitioners` killed with kill -9 in the middle of a transaction.

The import saves practitioners 200 to a transaction (importer/batches.py). The process is stopped at
the pause point just before its second commit, with that batch flushed but not committed, and killed.
No practitioner may then be listed without every row the file gives them, the database must be whole,
and running the same file again must end with exactly what one clean run stores.
"""
import sys
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accounts.models import User
from audit.models import AuditEvent
from compliance.models import ExosomeDeclaration
from core import clock, faults, settings
from core.extensions import db
from credentials.models import Credential
from directory.listing import listed
from directory.models import Clinic, ComplianceBadgeRow, Offering, Practitioner, Treatment
from importer import batches
from tests.conftest import _empty_tables
from tests.security.crash import app_spec, assert_consistent, environment, kill_9, start, wait_for_pause

HEADER = ("name,email,profession,registration_body,registration_number,practising_since,clinic_name,address,city,"
          "postcode,country,lat,lon,treatments,bio,registration_verified,registration_expires,exosome_source,"
          "exosome_routes,coa_on_file,endotoxin_tested")
PLACES = [("1 Portland Street", "Manchester", "M1 1AE", "53.4794", "-2.2453"),
          ("2 Park Row", "Leeds", "LS1 5HD", "", ""),
          ("", "York", "YO1 7HH", "", "")]
PRACTITIONERS = 250  # two batches: 200 committed before the kill, 50 in the transaction it cuts
TREATMENTS = {"dermal-filler", "microneedling"}


def write_file(folder) -> tuple:
    """A file of 300 rows (every fifth practitioner has two clinics) and what it says of each registration."""
    lines, expected = [HEADER], {}
    for n in range(PRACTITIONERS):
        number = str(7100000 + n)
        clinics = PLACES[:2] if n % 5 == 0 else PLACES[n % 3:n % 3 + 1]
        declared = "none" if n % 2 == 0 else ""
        for address, city, postcode, lat, lon in clinics:
            lines.append(f"Dr Crash {n:03d},crash{n}@example.com,doctor,GMC,{number},2012-04-01,"
                         f"Crash Clinic {n} {city},{address},{city},{postcode},GB,{lat},{lon},"
                         f"dermal-filler;microneedling,,yes,2099-06-30,{declared},,,")
        expected[number] = {"email": f"crash{n}@example.com", "declared": bool(declared),
                            "clinics": {(f"Crash Clinic {n} {place[1]}", place[2]) for place in clinics}}
    path = folder / "practitioners.csv"
    path.write_text("\n".join(lines) + "\n")
    assert len(lines) - 1 == 300
    return path, expected


def _by_registration(model, *columns) -> list[tuple]:
    """Rows of a practitioner's table as (registration number, *columns), sorted: comparable across runs."""
    query = (select(Practitioner.registration_number, *columns)
             .join(Practitioner, Practitioner.id == model.practitioner_id))
    return sorted(tuple(row) for row in db.session.execute(query))


def snapshot() -> dict:
    """Everything an import stores, by natural keys (no ids, no timestamps)."""
    db.session.commit()
    return {
        "users": sorted(tuple(r) for r in db.session.execute(select(User.email, User.role, User.name))),
        "practitioners": sorted(tuple(r) for r in db.session.execute(select(
            Practitioner.registration_number, Practitioner.name, Practitioner.slug, Practitioner.profession,
            Practitioner.practising_since, Practitioner.listed_until))),
        "clinics": _by_registration(Clinic, Clinic.name, Clinic.postcode, Clinic.address, Clinic.lat, Clinic.lon,
                                    Clinic.time_zone, Clinic.listed_until),
        "offerings": _by_registration(Offering, Offering.treatment_id, Offering.currency, Offering.price_from_minor),
        "credentials": _by_registration(Credential, Credential.kind, Credential.status, Credential.number,
                                        Credential.expires_on, Credential.register_checked_on),
        "declarations": _by_registration(ExosomeDeclaration, ExosomeDeclaration.uses_exosomes,
                                         ExosomeDeclaration.via_import, ExosomeDeclaration.superseded_at),
        "badges": _by_registration(ComplianceBadgeRow, ComplianceBadgeRow.status),
        "audit": _by_registration(AuditEvent, AuditEvent.action, AuditEvent.subject_type),
    }


def assert_whole(expected: dict) -> set[str]:
    """Every stored practitioner of the file is listed with all the file gives them; return their registrations."""
    db.session.commit()
    today = clock.today()
    loaded = [selectinload(getattr(Practitioner, name)) for name in ("user", "clinics", "offerings", "credentials")]
    stored = {p.registration_number: p for p in db.session.scalars(
        select(Practitioner).where(Practitioner.registration_number.in_(expected)).options(*loaded))}
    assert {p.registration_number for p in db.session.scalars(select(Practitioner).where(
        listed(Practitioner, today)))} == set(stored), "an imported practitioner is not listed"
    slugs = {t.id: t.slug for t in db.session.scalars(select(Treatment))}
    events = Counter((e.practitioner_id, e.action) for e in db.session.scalars(select(AuditEvent)))
    badges = set(db.session.scalars(select(ComplianceBadgeRow.practitioner_id)))
    for number, practitioner in stored.items():
        wanted = expected[number]
        assert practitioner.user.email == wanted["email"]
        assert {(c.name, c.postcode) for c in practitioner.clinics} == wanted["clinics"], number
        assert all(c.listed_until for c in practitioner.clinics), number
        assert {slugs[o.treatment_id] for o in practitioner.offerings} == TREATMENTS, number
        [credential] = practitioner.credentials
        assert (credential.status, credential.has_evidence) == ("verified", True), number
        assert events[(practitioner.id, "practitioner.imported")] == 1, number
        assert events[(practitioner.id, "credential.approved")] == 1, number
        assert events[(practitioner.id, "exosome_declaration.declared")] == wanted["declared"], number
        assert practitioner.id in badges, number
    emails = {w["email"] for w in expected.values()}
    accounts = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    assert accounts == {expected[n]["email"] for n in stored}, "an account without its practitioner"
    assert not {pid for pid, _ in events} - {p.id for p in stored.values()}, "audit events of nobody stored"
    return set(stored)


def test_an_import_killed_mid_transaction_leaves_no_half_practitioner_and_the_file_runs_again(
        app, runner, database_url, smtp_server, tmp_path):
    path, expected = write_file(tmp_path)
    env, pause = environment(database_url, smtp_server.port, tmp_path), tmp_path / "paused"
    db.session.remove()
    killed = start([sys.executable, "-m", "flask", "--app", app_spec(pause, "import.commit", 2),
                    "import-practitioners", str(path)], env, tmp_path / "killed.log")
    pid = wait_for_pause(pause, killed, tmp_path / "killed.log")
    assert pid == killed.pid
    kill_9(pid)
    assert killed.wait(10) == -9
    assert_consistent()
    first = assert_whole(expected)
    assert first == set(list(expected)[:batches.BATCH_SIZE]), "the first batch was committed, the second not"

    again = runner.invoke(args=["import-practitioners", str(path)])
    assert again.exit_code == 0, again.output
    assert ("Created 50 practitioners, updated 0, added 60 clinics, skipped 200 unchanged, 0 rows refused."
            in again.output)
    assert_consistent()
    assert assert_whole(expected) == set(expected)
    after_rerun = snapshot()

    db.session.remove()
    _empty_tables()
    clean = runner.invoke(args=["import-practitioners", str(path)])
    assert "Created 250 practitioners" in clean.output
    assert snapshot() == after_rerun


def test_the_pause_point_is_inert_unless_a_test_built_the_app_with_it(app, tmp_path, monkeypatch):
    monkeypatch.setattr(faults, "WAIT_SECONDS", 0)  # should it pause after all, the test fails at once
    monkeypatch.setenv("TESTING", "1")
    monkeypatch.setenv("FAULT_PAUSE", "import.commit")
    from_environment = settings.load(str(tmp_path))
    assert "TESTING" not in from_environment and "FAULT_PAUSE" not in from_environment
    pause = tmp_path / "paused"
    app.config.update(TESTING=False, FAULT_PAUSE=("import.commit", 1), FAULT_PAUSE_FILE=str(pause))
    faults.pause("import.commit")
    app.config.update(TESTING=True, FAULT_PAUSE=None)
    faults.pause("import.commit")
    assert not pause.exists()
