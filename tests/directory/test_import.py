"""Onboarding practitioners from a spreadsheet: the import service and its command."""
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from accounts.models import User
from accounts.services import authenticate
from audit.models import AuditEvent
from credentials.models import Credential
from directory import services
from importer import COLUMNS, batches, import_practitioners_command, import_rows, save
from directory.models import Clinic, ComplianceBadgeRow, Offering, Practitioner
from core.extensions import db

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 22)
# The sample's registrations expire on 2027-06-30; tests move that date ahead so they keep passing.
EXPIRES = date(date.today().year + 2, 6, 30)


def row(**overrides) -> dict:
    """A good spreadsheet row (a doctor with one Manchester clinic), with overrides."""
    values = {"name": "Dr Amelia Hart", "email": "amelia@example.com", "profession": "doctor",
              "registration_body": "GMC", "registration_number": "7123456", "practising_since": "2012-04-01",
              "clinic_name": "Hart Aesthetics", "address": "1 Portland Street", "city": "Manchester",
              "postcode": "M1 1AE", "country": "GB", "lat": "53.4794", "lon": "-2.2453",
              "treatments": "dermal-filler", "bio": ""}
    return {**values, **overrides}


def good_file(tmp_path) -> Path:
    """The documented sample file, its registrations expiring in the future whatever today is."""
    path = tmp_path / "practitioners.csv"
    path.write_text((DATA / "practitioners.csv").read_text().replace("2027-06-30", EXPIRES.isoformat()))
    return path


def run(runner, *args):
    """Invoke `flask import-practitioners` with these arguments."""
    return runner.invoke(import_practitioners_command, [str(a) for a in args])


def practitioner(email: str) -> Practitioner | None:
    """The stored practitioner whose account has this email."""
    return db.session.scalar(select(Practitioner).join(User, Practitioner.user_id == User.id)
                             .where(User.email == email))


def counts() -> list[int]:
    """Rows in each table an import writes."""
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Practitioner, Clinic, Offering, Credential)]


def test_a_good_file_imports_practitioners_clinics_offerings_and_registrations(runner, make_user, tmp_path):
    admin = make_user(role="admin", email="root@example.com")
    result = run(runner, good_file(tmp_path), "--admin", "root@example.com")
    assert result.exit_code == 0, result.output
    assert "Created 3 practitioners, updated 0, added 4 clinics, skipped 0 unchanged, 0 rows refused" in result.output

    hart = practitioner("amelia.hart@example.com")
    assert (hart.name, hart.profession, hart.practising_since) == ("Dr Amelia Hart", "doctor", date(2012, 4, 1))
    assert hart.bio == "Doctor with ten years of aesthetic practice."
    assert [(c.name, c.postcode, c.time_zone) for c in hart.clinics] == [
        ("Hart Aesthetics Manchester", "M1 1AE", "Europe/London"),
        ("Hart Aesthetics Leeds", "LS1 5HD", "Europe/London")]
    assert hart.clinics[0].lat == pytest.approx(53.4794) and hart.clinics[0].lon == pytest.approx(-2.2453)
    assert hart.clinics[1].lat == pytest.approx(53.80, abs=0.05)  # Leeds, found from its postcode
    assert sorted(o.treatment.slug for o in hart.offerings) == ["botulinum-toxin", "dermal-filler", "prp"]
    [registration] = hart.credentials
    assert (registration.kind, registration.status, registration.issuer, registration.number) == (
        "registration", "verified", "GMC", "7123456")
    assert registration.expires_on == EXPIRES and registration.verified_by_id == admin.id
    assert registration.verified_at is not None

    okafor = practitioner("grace.okafor@example.com")
    assert okafor.profession == "nurse_prescriber" and okafor.practising_since == date(2016, 9, 15)
    assert okafor.credentials == []  # registration_verified "no": nothing recorded
    chen = practitioner("maya.chen@example.com")
    assert chen.clinics[0].time_zone == "America/New_York" and {o.currency for o in chen.offerings} == {"USD"}


