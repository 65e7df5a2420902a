"""The age rule on every path: the confirm page, its POST, the API, and moving a booking; the date of birth asked once."""
from datetime import date

from sqlalchemy import select

from booking.models import Booking
from core.extensions import db
from eligibility.models import BirthDate
from tests.api.problems import problem_of
from tests.booking.helpers import at, words
from tests.helpers import csrf_token, login, submit, text_of
from tests.intake.helpers import confirm_url

START = "2026-03-03T09:00Z"  # Tuesday 3 March 2026, 09:00 in Manchester (GMT)
DETAILS = {"patient_name": "Pat Patient", "adult": "y"}


def bookings():
    db.session.commit()
    return list(db.session.scalars(select(Booking).order_by(Booking.id)))


def api_book(client, target, starts_at="2026-03-03T09:00:00+00:00"):
    token = csrf_token(text_of(client.get(confirm_url(target))))
    body = {"practitioner_id": target.practitioner.id, "treatment": target.offering.treatment.slug,
            "clinic": target.clinic.id, "starts_at": starts_at, "patient_name": "Pat Patient", "adult_confirmed": True}
    return client.post("/api/v1/bookings", json=body, headers={"X-CSRFToken": token})


def test_a_17_year_old_is_refused_filler_on_the_page_and_in_the_api(client, make_bookable, make_patient):
    target = make_bookable(treatment="dermal-filler")
    teen = make_patient(born_on=date(2008, 3, 4))  # 18 the day after the appointment
    login(client, teen.email)
    page = words(client.get(confirm_url(target)))
    assert "This treatment cannot be booked for you" in page and "Book this time" not in page
    assert "cannot be booked for anyone under 18 in England: on 3 March 2026 you will be 17" in page
    assert "Botulinum Toxin and Cosmetic Fillers (Children) Act 2021" in page
    posted = submit(client, confirm_url(target), DETAILS)
    assert posted.status_code == 200 and "you will be 17" in words(posted) and bookings() == []
    body = problem_of(api_book(client, target), 403, "under_age")
    assert body["rule"] == "ENG-UNDER18" and "you will be 17" in body["detail"] and bookings() == []


def test_the_18th_birthday_on_the_day_or_the_day_before_may_book(client, make_bookable, make_patient):
    target = make_bookable(treatment="lip-augmentation")
    for born, start in ((date(2008, 3, 3), "2026-03-03T09:00"), (date(2008, 3, 2), "2026-03-03T11:00")):
        patient = make_patient(born_on=born)
        login(client, patient.email)
        assert "Book this time" in words(client.get(confirm_url(target, start + "Z")))
        assert api_book(client, target, start + ":00+00:00").status_code == 201
        client.post("/logout", data={"csrf_token": csrf_token(text_of(client.get("/")))})
    assert len(bookings()) == 2


def test_outside_england_a_16_year_old_may_book_filler(client, make_bookable, make_patient):
    target = make_bookable(zone="America/New_York", treatment="dermal-filler")
    login(client, make_patient(born_on=date(2010, 1, 1)).email)
    assert api_book(client, target, "2026-03-03T09:00:00-05:00").status_code == 201


def test_the_date_of_birth_is_asked_once_with_its_message_beside_the_field(client, make_bookable, make_patient):
    target = make_bookable(treatment="dermal-filler")
    patient = make_patient(born_on=None)
    login(client, patient.email)
    page = words(client.get(confirm_url(target)))
    assert "Your date of birth" in page and "Give my date of birth" in page and "Book this time" not in page
    problem_of(api_book(client, target), 409, "birth_date_needed")
    ask = f"/account/date-of-birth?slug={target.practitioner.slug}&treatment=dermal-filler" \
          f"&clinic={target.clinic.id}&start={START}"
    for typed, message in (("2027-01-01", "cannot be in the future"), ("1880-05-05", "120 years ago or more"),
                           ("5th of May", "Enter your date of birth")):
        refused = submit(client, ask, {"born_on": typed})
        assert refused.status_code == 200 and 'id="born_on-error"' in refused.get_data(as_text=True)
        assert message in words(refused)
    saved = submit(client, ask, {"born_on": "1999-12-31"})
    assert saved.status_code == 302 and saved.location.startswith(f"/practitioners/{target.practitioner.slug}/book/confirm?")
    assert "Book this time" in words(client.get(saved.location))
    again = submit(client, ask, {"born_on": "2010-01-01"})  # a second answer changes nothing
    assert "31 December 1999" in words(again) and "contact us" in words(again)
    assert db.session.get(BirthDate, patient.id).born_on == date(1999, 12, 31)


def test_moving_a_booking_before_the_18th_birthday_is_refused(client, make_bookable, make_patient, add_booking):
    target = make_bookable(treatment="cheek-lift")
    patient = make_patient(born_on=date(2008, 3, 5))
    booking = add_booking(target, patient, at("Europe/London", 2026, 3, 5, 10))
    login(client, patient.email)
    token = csrf_token(text_of(client.get(confirm_url(target))))
    moved = client.post(f"/api/v1/bookings/{booking.id}/reschedule", json={"starts_at": "2026-03-04T10:00:00+00:00"},
                        headers={"X-CSRFToken": token})
    assert "on 4 March 2026 you will be 17" in problem_of(moved, 403, "under_age")["detail"]
    db.session.refresh(booking)
    assert booking.starts_at == at("Europe/London", 2026, 3, 5, 10)
