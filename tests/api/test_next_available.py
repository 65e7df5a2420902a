"""A search result's `next_available` is the first slot the slots endpoint gives for its clinic and treatment.

Several practitioners and clinics (two clinics of one practitioner with different hours, a treatment
that starts with a consultation, a practitioner already booked, a clinic without hours, New York and
London), at pinned instants, two of them the evening before the clocks go forward.
"""
from datetime import datetime, time, timezone

import pytest

from booking.models import OpeningHours
from core.extensions import db
from tests.api.problems import problem_of
from tests.booking.conftest import (add_booking, make_bookable, make_patient, not_compliant, patient,  # noqa: F401
                                    set_hours)
from tests.booking.helpers import NOW, at
from tests.helpers import csrf_token, login, text_of

UTC = timezone.utc
SUNDAYS = {6: (time(9), time(17))}
WEEKDAYS = {d: (time(9), time(17)) for d in range(5)}
ANCOATS = {"name": "Ancoats Clinic", "city": "Manchester", "postcode": "M4 6DE", "lat": 53.4842, "lon": -2.2265,
           "address": "12 Blossom Street", "time_zone": "Europe/London"}
NO_HOURS = {"name": "Salford Rooms", "city": "Salford", "postcode": "M5 4WT", "lat": 53.4875, "lon": -2.2901,
            "address": "1 Crescent", "time_zone": "Europe/London"}
SEARCHES = {  # where a patient searches, and with which treatment
    "Manchester": {"lat": 53.4794, "lon": -2.2453, "radius": 20, "unit": "km"},
    "Manchester, PRP": {"lat": 53.4794, "lon": -2.2453, "radius": 20, "unit": "km", "treatment": "prp"},
    "Ancoats": {"lat": 53.4842, "lon": -2.2265, "radius": 1, "unit": "km"},
    "Salford": {"lat": 53.4875, "lon": -2.2901, "radius": 1, "unit": "km"},
    "New York": {"lat": 40.7616, "lon": -73.9719, "radius": 5},
}
INSTANTS = {
    "a Monday morning": NOW,
    "the evening before New York's clocks go forward": datetime(2026, 3, 7, 23, 0, tzinfo=UTC),
    "the evening before London's clocks go forward": datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
}


@pytest.fixture
def app_config(app_config):
    """The API runs at a pinned instant (each test moves it through the app's config)."""
    app_config["CLOCK_NOW"] = NOW
    return app_config


@pytest.fixture
def practitioners(make_bookable, catalogue, add_booking, patient):  # noqa: F811 - fixtures imported above
    """Five practitioners at six clinics with different hours, treatments and bookings."""
    two = make_bookable(name="Dr Two Clinics", hours={}, extra_clinics=[ANCOATS, NO_HOURS])
    set_hours(two.clinic, WEEKDAYS)
    set_hours(two.practitioner.clinics[1], SUNDAYS)  # Ancoats opens on Sundays only; Salford has no hours
    from directory.models import Offering

    two.practitioner.offerings.append(Offering(treatment=catalogue["prp"], price_from_minor=32000, currency="GBP",
                                               duration_minutes=60, requires_consultation=True))
    db.session.commit()
    make_bookable(name="Dr Sunday", hours=SUNDAYS)
    make_bookable(name="Dr Consult", treatment="prp", requires_consultation=True, notice_minutes=24 * 60)
    busy = make_bookable(name="Dr Busy", duration=60)
    add_booking(busy, patient, at("Europe/London", 2026, 3, 2, 9))
    add_booking(busy, patient, at("Europe/London", 2026, 3, 29, 9))
    make_bookable(name="Dr New York", zone="America/New_York", hours=SUNDAYS)
    return two


def offered(client, hit) -> list[str]:
    """The starts the slots endpoint gives for the result's clinic and treatment, as ISO 8601."""
    response = client.get(f"/api/v1/practitioners/{hit['id']}/slots", query_string={
        "clinic": hit["clinic"]["id"], "treatment": hit["treatment"], "days": 100})
    assert response.status_code == 200, response.get_json()
    return [slot["starts_at"] for slot in response.get_json()["slots"]]