def test_imported_accounts_are_unverified_practitioners_who_must_reset_their_password(app):
    import_rows([row()], today=TODAY)
    user = db.session.scalar(select(User).where(User.email == "amelia@example.com"))
    assert user.role == "practitioner" and not user.email_verified and user.name == "Dr Amelia Hart"
    assert not user.check_password("") and not user.check_password(user.password_hash)
    assert authenticate("amelia@example.com", user.password_hash) is None


@pytest.mark.parametrize("postcode, city, country, zone, lat, lon", [
    ("M1 1AE", "Manchester", "GB", "Europe/London", 53.48, -2.24),
    ("10022", "New York", "US", "America/New_York", 40.76, -73.97),
    ("m11ae", "Manchester", "gb", "Europe/London", 53.48, -2.24),
])
def test_clinics_without_coordinates_are_located_from_their_postcode(app, postcode, city, country, zone, lat, lon):
    report = import_rows([row(lat="", lon="", postcode=postcode, city=city, country=country)], today=TODAY)
    assert report.refused == [] and report.created == 1
    clinic = db.session.scalar(select(Clinic))
    assert clinic.time_zone == zone and clinic.country == country.upper()
    assert (clinic.lat, clinic.lon) == (pytest.approx(lat, abs=0.05), pytest.approx(lon, abs=0.05))


def test_bad_rows_are_refused_with_their_line_and_reason_and_good_rows_still_import(runner):
    result = run(runner, DATA / "bad-rows.csv")
    assert result.exit_code == 1
    expected = {
        3: "email “not-an-email” is not valid",
        4: "profession “Beautician” is unknown",
        5: "practising_since 2099-01-01 is in the future",
        6: "postcode “XYZ” is not a valid GB postcode",
        7: "lat 123 is outside -90 to 90",
        8: "unknown treatments: botox",
        9: "country “FR” is not supported",
        10: "clinic_name is required",
        11: "practising_since “2015-13-45” is not a date",
        13: "a nurse may not offer: botulinum-toxin",
    }
    for line, reason in expected.items():
        assert f"line {line}: {reason}" in result.output
    assert "line 2:" not in result.output and "line 12:" not in result.output
    assert "Created 2 practitioners, updated 0, added 2 clinics, skipped 0 unchanged, 10 rows refused" in result.output
    assert sorted(db.session.scalars(select(User.email))) == ["good.row@example.com", "good.zip@example.com"]


@pytest.mark.parametrize("overrides, reason", [
    ({"lat": "53.4794", "lon": ""}, "give both lat and lon"),
    ({"lat": "-2.2453", "lon": "53.4794"}, "lat: That pin is 8,043.0 km from M1 1AE"),  # swapped: the Indian Ocean
    ({"lat": "53.51", "lon": "-2.2312"}, "lat: That pin is 2.9 km from M1 1AE; it must be within 2 km."),
    ({"postcode": "LS1 4AP", "lat": "", "lon": ""}, "city: LS1 4AP is in Leeds, not Manchester."),
    ({"postcode": "M1 1ZZ"}, "postcode: We couldn't find the postcode M1 1ZZ. Check it against a letter or Royal "
                             "Mail's postcode finder. Did you mean M1 1AD, M1 1AE, M1 1AF?"),
    ({"postcode": "90210", "country": "US", "city": "Beverly Hills, NY", "lat": "", "lon": ""},
     "city: 90210 is in Beverly Hills, CA, not NY."),
    ({"postcode": "2108", "country": "US", "city": "Boston", "lat": "", "lon": ""}, "did you mean 02108?"),
    ({"practising_since": "31/02/2015"}, "is not a date"),
    ({"registration_verified": "maybe"}, "registration_verified “maybe” must be yes or no"),
    ({"name": "x" * 121}, "name is longer than 120 characters"),
    ({"email": ""}, "email is required"),
    ({None: ["Manchester"]}, "more cells than the header"),
    ({"registration_number": "12345"}, "A GMC number is 7 digits"),
    ({"registration_verified": "yes", "registration_expires": "2026-11-21"}, "an expired registration cannot be"),
])
def test_a_row_is_refused_with_a_reason(app, overrides, reason):
    report = import_rows([{**row(), **overrides}], today=TODAY)
    [(line, refusal)] = report.refused
    assert line == 2 and reason in refusal
    assert counts()[:2] == [0, 0]


