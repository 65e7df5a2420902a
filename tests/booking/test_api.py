"""The booking API: free slots as ISO 8601 with offsets, problem documents, and booking as a logged-in patient."""
from datetime import datetime, time

import pytest
from sqlalchemy import func, select

from booking.models import Booking
from core.extensions import db
from tests.api.problems import problem_of
from tests.booking.helpers import at
from tests.helpers import csrf_token, login, text_of


def slots_url(target, **args):
    args = {"treatment": target.offering.treatment.slug, "clinic": target.clinic.id, **args}
    query = "&".join(f"{k}={v}" for k, v in args.items() if v is not None)
    return f"/api/v1/practitioners/{target.practitioner.id}/slots?{query}"


def test_slots_carry_the_clinics_offset_and_zone(client, make_bookable):
    target = make_bookable(zone="America/New_York", duration=60, hours={6: (time(9), time(11))})
    body = client.get(slots_url(target, **{"from": "2026-03-07", "days": 3})).get_json()
    assert body["time_zone"] == "America/New_York"
    # Sunday 8 March is the day New York's clocks go forward: 09:00 is now UTC-4.
    assert body["slots"][0] == {"starts_at": "2026-03-08T09:00:00-04:00", "ends_at": "2026-03-08T10:00:00-04:00"}
    assert len(body["slots"]) == 5
    first = datetime.fromisoformat(body["slots"][0]["starts_at"])
    assert first == at("America/New_York", 2026, 3, 8, 9)


def test_taken_times_are_not_offered(client, bookable, add_booking, patient):
    add_booking(bookable, patient, at("Europe/London", 2026, 3, 3, 9))
    body = client.get(slots_url(bookable, **{"from": "2026-03-03", "days": 1})).get_json()
    assert body["slots"][0]["starts_at"] == "2026-03-03T09:45:00+00:00"


@pytest.mark.parametrize("args, status, code, field, detail", [
    ({"treatment": None}, 400, "missing_parameter", "treatment", "Give the treatment's slug as treatment."),
    ({"treatment": "facelift"}, 404, "not_found", "treatment", "does not offer the treatment 'facelift'"),
    ({"clinic": 999999}, 404, "not_found", "clinic", "one of this practitioner's clinics"),
    ({"from": "03/03/2026"}, 400, "invalid_date", "from", "Give from as a date, YYYY-MM-DD"),
    ({"days": "0"}, 400, "out_of_range", "days", "days must be a whole number from 1 to"),
    ({"days": "101"}, 400, "out_of_range", "days", "days must be a whole number from 1 to"),
    ({"days": "lots"}, 400, "out_of_range", "days", "days must be a whole number from 1 to"),
])
def test_bad_parameters_get_problem_documents(client, bookable, args, status, code, field, detail):
    problem = problem_of(client.get(slots_url(bookable, **args)), status, code, field)
    assert detail in problem["detail"]


def test_an_unknown_practitioner_is_not_found(client, bookable):
    problem = problem_of(client.get("/api/v1/practitioners/999999/slots?treatment=microneedling"), 404, "not_found")
    assert problem["detail"] == "No listed practitioner has the id 999999."


def test_an_unlisted_practitioner_is_not_found(client, make_bookable):
    target = make_bookable()
    target.practitioner.suspended_at = at("Europe/London", 2026, 1, 1)
    db.session.commit()
    assert client.get(slots_url(target)).status_code == 404


def _booking_body(target, starts_at="2026-03-03T09:00:00+00:00", **extra):
    return {"practitioner_id": target.practitioner.id, "treatment": target.offering.treatment.slug,
            "clinic": target.clinic.id, "starts_at": starts_at, "patient_name": "Pat Patient", **extra}


def _token(client, target):
    """A CSRF token from the booking page, tied to this client's session."""
    return csrf_token(text_of(client.get(f"/practitioners/{target.practitioner.slug}/book/confirm?"
                                         f"treatment=microneedling&clinic={target.clinic.id}&start=2026-03-03T09:00Z")))


def test_a_patient_books_through_the_api(client, bookable, patient):
    login(client, patient.email)
    response = client.post("/api/v1/bookings", json=_booking_body(bookable),
                           headers={"X-CSRFToken": _token(client, bookable)})
    assert response.status_code == 201
    booking = response.get_json()["booking"]
    assert booking["starts_at"] == "2026-03-03T09:00:00+00:00" and booking["status"] == "booked"
    assert db.session.get(Booking, booking["id"]).patient_id == patient.id


def test_a_taken_time_answers_409_with_alternatives(client, bookable, patient, make_patient, add_booking):
    add_booking(bookable, make_patient(), at("Europe/London", 2026, 3, 3, 9))
    login(client, patient.email)
    response = client.post("/api/v1/bookings", json=_booking_body(bookable),
                           headers={"X-CSRFToken": _token(client, bookable)})
    problem = problem_of(response, 409, "slot_taken", "starts_at")
    assert problem["detail"] == "This time was just taken by someone else."
    assert problem["alternatives"][0]["starts_at"] == "2026-03-03T09:45:00+00:00"
    assert db.session.scalar(select(func.count(Booking.id))) == 1


def test_a_refusal_by_the_rules_names_its_field_or_answers_403(client, bookable, make_patient):
    """The booking rules' refusals: 400 naming the field to fix, or 403 when no field would help."""
    login(client, make_patient(email="unverified@example.com", verified=False).email)
    unverified = client.post("/api/v1/bookings", json=_booking_body(bookable),
                             headers={"X-CSRFToken": _token(client, bookable)})
    assert "confirm your email address" in problem_of(unverified, 403, "refused")["detail"]
    login(client, make_patient(email="nameless@example.com").email)
    nameless = client.post("/api/v1/bookings", json=_booking_body(bookable, patient_name=""),
                           headers={"X-CSRFToken": _token(client, bookable)})
    assert problem_of(nameless, 400, "refused", "patient_name")["detail"] == "Enter your name (up to 120 characters)."
    assert db.session.scalar(select(func.count(Booking.id))) == 0


def test_the_api_refuses_without_login_or_token_or_time(client, bookable, patient):
    anonymous = client.post("/api/v1/bookings", json=_booking_body(bookable),
                            headers={"X-CSRFToken": csrf_token(text_of(client.get("/login")))})
    assert problem_of(anonymous, 401, "unauthorized")["detail"] == "Log in as a patient to book."
    login(client, patient.email)
    no_token = client.post("/api/v1/bookings", json=_booking_body(bookable))
    assert problem_of(no_token, 400, "csrf_failed")["detail"] == "The CSRF token is missing."
    bad = client.post("/api/v1/bookings", json=_booking_body(bookable, starts_at="tomorrow at nine"),
                      headers={"X-CSRFToken": _token(client, bookable)})
    assert "ISO 8601 instant" in problem_of(bad, 400, "invalid_instant", "starts_at")["detail"]
    assert db.session.scalar(select(func.count(Booking.id))) == 0


def test_a_booking_leaves_the_search_index_alone(client, bookable, patient):
    """Bookings are not search data: they must not renew the token (nor queue on its row lock)."""
    from directory.index import current_generation

    login(client, patient.email)
    token = current_generation()
    response = client.post("/api/v1/bookings", json=_booking_body(bookable),
                           headers={"X-CSRFToken": _token(client, bookable)})
    assert response.status_code == 201
    assert current_generation() == token
