"""A clinic whose address check failed is not listed, so it is offered nowhere and takes no booking."""
from sqlalchemy import func, select

from booking.models import Booking
from core.extensions import db
from tests.booking.helpers import page_text
from tests.helpers import login, submit

LEEDS_REFUSED = {"name": "Park Row Clinic", "city": "Manchester", "postcode": "LS1 4AP", "lat": 53.7955,
                 "lon": -1.5557, "time_zone": "Europe/London", "address_status": "refused",
                 "address_problem": "LS1 4AP is in Leeds, not Manchester."}


def refused_clinic(target):
    """The practitioner's second clinic, the one whose address was refused."""
    return next(c for c in target.practitioner.clinics if c.name == "Park Row Clinic")


def test_the_booking_page_offers_only_listed_clinics(client, make_bookable):
    target = make_bookable(extra_clinics=[LEEDS_REFUSED])
    page = page_text(client.get(f"/practitioners/{target.practitioner.slug}/book"))
    assert target.clinic.name in page and "Park Row Clinic" not in page
    # Asking for the refused clinic by id falls back to a listed one rather than offering its times.
    asked = page_text(client.get(f"/practitioners/{target.practitioner.slug}/book",
                                 query_string={"clinic": refused_clinic(target).id}))
    assert "Park Row Clinic" not in asked


def test_the_api_does_not_give_slots_at_an_unlisted_clinic(client, make_bookable):
    target = make_bookable(extra_clinics=[LEEDS_REFUSED])
    response = client.get(f"/api/v1/practitioners/{target.practitioner.id}/slots", query_string={
        "treatment": target.offering.treatment.slug, "clinic": refused_clinic(target).id})
    assert response.status_code == 404
    assert response.get_json()["field"] == "clinic"


def test_posting_a_booking_at_an_unlisted_clinic_stores_nothing(client, make_bookable, patient):
    target = make_bookable(extra_clinics=[LEEDS_REFUSED])
    login(client, patient.email)
    url = (f"/practitioners/{target.practitioner.slug}/book/confirm?treatment={target.offering.treatment.slug}"
           f"&clinic={refused_clinic(target).id}&start=2026-03-03T09:00Z")
    response = submit(client, url, {"patient_name": "Pat Patient"})
    assert response.status_code < 500
    assert db.session.scalar(select(func.count()).select_from(Booking).where(
        Booking.clinic_id == refused_clinic(target).id)) == 0