def test_rerunning_a_file_changes_nothing(runner, tmp_path):
    assert run(runner, good_file(tmp_path)).exit_code == 0
    first = counts()
    result = run(runner, good_file(tmp_path))
    assert result.exit_code == 0, result.output
    assert counts() == first
    assert "Created 0 practitioners, updated 0, added 0 clinics, skipped 3 unchanged, 0 rows refused" in result.output


def test_a_changed_row_updates_the_practitioner_and_its_clinic(app):
    import_rows([row()], today=TODAY)
    report = import_rows([row(name="Dr Amelia Hart-Jones", address="3 Portland Street", treatments="prp")],
                         today=TODAY)
    assert (report.created, report.updated, report.clinics_added) == (0, 1, 0)
    stored = practitioner("amelia@example.com")
    assert stored.name == "Dr Amelia Hart-Jones" and stored.user.name == "Dr Amelia Hart-Jones"
    assert [c.address for c in stored.clinics] == ["3 Portland Street"]
    # Treatments are added, never taken away: the practitioner manages the rest on the site.
    assert sorted(o.treatment.slug for o in stored.offerings) == ["dermal-filler", "prp"]


def test_rows_of_one_registration_make_one_practitioner_with_several_clinics(app):
    report = import_rows([
        row(treatments="dermal-filler"),
        row(clinic_name="Hart Leeds", postcode="LS1 5HD", city="Leeds", lat="", lon="", treatments="prp"),
        row(clinic_name="Hart York", postcode="YO1 7HH", city="York", lat="", lon="", treatments="dermal-filler"),
        row(clinic_name="Hart Nowhere", postcode="ZZ99 9ZZ", city="Atlantis", lat="", lon=""),
    ], today=TODAY)
    assert (report.created, report.clinics_added) == (1, 3)
    [(line, reason)] = report.refused
    assert line == 5 and "postcode: We couldn't find the postcode ZZ99 9ZZ." in reason
    [stored] = db.session.scalars(select(Practitioner)).all()
    assert [c.name for c in stored.clinics] == ["Hart Aesthetics", "Hart Leeds", "Hart York"]
    assert sorted(o.treatment.slug for o in stored.offerings) == ["dermal-filler", "prp"]


def test_rows_of_one_registration_that_disagree_on_the_practitioner_are_all_refused(app):
    report = import_rows([
        row(),
        row(clinic_name="Hart Leeds", postcode="LS1 5HD", city="Leeds", lat="", lon="", email="other@example.com"),
        row(name="Dr Good Other", email="good@example.com", registration_number="7999999"),
    ], today=TODAY)
    assert [line for line, _ in report.refused] == [2, 3]
    assert all("disagree on email (lines 2, 3)" in reason for _, reason in report.refused)
    assert [p.name for p in db.session.scalars(select(Practitioner))] == ["Dr Good Other"]


def test_a_bad_practitioner_field_on_one_row_refuses_the_whole_registration(app):
    report = import_rows([row(), row(clinic_name="Hart Leeds", profession="wizard")], today=TODAY)
    assert report.refused == [(2, "line 3 has errors in the practitioner's details"),
                              (3, "profession “wizard” is unknown; use one of: Doctor, Dentist, Nurse prescriber, "
                                  "Nurse, Pharmacist prescriber, Aesthetic therapist, Surgeon")]
    assert counts()[:2] == [0, 0]


@pytest.mark.parametrize("profession, treatments, allowed", [
    ("nurse", "botulinum-toxin", False),
    ("Nurse prescriber", "botulinum-toxin", True),
    ("aesthetic_therapist", "dermal-filler", False),
    ("Aesthetic therapist", "chemical-peel;laser-bbl", True),
    ("doctor", "facelift", False),
    ("surgeon", "facelift", True),
])
def test_the_profession_decides_which_treatments_may_be_imported(app, profession, treatments, allowed):
    report = import_rows([row(profession=profession, treatments=treatments)], today=TODAY)
    assert (report.created == 1) is allowed
    if not allowed:
        assert "may not offer" in report.refused[0][1]


