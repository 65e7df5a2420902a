"""The patient's booking flow: choose, register without losing the slot, confirm age and consent, book."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from audit.models import AuditEvent
from booking.models import Booking
from compliance.consent import consent_for
from core.extensions import db
from tests.booking.helpers import NOW, at, page_text
from tests.helpers import TEST_PASSWORD, csrf_token, login, plain_text, submit


def confirm_url(target, start="2026-03-03T09:00Z"):
    return (f"/practitioners/{target.practitioner.slug}/book/confirm?treatment={target.offering.treatment.slug}"
            f"&clinic={target.clinic.id}&start={start}")


def bookings():
    return list(db.session.scalars(select(Booking)))


def test_the_start_page_lists_free_times_in_the_clinics_zone(client, bookable):
    page = page_text(client.get(f"/practitioners/{bookable.practitioner.slug}/book"))
    assert "Europe/London" in page and "Monday 2 March 2026" in page
    assert 'datetime="2026-03-02T09:00:00+00:00" data-local data-zone="Europe/London">09:00</time>' in page
    assert "start=2026-03-02T09:00Z" in page
    assert "js/booking.js" in page


def test_new_york_times_are_shown_on_new_york_clocks(client, make_bookable):
    target = make_bookable(zone="America/New_York")
    page = page_text(client.get(f"/practitioners/{target.practitioner.slug}/book?from=2026-03-09"))
    assert "America/New York" in page
    # Monday 9 March, the day after New York's clocks went forward: 09:00 EDT is 13:00 UTC.
    assert 'datetime="2026-03-09T13:00:00+00:00" data-local data-zone="America/New_York">09:00</time>' in page


def test_an_unknown_or_unlisted_practitioner_has_no_booking_page(client, make_bookable):
    target = make_bookable()
    target.practitioner.suspended_at = NOW
    db.session.commit()
    assert client.get(f"/practitioners/{target.practitioner.slug}/book").status_code == 404
    assert client.get("/practitioners/nobody/book/confirm").status_code == 404


def test_a_visitor_is_asked_to_log_in_or_register_and_keeps_the_slot(client, bookable):
    page = page_text(client.get(confirm_url(bookable)))
    assert "Log in or create an account to book" in page
    assert "Tuesday 3 March 2026" in page and "09:00" in page
    assert "/register?next=/practitioners/" in page and "start%3D2026-03-03T09:00Z" in page


def test_a_new_patient_registers_verifies_and_books_the_same_slot(client, bookable, mailbox):
    url = confirm_url(bookable)
    response = submit(client, f"/register?next={url.replace('?', '%3F').replace('&', '%26')}",
                      {"role": "patient", "name": "Nia New", "email": "nia@example.com", "password": TEST_PASSWORD,
                       "confirm": TEST_PASSWORD})
    assert response.status_code == 302 and response.location == url
    assert "Confirm your email address to book" in page_text(client.get(url))
    link = re.search(r"https?://\S+/verify/(\S+)", plain_text(mailbox.to("nia@example.com")[0])).group(0)
    submit(client, link.split("verity.test")[-1], {})
    booked = submit(client, url, {"patient_name": "Nia New", "patient_phone": "07700 900123"})
    assert booked.status_code == 302
    [booking] = bookings()
    assert booked.location == f"/bookings/{booking.id}"
    assert booking.starts_at == at("Europe/London", 2026, 3, 3, 9)
    assert (booking.patient.email, booking.patient_phone, booking.status) == ("nia@example.com", "07700 900123",
                                                                            "booked")


def test_booking_stores_the_times_and_an_audit_event(client, make_bookable, patient, mailbox):
    target = make_bookable(buffer_before=10, buffer_after=15)
    login(client, patient.email)
    submit(client, confirm_url(target), {"patient_name": "Pat Patient", "notes": "First visit"})
    [booking] = bookings()
    assert (booking.starts_at, booking.ends_at) == (at("Europe/London", 2026, 3, 3, 9),
                                                   at("Europe/London", 2026, 3, 3, 9, 45))
    assert (booking.blocked_from, booking.blocked_until) == (at("Europe/London", 2026, 3, 3, 8, 50),
                                                             at("Europe/London", 2026, 3, 3, 10))
    assert booking.time_zone == "Europe/London" and booking.notes == "First visit"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "booking.created"))
    assert event.subject_id == booking.id and event.actor_id == patient.id
    assert mailbox.to(patient.email)[0]["Subject"].startswith("Booked: Microneedling")
    assert mailbox.to(target.practitioner.user.email)


def test_adults_only_treatments_need_the_age_confirmation(client, make_bookable, patient):
    target = make_bookable(treatment="dermal-filler")
    login(client, patient.email)
    page = page_text(client.get(confirm_url(target)))
    assert "I confirm that I am 18 or over" in page
    refused = page_text(submit(client, confirm_url(target), {"patient_name": "Pat Patient"}))
    assert "please confirm that you are 18 or over" in refused and bookings() == []
    submit(client, confirm_url(target), {"patient_name": "Pat Patient", "adult": "y"})
    assert bookings()[0].adult_confirmed_at == NOW


def test_an_exosome_adjunct_needs_the_consent_of_the_clinics_country(client, make_bookable, patient):
    target = make_bookable(treatment="exosome-facial")
    version, text = consent_for("GB")
    login(client, patient.email)
    page = page_text(client.get(confirm_url(target)))
    assert text.split("\n\n")[0] in page and version in page
    refused = page_text(submit(client, confirm_url(target), {"patient_name": "Pat Patient"}))
    assert "tick the box to accept it" in refused and bookings() == []
    submit(client, confirm_url(target), {"patient_name": "Pat Patient", "consent": "y", "consent_version": version})
    [booking] = bookings()
    assert (booking.consent_version, booking.consent_text, booking.consent_accepted_at) == (version, text, NOW)


def test_a_us_clinic_stores_the_us_consent(client, make_bookable, patient):
    target = make_bookable(zone="America/New_York", treatment="microneedling", exosome=True)
    login(client, patient.email)
    submit(client, confirm_url(target, "2026-03-03T14:00Z"), {"patient_name": "Pat Patient", "consent": "y",
                                                            "consent_version": consent_for("US")[0]})
    assert bookings()[0].consent_version == consent_for("US")[0]
    assert bookings()[0].consent_text == consent_for("US")[1]


def test_a_consent_version_other_than_the_current_one_is_refused(client, make_bookable, patient):
    target = make_bookable(treatment="exosome-facial")
    login(client, patient.email)
    # Someone who accepted an older text (the page was open while it changed) must read the new one.
    refused = page_text(submit(client, confirm_url(target), {"patient_name": "Pat Patient", "consent": "y",
                                                           "consent_version": "exosome-gb-1999-1"}))
    assert "tick the box to accept it" in refused and bookings() == []


def test_a_treatment_needing_a_consultation_books_one_first(client, make_bookable, patient, add_booking):
    target = make_bookable(requires_consultation=True)
    login(client, patient.email)
    assert "starts with a 30-minute consultation" in page_text(
        client.get(f"/practitioners/{target.practitioner.slug}/book"))
    submit(client, confirm_url(target), {"patient_name": "Pat Patient"})
    [consultation] = bookings()
    assert consultation.kind == "consultation" and consultation.ends_at - consultation.starts_at == timedelta(
        minutes=30)
    add_booking(target, patient, NOW - timedelta(days=7), kind="consultation", status="confirmed")
    submit(client, confirm_url(target, "2026-03-04T09:00Z"), {"patient_name": "Pat Patient"})
    assert sorted(b.kind for b in bookings()) == ["consultation", "consultation", "treatment"]


def test_a_time_taken_meanwhile_shows_the_nearest_free_times(client, bookable, patient, make_patient, add_booking):
    login(client, patient.email)
    form_page = client.get(confirm_url(bookable))
    add_booking(bookable, make_patient(), at("Europe/London", 2026, 3, 3, 9))
    response = client.post(confirm_url(bookable), data={"patient_name": "Pat", "csrf_token": csrf_token(
        form_page.get_data(as_text=True))})
    page = page_text(response)
    assert response.status_code == 409
    assert "this time was just taken" in page and "Nothing has been booked for you" in page
    assert "start=2026-03-03T09:45Z" in page and "start=2026-03-03T08:15Z" not in page
    assert len(bookings()) == 1
    assert "this time was just taken" in page_text(client.get(confirm_url(bookable)))


def test_a_time_the_clinic_does_not_offer_is_refused(client, bookable, patient):
    login(client, patient.email)
    page = page_text(client.get(confirm_url(bookable, "2026-03-03T09:07Z")))
    assert "This time cannot be booked" in page
    response = submit(client, confirm_url(bookable, "2026-03-03T09:07Z"), {"patient_name": "Pat"},
                      page=confirm_url(bookable))
    assert "not one we can offer" in page_text(response) and bookings() == []


def test_only_verified_patients_can_book(client, bookable, make_patient, make_user):
    login(client, make_patient(email="unverified@example.com", verified=False).email)
    assert "Confirm your email address to book" in page_text(client.get(confirm_url(bookable)))
    client.post("/logout", data={})
    practitioner = make_user(role="practitioner")
    login(client, practitioner.email)
    assert "Patient accounts book" in page_text(client.get(confirm_url(bookable)))
    assert db.session.scalar(select(func.count(Booking.id))) == 0
