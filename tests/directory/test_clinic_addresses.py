"""A clinic whose address the address check has not confirmed is not listed: not in search, the index or the profile."""
from sqlalchemy import select

from core import clock
from core.extensions import db
from directory.commands import check_addresses_command
from directory.listing import is_listed
from directory.models import Clinic
from directory.search import SearchQuery, search
from importer import import_rows
from tests.directory.test_import import TODAY, row
from tests.helpers import login, submit, text_of

LEEDS_CLINIC = {"name": "Park Row Clinic", "city": "Manchester", "postcode": "LS1 4AP", "lat": 53.7955,
                "lon": -1.5557, "address_status": "refused", "address_problem": "LS1 4AP is in Leeds, not Manchester."}


def search_page(client, near: str) -> str:
    """What a patient sees searching within 5 miles of a place."""
    return text_of(client.get("/search", query_string={"near": near, "radius": 5}))


def clinic_named(name: str) -> Clinic:
    """The stored clinic of that name, as committed."""
    db.session.expire_all()
    return db.session.scalar(select(Clinic).where(Clinic.name == name))


def test_a_refused_clinic_is_not_in_search_nor_on_the_profile(client, make_practitioner):
    doctor = make_practitioner(name="Dr Two Towns", clinics=[{}, LEEDS_CLINIC])
    assert "Dr Two Towns" in search_page(client, "M1 1AE")
    assert "Dr Two Towns" not in search_page(client, "LS1 4AP")
    hits = search(SearchQuery(lat=53.7955, lon=-1.5557, radius=5), clock.today()).hits
    assert [hit.practitioner.id for hit in hits] == []
    assert not is_listed(clinic_named("Park Row Clinic"), clock.today())
    profile = text_of(client.get(f"/practitioners/{doctor.slug}"))
    assert "Piccadilly Clinic" in profile and "Park Row Clinic" not in profile and "LS1 4AP" not in profile


def test_fixing_the_town_on_the_clinic_form_brings_the_clinic_back(client, make_practitioner):
    doctor = make_practitioner(name="Dr Two Towns", clinics=[{}, LEEDS_CLINIC])
    login(client, doctor.user.email)
    clinic_id = clinic_named("Park Row Clinic").id
    page = text_of(submit(client, f"/practice/clinics/{clinic_id}", {
        "name": "Park Row Clinic", "city": "Manchester", "postcode": "LS1 4AP", "country": "GB"}))
    assert "LS1 4AP is in Leeds, not Manchester." in page
    submit(client, f"/practice/clinics/{clinic_id}", {
        "name": "Park Row Clinic", "city": "Leeds", "postcode": "LS1 4AP", "country": "GB"})
    clinic = clinic_named("Park Row Clinic")
    assert (clinic.city, clinic.address_status, clinic.address_problem) == ("Leeds", "confirmed", None)
    assert "Dr Two Towns" in search_page(client, "LS1 4AP")
    assert "Park Row Clinic" in text_of(client.get(f"/practitioners/{doctor.slug}"))


def test_the_check_addresses_command_decides_unchecked_clinics(client, runner, make_practitioner):
    make_practitioner(name="Dr Unchecked", clinics=[
        {"name": "Right", "address_status": "unchecked"},
        {**LEEDS_CLINIC, "name": "Wrong", "address_status": "unchecked", "address_problem": None}])
    assert "Dr Unchecked" not in search_page(client, "M1 1AE")
    result = runner.invoke(check_addresses_command, ["--unchecked"])
    assert result.exit_code == 0 and "Confirmed 1 clinic addresses, refused 1." in result.output
    assert clinic_named("Right").address_status == "confirmed"
    wrong = clinic_named("Wrong")
    assert (wrong.address_status, wrong.address_problem) == ("refused", "LS1 4AP is in Leeds, not Manchester.")
    assert "Dr Unchecked" in search_page(client, "M1 1AE") and "Dr Unchecked" not in search_page(client, "LS1 4AP")


def test_an_imported_clinic_is_confirmed_and_found(client, app):
    report = import_rows([row(registration_verified="yes", registration_expires="2099-01-01", lat="", lon="")],
                         today=TODAY)
    assert report.refused == []
    clinic = clinic_named("Hart Aesthetics")
    assert (clinic.address_status, clinic.postcode) == ("confirmed", "M1 1AE")
    assert "Dr Amelia Hart" in search_page(client, "M1 1AE")


def test_an_imported_row_in_the_wrong_town_is_refused_naming_line_and_column(app):
    report = import_rows([row(), row(clinic_name="Hart Leeds", postcode="LS1 4AP", lat="", lon="")], today=TODAY)
    assert report.refused == [(3, "city: LS1 4AP is in Leeds, not Manchester.")]
    assert clinic_named("Hart Leeds") is None
