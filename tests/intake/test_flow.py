"""The health questions in the booking flow: asked before a first prescription-only treatment, linked to the booking."""
from sqlalchemy import select

from booking.models import Booking
from core.extensions import db
from tests.booking.helpers import page_text, words
from tests.helpers import login, plain_text, submit
from tests.intake.helpers import SECRET, confirm_url, form_data, health_url, stored


def bookings():
    db.session.commit()
    return list(db.session.scalars(select(Booking).order_by(Booking.id)))


def test_a_first_pom_booking_is_a_consultation_that_needs_the_health_questions(client, make_bookable, patient):
    target = make_bookable(treatment="botulinum-toxin")
    login(client, patient.email)
    start = words(client.get(f"/practitioners/{target.practitioner.slug}/book"))
    assert "Why a consultation comes first" in start and "UK-POM-CONSULT" in start
    page = words(client.get(confirm_url(target)))
    assert "Health questions" in page and "Answer the health questions" in page and "Book this time" not in page
    refused = submit(client, confirm_url(target), {"patient_name": "Pat Patient", "adult": "y"})
    assert bookings() == [] and "please answer a few short health questions" in words(refused)

    half = submit(client, health_url(target), form_data(allergies=""))
    assert half.status_code == 200 and "What are you allergic to, and what happens?." in words(half)
    assert 'id="allergies_detail-error"' in half.get_data(as_text=True) and stored() == []

    saved = submit(client, health_url(target), form_data(allergies=SECRET))
    assert saved.status_code == 302 and saved.location == confirm_url(target)
    page = words(client.get(confirm_url(target)))
    assert "Book this time" in page and "cancellation policy" in page
    assert submit(client, confirm_url(target), {"patient_name": "Pat Patient", "adult": "y"}).status_code == 302
    [booking] = bookings()
    [row] = stored()
    assert (booking.kind, row.booking_id, row.patient_id) == ("consultation", booking.id, patient.id)


def test_a_treatment_that_is_not_prescription_only_asks_no_health_questions(client, make_bookable, patient):
    target = make_bookable(treatment="dermal-filler")
    login(client, patient.email)
    page = words(client.get(confirm_url(target)))
    assert "Health questions" not in page and "Book this time" in page
    assert submit(client, confirm_url(target), {"patient_name": "Pat Patient", "adult": "y"}).status_code == 302
    assert len(bookings()) == 1 and stored() == []


def test_a_second_booking_with_the_practitioner_asks_to_check_the_last_answers(client, make_bookable, patient):
    target = make_bookable(treatment="botulinum-toxin")
    login(client, patient.email)
    submit(client, health_url(target), form_data(medicines="Warfarin 5 mg daily"))
    submit(client, confirm_url(target), {"patient_name": "Pat Patient", "adult": "y"})
    later = "2026-03-04T10:00Z"
    page = words(client.get(confirm_url(target, later)))
    assert "Check your health answers" in page and "Monday 2 March 2026" in page and "Book this time" not in page
    form = page_text(client.get(health_url(target, later)))
    assert "Warfarin 5 mg daily" in form and "Check your answers are still right" in form
    submit(client, health_url(target, later), form_data(medicines="Warfarin 5 mg daily"))
    submit(client, confirm_url(target, later), {"patient_name": "Pat Patient", "adult": "y"})
    first, second = bookings()
    assert [row.booking_id for row in stored()] == [first.id, second.id]


def test_the_cancellation_policy_is_shown_before_booking_and_in_the_email(client, make_bookable, patient, mailbox):
    target = make_bookable(treatment="microneedling")
    login(client, target.practitioner.user.email)
    saved = submit(client, "/practice/booking/cancellation-policy",
                   {"notice_hours": "48", "fee_text": "Your £50 deposit is kept."})
    assert saved.status_code == 302
    submit(client, "/logout", {}, page="/practice/booking/")
    login(client, patient.email)
    page = words(client.get(confirm_url(target)))
    assert "at least 48 hours before" in page and "Your £50 deposit is kept." in page
    submit(client, confirm_url(target), {"patient_name": "Pat Patient"})
    [email] = mailbox.to(patient.email)
    html = email.get_body(("html",)).get_content()
    for body in (plain_text(email), html):
        assert "cancellation policy" in body and "at least 48 hours before" in body
        assert "Your £50 deposit is kept." in body


def test_the_default_policy_and_a_refused_notice(client, make_bookable, patient):
    target = make_bookable()
    login(client, target.practitioner.user.email)
    assert "at least 24 hours before" in words(client.get("/practice/booking/"))
    refused = submit(client, "/practice/booking/cancellation-policy", {"notice_hours": "9999", "fee_text": ""})
    assert refused.status_code == 200 and "from 0 to 336" in words(refused)