@pytest.mark.parametrize("instant", INSTANTS)
def test_next_available_is_the_first_slot_of_that_clinic_and_treatment(app, client, practitioners, instant):
    app.config["CLOCK_NOW"] = INSTANTS[instant]
    seen = {}
    for place, args in SEARCHES.items():
        for hit in client.get("/api/v1/practitioners", query_string=args).get_json()["results"]:
            assert hit["bookable"] is True and hit["clinic"]["id"]
            slots = offered(client, hit)
            assert hit["next_available"] == next(iter(slots), None), (place, hit["name"])
            # The card's three times: the slot list's first three, the first of them next_available.
            assert hit["next_slots"] == slots[:3], (place, hit["name"])
            seen[(place, hit["name"])] = (hit["clinic"]["name"], hit["treatment"], hit["next_available"])
    assert len(seen) == 9
    # The same practitioner is a different result at each clinic and for each treatment.
    assert seen[("Ancoats", "Dr Two Clinics")][0] == "Ancoats Clinic"
    assert seen[("Manchester", "Dr Two Clinics")][:2] == ("Piccadilly Clinic", "microneedling")
    assert seen[("Manchester, PRP", "Dr Two Clinics")][:2] == ("Piccadilly Clinic", "prp")
    assert seen[("Salford", "Dr Two Clinics")] == ("Salford Rooms", "microneedling", None)


def test_the_time_crosses_the_change_of_clocks(app, client, practitioners):
    app.config["CLOCK_NOW"] = INSTANTS["the evening before London's clocks go forward"]
    hits = {h["name"]: h for h in client.get("/api/v1/practitioners", query_string=SEARCHES["Manchester"]).json[
        "results"]}
    assert hits["Dr Sunday"]["next_available"] == "2026-03-29T09:00:00+01:00"  # BST, not GMT
    assert hits["Dr Busy"]["next_available"] == "2026-03-29T10:00:00+01:00"  # its 09:00 is taken
    app.config["CLOCK_NOW"] = INSTANTS["the evening before New York's clocks go forward"]
    [new_york] = client.get("/api/v1/practitioners", query_string=SEARCHES["New York"]).json["results"]
    assert new_york["next_available"] == "2026-03-08T09:00:00-04:00"  # EDT, not EST


def test_a_clinic_without_hours_says_so_and_gives_no_time(client, practitioners):
    [hit] = client.get("/api/v1/practitioners", query_string=SEARCHES["Salford"]).json["results"]
    assert hit["clinic"]["online_booking"] is False and hit["next_available"] is None
    assert db.session.query(OpeningHours).filter_by(clinic_id=hit["clinic"]["id"]).count() == 0


# Not compliant means not bookable




def test_a_not_compliant_practitioner_is_listed_but_not_bookable(client, not_compliant):
    [hit] = client.get("/api/v1/practitioners", query_string=SEARCHES["Manchester"]).json["results"]
    assert hit["name"] == "Dr Claims" and hit["badge"]["status"] == "not_compliant"
    assert hit["badge"]["rules_broken"] == ["UK-MED"]  # rule ids stay in the API
    assert hit["bookable"] is False and hit["next_available"] is None
    assert "not taking new bookings" in hit["not_bookable_reason"].lower()


def test_its_slots_answer_409_not_bookable(client, not_compliant):
    response = client.get(f"/api/v1/practitioners/{not_compliant.practitioner.id}/slots",
                          query_string={"treatment": "microneedling", "clinic": not_compliant.clinic.id})
    assert "exosomes" in problem_of(response, 409, "not_bookable")["detail"]


def test_booking_it_answers_409_not_bookable_and_stores_nothing(client, not_compliant, patient):  # noqa: F811
    login(client, patient.email)
    response = client.post("/api/v1/bookings", headers={"X-CSRFToken": csrf_token(text_of(client.get("/login")))},
                           json={"practitioner_id": not_compliant.practitioner.id, "treatment": "microneedling",
                                 "clinic": not_compliant.clinic.id, "starts_at": "2026-03-03T09:00:00+00:00",
                                 "patient_name": "Pat Patient"})
    problem_of(response, 409, "not_bookable")
    from booking.models import Booking

    assert db.session.query(Booking).count() == 0
