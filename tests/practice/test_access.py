"""Who may open the practice pages, and that no practitioner can reach another's clinics or treatments."""
import pytest
from sqlalchemy import select

from directory.models import Clinic, Offering
from core.extensions import db
from tests.helpers import login, submit, text_of

PAGES = ["/practice/", "/practice/profile", "/practice/profile/new", "/practice/clinics/new",
         "/practice/clinics/1", "/practice/clinics/1/delete", "/practice/treatments/new",
         "/practice/treatments/1", "/practice/treatments/1/delete"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.location.startswith("/login")


@pytest.mark.parametrize("role", ["patient", "admin"])
@pytest.mark.parametrize("url", PAGES)
def test_other_roles_are_refused(client, make_user, role, url):
    user = make_user(role=role)
    login(client, user.email)
    assert client.get(url).status_code == 403
    if url != "/practice/":
        assert submit(client, url, {}, page="/").status_code == 403


def test_a_practitioner_without_a_profile_is_sent_to_create_one(client, make_user):
    login(client, make_user(role="practitioner").email)
    response = client.get("/practice/clinics/new")
    assert response.location == "/practice/profile/new"


@pytest.fixture
def rival(make_practitioner):
    """Another practitioner, with a clinic and a treatment of their own."""
    return make_practitioner(name="Dr Rival", treatments=("dermal-filler", "chemical-peel"))


@pytest.mark.parametrize("path", ["/practice/clinics/{clinic}", "/practice/clinics/{clinic}/delete",
                                  "/practice/treatments/{offering}", "/practice/treatments/{offering}/delete"])
def test_another_practitioners_clinic_or_treatment_is_not_found(client, practitioner, rival, path):
    url = path.format(clinic=rival.clinics[0].id, offering=rival.offerings[0].id)
    assert client.get(url).status_code == 404
    response = submit(client, url, {"name": "Taken over", "city": "Leeds", "country": "GB", "postcode": "LS1 4DY",
                                    "price": "1", "duration_minutes": "30"}, page="/practice/")
    assert response.status_code == 404
    assert db.session.scalar(select(Clinic.name).where(Clinic.id == rival.clinics[0].id)) == "Piccadilly Clinic"
    assert db.session.scalar(select(Offering.price_from_minor).where(Offering.id == rival.offerings[0].id)) == 25000


def test_a_clinic_that_does_not_exist_is_not_found(client, practitioner):
    assert client.get("/practice/clinics/999999").status_code == 404
    assert client.get("/practice/treatments/999999/delete").status_code == 404


def test_opening_a_delete_page_deletes_nothing(client, make_practitioner, login_as):
    practitioner = make_practitioner(clinics=[{}, {"name": "Second Clinic"}])
    login_as(practitioner)
    clinic_id, offering_id = practitioner.clinics[1].id, practitioner.offerings[0].id
    page = text_of(client.get(f"/practice/clinics/{clinic_id}/delete"))
    assert "Delete Second Clinic?" in page
    assert "Remove Dermal fillers" in text_of(client.get(f"/practice/treatments/{offering_id}/delete"))
    assert db.session.get(Clinic, clinic_id) is not None
    assert db.session.get(Offering, offering_id) is not None


def test_deleting_needs_the_csrf_token(client, make_practitioner, login_as):
    practitioner = make_practitioner(clinics=[{}, {"name": "Second Clinic"}])
    login_as(practitioner)
    clinic_id = practitioner.clinics[1].id
    assert client.post(f"/practice/clinics/{clinic_id}/delete").status_code == 400
    assert db.session.get(Clinic, clinic_id) is not None
