"""Cancelling and moving: the cut-off, signed links (tampered, expired, out of date), and no overlap on a move."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from booking import links
from booking.models import Booking
from booking.services import SlotTaken, cancel_by_patient, reschedule
from core.extensions import db
from core.refusal import Refusal
from tests.booking.helpers import NOW, at, page_text
from tests.helpers import login, submit


def link_in(mailbox, address, purpose):
    """The path of a signed link in the latest email to an address."""
    body = mailbox.to(address)[-1].get_body(("plain",)).get_content()
    return re.search(rf"https?://[^/\s]+(/bookings/link/\S+/{purpose})", body).group(1)


@pytest.fixture
def booked(client, bookable, patient, mailbox):
    """A booking of the patient on Tuesday 3 March at 09:00 (25 hours after NOW), made through the pages."""
    login(client, patient.email)
    submit(client, f"/practitioners/{bookable.practitioner.slug}/book/confirm?treatment=microneedling"
                   f"&clinic={bookable.clinic.id}&start=2026-03-03T09:00Z", {"patient_name": "Pat Patient"})
    return db.session.scalars(select(Booking)).one()


@pytest.fixture
def soon(bookable, patient, add_booking):
    """A booking of the patient 10 hours after NOW, inside the clinic's 24-hour cut-off."""
    return add_booking(bookable, patient, NOW + timedelta(hours=10))


def test_a_patient_cancels_before_the_cut_off(client, booked, patient, mailbox):
    response = submit(client, f"/bookings/{booked.id}/cancel", {"reason": "Diary clash"})
    assert response.status_code == 302
    db.session.refresh(booked)
    assert (booked.status, booked.cancelled_by_id, booked.cancellation_reason) == ("cancelled", patient.id,
                                                                                  "Diary clash")
    assert db.session.scalar(select(AuditEvent.reason).where(AuditEvent.action == "booking.cancelled")) == \
        "Diary clash"
    assert mailbox.to(patient.email)[-1]["Subject"].startswith("Cancelled:")


def test_cancelling_past_the_cut_off_is_refused_with_a_clear_message(client, soon, patient):
    login(client, patient.email)
    page = page_text(client.get(f"/bookings/{soon.id}/cancel"))
    assert "can no longer be cancelled online: changes close 24 hours before the appointment" in page
    assert "Yes, cancel it" not in page
    response = submit(client, f"/bookings/{soon.id}/cancel", {}, page="/bookings")
    assert response.status_code == 400
    db.session.refresh(soon)
    assert soon.status == "booked"


def test_moving_past_the_cut_off_is_refused(client, soon, patient):
    login(client, patient.email)
    assert "can no longer be moved online" in page_text(client.get(f"/bookings/{soon.id}/reschedule"))
    response = submit(client, f"/bookings/{soon.id}/reschedule/confirm?start=2026-03-05T09:00Z", {})
    assert response.status_code == 400 and "can no longer be moved online" in page_text(response)
    db.session.refresh(soon)
    assert soon.starts_at == NOW + timedelta(hours=10)


def test_the_services_refuse_past_the_cut_off(soon, patient):
    with pytest.raises(Refusal, match="changes close 24 hours before") as refused:
        cancel_by_patient(soon, patient, NOW)
    assert refused.value.code == "past_cutoff"
    with pytest.raises(Refusal) as refused:
        reschedule(soon, at("Europe/London", 2026, 3, 5, 9), patient, NOW)
    assert refused.value.code == "past_cutoff"
    cancel_by_patient(soon, patient, soon.starts_at - timedelta(hours=24))  # exactly at the cut-off is allowed


def test_the_emailed_cancel_link_works_without_logging_in(client, booked, patient, mailbox):
    path = link_in(mailbox, patient.email, "cancel")
    client.post("/logout", data={})
    assert "Cancel this booking?" in page_text(client.get(path))
    assert submit(client, path, {}).status_code == 302
    db.session.refresh(booked)
    assert booked.status == "cancelled"
    assert db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "booking.cancelled")) == patient.id


def test_the_emailed_move_link_moves_the_booking(client, booked, patient, mailbox):
    path = link_in(mailbox, patient.email, "reschedule")
    client.post("/logout", data={})
    page = page_text(client.get(path + "?from=2026-03-04"))
    assert "Choose a new time" in page and "start=2026-03-04T09:00Z" in page
    assert submit(client, path + "/confirm?start=2026-03-04T09:00Z", {}).status_code == 302
    db.session.refresh(booked)
    assert booked.starts_at == at("Europe/London", 2026, 3, 4, 9) and booked.sequence == 1


def test_a_tampered_link_is_refused(client, booked, patient, mailbox):
    path = link_in(mailbox, patient.email, "cancel")
    token = path.split("/")[3]
    forged = path.replace(token, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))
    response = client.get(forged)
    assert response.status_code == 400 and "This link is not valid" in page_text(response)
    assert submit(client, forged, {}, page="/bookings").status_code == 400
    db.session.refresh(booked)
    assert booked.status == "booked"


def test_a_cancel_link_cannot_move_a_booking(client, booked, patient, mailbox):
    token = link_in(mailbox, patient.email, "cancel").split("/")[3]
    response = client.get(f"/bookings/link/{token}/reschedule")
    assert response.status_code == 400 and "This link is not valid" in page_text(response)


def test_an_expired_link_is_refused(client, bookable, patient, add_booking):
    past = add_booking(bookable, patient, NOW - timedelta(hours=1))
    token = links.make_token(past, "cancel", NOW - timedelta(days=2))
    response = client.get(f"/bookings/link/{token}/cancel")
    assert response.status_code == 400 and "This link has expired" in page_text(response)
    fresh = add_booking(bookable, patient, NOW + timedelta(days=10))
    with pytest.raises(links.LinkInvalid, match="expired"):
        links.read_token(links.make_token(fresh, "cancel", NOW), "cancel", fresh.starts_at + timedelta(minutes=1))


def test_a_link_from_before_a_move_no_longer_works(client, booked, patient, mailbox):
    old_cancel = link_in(mailbox, patient.email, "cancel")
    submit(client, f"/bookings/{booked.id}/reschedule/confirm?start=2026-03-04T09:00Z", {})
    response = client.get(old_cancel)
    assert response.status_code == 400 and "has changed since that email was sent" in page_text(response)
    assert client.get(link_in(mailbox, patient.email, "cancel")).status_code == 200


def test_a_link_past_the_cut_off_explains_why(client, soon):
    token = links.make_token(soon, "cancel", NOW)
    assert "can no longer be cancelled online" in page_text(client.get(f"/bookings/link/{token}/cancel"))


def test_a_move_onto_a_taken_time_is_refused_with_alternatives(client, booked, bookable, make_patient, add_booking):
    add_booking(bookable, make_patient(), at("Europe/London", 2026, 3, 4, 9))
    with pytest.raises(SlotTaken) as taken:
        reschedule(booked, at("Europe/London", 2026, 3, 4, 9), booked.patient, NOW)
    assert taken.value.alternatives[0].starts_at == at("Europe/London", 2026, 3, 4, 9, 45)
    db.session.refresh(booked)
    assert booked.starts_at == at("Europe/London", 2026, 3, 3, 9)


def test_a_booking_can_move_onto_part_of_its_own_time(booked):
    reschedule(booked, at("Europe/London", 2026, 3, 3, 9, 15), booked.patient, NOW)
    db.session.commit()
    assert booked.starts_at == at("Europe/London", 2026, 3, 3, 9, 15)