def test_an_existing_practitioner_account_is_updated_not_duplicated(app, make_user, make_practitioner):
    make_user(role="practitioner", email="amelia@example.com", name="Amelia")
    existing = make_practitioner(email="maya@example.com", name="Dr Maya Chen")
    report = import_rows([
        row(),
        row(email="maya@example.com", name="Dr Maya Chen", registration_number=existing.registration_number,
            clinic_name="Chen Leeds", postcode="LS1 5HD", city="Leeds", lat="", lon=""),
    ], today=TODAY)
    assert (report.created, report.updated, report.clinics_added, report.refused) == (1, 1, 2, [])
    assert db.session.scalar(select(func.count()).select_from(User)) == 2
    assert practitioner("amelia@example.com").user.check_password("correct horse battery staple")
    assert [c.name for c in practitioner("maya@example.com").clinics] == ["Piccadilly Clinic", "Chen Leeds"]


def test_an_email_that_belongs_to_a_patient_is_refused(app, make_user):
    make_user(role="patient", email="amelia@example.com")
    report = import_rows([row()], today=TODAY)
    assert report.refused == [(2, "amelia@example.com already has a patient account, which cannot hold a "
                                  "practitioner profile")]


def test_an_email_that_holds_another_registration_is_refused(app, make_practitioner):
    other = make_practitioner(email="amelia@example.com")
    report = import_rows([row()], today=TODAY)
    assert report.refused == [(2, "amelia@example.com already holds the profile for registration "
                                  f"GMC {other.registration_number}")]


def test_a_registration_held_by_another_account_is_refused(app, make_practitioner):
    other = make_practitioner(email="someone@example.com")
    report = import_rows([row(registration_number=other.registration_number)], today=TODAY)
    assert report.refused == [(2, f"registration GMC {other.registration_number} already belongs to the "
                                  "account someone@example.com, not amelia@example.com")]
    assert practitioner("amelia@example.com") is None


def test_one_email_for_two_registrations_is_refused(app):
    report = import_rows([row(), row(registration_number="7000001", clinic_name="Second")], today=TODAY)
    assert [line for line, _ in report.refused] == [2, 3]
    assert "email amelia@example.com is given for more than one registration number" in report.refused[0][1]


def test_a_spreadsheet_export_with_bom_crlf_stray_spaces_and_blank_rows_imports(runner):
    result = run(runner, DATA / "excel.csv")
    assert result.exit_code == 0, result.output
    stored = practitioner("sam.reed@example.com")
    assert (stored.name, stored.registration_number, stored.practising_since) == (
        "Dr Sam Reed", "7654321", date(2014, 2, 1))
    assert stored.bio == "Sees patients\nin Manchester."
    assert [(c.address, c.postcode, c.country) for c in stored.clinics] == [
        ("10 King Street, Manchester", "M1 1AE", "GB")]
    assert sorted(o.treatment.slug for o in stored.offerings) == ["chemical-peel", "microneedling"]


def test_a_verified_registration_is_recorded_once_and_its_expiry_follows_the_file(app):
    import_rows([row(registration_verified="yes", registration_expires="2027-01-31")], today=TODAY)
    report = import_rows([row(registration_verified="yes", registration_expires="31/01/2028")], today=TODAY)
    assert report.updated == 1
    [credential] = db.session.scalars(select(Credential)).all()
    assert (credential.status, credential.expires_on) == ("verified", date(2028, 1, 31))
    assert credential.verified_by_id is None  # no --admin given


@pytest.mark.parametrize("name, content, message", [
    ("missing.csv", None, "no such file"),
    ("empty.csv", b"", "is empty"),
    ("blank.csv", b"\r\n  \r\n", "is empty"),
    ("columns.csv", b"name,email\nDr A,a@example.com\n", "missing the columns profession, registration_body"),
    ("latin1.csv", ",".join(COLUMNS).encode() + "\nDr Jos\xe9".encode("latin-1"),
     "is not UTF-8 text (byte 0xe9 on line 2)"),
    ("utf16.csv", ",".join(COLUMNS).encode("utf-16"), "is UTF-16 text"),
    ("twice.csv", (",".join(COLUMNS) + ",email").encode(), "names email more than once"),
])
def test_a_file_that_cannot_be_imported_is_refused_with_a_clear_error(runner, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(runner, path)
    assert result.exit_code == 1 and message in result.output
    assert counts()[:2] == [0, 0]


def test_the_sample_file_with_missing_columns_names_them(runner):
    result = run(runner, DATA / "missing-columns.csv")
    assert result.exit_code == 1 and "The header is missing the columns lat, lon." in result.output


def test_a_header_without_rows_imports_nothing_and_succeeds(runner, tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(",".join(COLUMNS) + ",notes\n")
    result = run(runner, path)
    assert result.exit_code == 0 and "nothing to import" in result.output
    assert "Ignoring the column 'notes'" in result.output


def test_the_admin_option_must_name_an_admin(runner, make_user, tmp_path):
    make_user(role="patient", email="pat@example.com")
    result = run(runner, good_file(tmp_path), "--admin", "pat@example.com")
    assert result.exit_code == 1 and "no admin account with the email pat@example.com" in result.output


def test_imports_are_recorded_in_the_audit_trail(app, make_user):
    admin = make_user(role="admin", email="root@example.com")
    import_rows([row(registration_verified="yes", registration_expires="2027-06-30")], admin=admin, today=TODAY)
    import_rows([row(registration_verified="yes", registration_expires="2027-06-30")], admin=admin, today=TODAY)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_email) for e in events] == [("practitioner.imported", "root@example.com"),
                                                           ("credential.approved", "root@example.com")]
    assert events[0].after["name"] == "Dr Amelia Hart" and events[0].reason == "Spreadsheet import, line 2."
    assert events[1].after["status"] == "verified" and events[1].after["expires_on"] == "2027-06-30"


def test_a_registration_an_admin_rejected_is_not_overridden_by_an_import(app, make_practitioner):
    stored = make_practitioner(email="amelia@example.com", verified=False)
    stored.credentials.append(Credential(kind="registration", issuer="GMC", number=stored.registration_number,
                                         status="rejected", rejection_reason="The register shows no such number."))
    db.session.commit()
    report = import_rows([row(registration_number=stored.registration_number, registration_verified="yes")],
                         today=TODAY)
    [(line, reason)] = report.refused
    assert line == 2 and "an admin rejected the registration" in reason
    assert [c.status for c in practitioner("amelia@example.com").credentials] == ["rejected"]


def test_a_practitioner_the_database_refuses_leaves_the_others_whole(app, make_practitioner, monkeypatch):
    taken = make_practitioner(name="Dr Taken").slug
    real_unique_slug = save.unique_slug
    # As if another admin had just taken the slug: the database's unique constraint refuses it.
    monkeypatch.setattr(save, "unique_slug", lambda name: taken if name == "Dr Clash" else real_unique_slug(name))
    report = import_rows([
        row(name="Dr First", email="first@example.com", registration_number="7100001"),
        row(name="Dr Clash", email="clash@example.com", registration_number="7100002", clinic_name="Clash Clinic"),
        row(name="Dr Last", email="last@example.com", registration_number="7100003"),
    ], today=TODAY)
    [(line, reason)] = report.refused
    assert line == 3 and reason.startswith("could not be saved (") and "slug" in reason
    assert report.created == 2 and practitioner("first@example.com") and practitioner("last@example.com")
    assert db.session.scalar(select(User).where(User.email == "clash@example.com")) is None
    assert db.session.scalar(select(Clinic).where(Clinic.name == "Clash Clinic")) is None
    assert [e.after["name"] for e in db.session.scalars(select(AuditEvent))] == ["Dr First", "Dr Last"]


def test_progress_is_reported_while_checking_rows_and_saving_practitioners(app):
    seen = []

    @contextmanager
    def progress(label, length):
        steps = []
        yield SimpleNamespace(update=steps.append)
        seen.append((label, length, sum(steps)))

    blank = dict.fromkeys(COLUMNS, "")
    import_rows([row(), blank, row(clinic_name="Hart Leeds", postcode="LS1 5HD", city="Leeds", lat="", lon="")],
                progress=progress, today=TODAY)
    assert seen == [("Checking rows", 3, 3), ("Saving practitioners", 1, 1)]


def test_practitioners_are_saved_in_batches_and_a_refused_one_leaves_its_batch_whole(app, make_practitioner,
                                                                                    monkeypatch):
    monkeypatch.setattr(batches, "BATCH_SIZE", 2)
    taken = make_practitioner(name="Dr Taken").slug
    real_unique_slug = save.unique_slug
    # As if another admin had just taken the slug: the database refuses the second batch as a whole.
    monkeypatch.setattr(save, "unique_slug", lambda name: taken if name == "Dr Clash" else real_unique_slug(name))
    names = ["Dr One", "Dr Two", "Dr Clash", "Dr Four", "Dr Five"]
    report = import_rows([row(name=name, email=f"p{n}@example.com", registration_number=f"710000{n}",
                              clinic_name=f"Clinic {n}") for n, name in enumerate(names)], today=TODAY)
    [(line, reason)] = report.refused
    assert line == 4 and reason.startswith("could not be saved (")
    assert (report.created, report.clinics_added) == (4, 4)
    stored = db.session.scalars(select(Practitioner.name).order_by(Practitioner.id)).all()
    assert stored == ["Dr Taken", "Dr One", "Dr Two", "Dr Four", "Dr Five"]
    assert db.session.scalar(select(Clinic).where(Clinic.name == "Clinic 2")) is None
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    assert [e.after["name"] for e in events] == ["Dr One", "Dr Two", "Dr Four", "Dr Five"]


def test_every_imported_practitioner_gets_a_stored_compliance_badge(app):
    import_rows([
        row(),
        row(name="Dr Maya Chen", email="maya@example.com", registration_body="New York State Board",
            registration_number="NY-204481", clinic_name="Chen Studio", city="New York", postcode="10022",
            country="US", lat="", lon="", bio="Our exosome serum treats acne."),
    ], today=TODAY)
    badges = {p.name: db.session.get(ComplianceBadgeRow, p.id) for p in db.session.scalars(select(Practitioner))}
    assert badges["Dr Amelia Hart"].status == "undeclared"
    assert (badges["Dr Maya Chen"].status, badges["Dr Maya Chen"].rules_broken) == ("not_compliant", "US-FDA-CLAIMS")


def test_practitioners_who_share_a_name_get_the_next_free_numbered_slug(app, make_practitioner, monkeypatch):
    monkeypatch.setattr(services, "SLUG_CANDIDATES", 2)  # so that the lookup needs several queries
    for n in range(3):
        make_practitioner(name="Dr Amelia Hart", email=f"taken{n}@example.com")
    report = import_rows([row(email=f"new{n}@example.com", registration_number=f"710000{n}",
                              clinic_name=f"Clinic {n}") for n in range(3)], today=TODAY)
    assert report.created == 3
    assert sorted(db.session.scalars(select(Practitioner.slug))) == [
        "dr-amelia-hart", "dr-amelia-hart-2", "dr-amelia-hart-3", "dr-amelia-hart-4", "dr-amelia-hart-5",
        "dr-amelia-hart-6"]


def test_an_imported_verification_records_its_register_check_and_never_verifies_a_held_number(
        app, make_user, make_practitioner):
    from core import clock
    from tests.credentials.factories import credential_factory

    admin = make_user(role="admin", email="root@example.com")
    verified = {"registration_verified": "yes", "registration_expires": EXPIRES.isoformat()}
    assert import_rows([row(**verified)], admin=admin).refused == []
    registration = practitioner("amelia@example.com").credentials[0]
    assert (registration.status, registration.register_checked_in, registration.register_checked_on) == (
        "verified", "GMC", clock.today())
    assert registration.register_reference == "GMC 7123456 (spreadsheet import, registration_verified = yes)"
    approved = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential.approved"))
    assert approved.after["register_checked_in"] == "GMC" and approved.actor_email == "root@example.com"

    credential_factory(TODAY)(make_practitioner(name="Dr Holder", verified=False), number="7654321")
    report = import_rows([row(email="other@example.com", registration_number="7654 321", **verified)], admin=admin)
    assert report.refused == [(2, "registration GMC 7654321 is also held by another practitioner's credential; "
                                  "compare the records and resolve the duplicate on the admin pages before "
                                  "verifying it")]
    assert practitioner("other@example.com") is None
