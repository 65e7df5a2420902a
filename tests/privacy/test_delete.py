"""Delete my account: future bookings cancelled (practitioner told), past ones anonymised, no more logging in,
the address free to register again, audited without personal data; practitioners with a profile are refused."""
import json
from datetime import timedelta

from sqlalchemy import select

from accounts.models import User
from audit.models import AuditEvent
from booking.models import Booking
from booking.services.patient_data import ERASED_NAME
from core.extensions import db
from core.outbox import OutboxMessage
from tests.booking.helpers import NOW, at
from tests.helpers import TEST_PASSWORD, plain_text, text_of
from tests.privacy.conftest import logged_in_as, post_form

PAST, FUTURE = at("Europe/London", 2026, 2, 20, 10), at("Europe/London", 2026, 3, 4, 10)


def delete(device, password: str = TEST_PASSWORD, understood: bool = True):
    """Press 'Delete my account' with the password and the tick."""
    return post_form(device, "/account/delete", {"delete-password": password,
                                                 **({"delete-understood": "y"} if understood else {})})


def test_deleting_an_account_cancels_what_is_ahead_and_anonymises_what_is_past(
        app, bookable, patient, make_patient, add_booking, device, mailbox):
    olly = make_patient(email="olly@example.com", name="Olly Other")
    past = add_booking(bookable, patient, PAST, status="confirmed", patient_phone="07700 900123", notes="Left side")
    future = add_booking(bookable, patient, FUTURE, patient_phone="07700 900123")
    others = add_booking(bookable, olly, FUTURE + timedelta(hours=2))
    laptop, phone = device(patient.email), device(patient.email)
    post_form(laptop, "/account/export", {})  # an earlier audited event, with the address beside it

    response = delete(laptop)
    assert response.status_code == 302 and response.location == "/"
    assert logged_in_as(laptop) is None and logged_in_as(phone) is None

    future, past, others = (db.session.get(Booking, b.id) for b in (future, past, others))
    assert future.status == "cancelled" and future.cancelled_at == NOW
    assert (past.status, past.starts_at, past.ends_at) == ("confirmed", PAST, PAST + timedelta(minutes=45))
    for booking in (past, future):
        assert (booking.patient_name, booking.patient_phone, booking.notes) == (ERASED_NAME, "", "")
    assert (others.status, others.patient_name) == ("booked", "Olly Other")
    [note] = mailbox.to(bookable.practitioner.user.email)
    assert note["Subject"].startswith("Cancelled: Microneedling with Dr Bookable, Wed 4 Mar at 10:00")
    assert "Patient who deleted their account cancelled a booking." in plain_text(note)
    assert "Pat Patient" not in plain_text(note) + note["Subject"] and "07700" not in plain_text(note)
    [goodbye] = mailbox.to("pat@example.com")
    assert "We cancelled 1 upcoming booking" in plain_text(goodbye)

    user = db.session.get(User, patient.id)
    assert user.erased and user.name == "" and "pat" not in user.email
    # The deletion and its cancellations are audited naming the account by id only; the earlier export
    # keeps the address it was recorded with (the trail is append-only).
    events = {e.action: e for e in db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id))}
    assert set(events) == {"account.exported", "booking.cancelled", "account.deleted"}
    assert events["account.exported"].actor_email == "pat@example.com"
    for action in ("booking.cancelled", "account.deleted"):
        stored = json.dumps([events[action].actor_email, events[action].before, events[action].after,
                             events[action].reason])
        assert "pat@example.com" not in stored and "Pat Patient" not in stored and "07700" not in stored
    assert events["account.deleted"].subject_id == user.id
    assert [m.subject for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "pat@example.com"))] == ["Your Verity account is deleted"]


def test_a_deleted_account_cannot_log_in_and_its_address_can_register_again(patient, client, device):
    delete(device(patient.email))
    refused = post_form(client, "/login", {"email": "pat@example.com", "password": TEST_PASSWORD}, page="/login")
    assert refused.status_code == 200 and "do not match an account" in text_of(refused)
    again = post_form(client, "/register", {"name": "Pat Again", "email": "pat@example.com", "role": "patient",
                                            "password": "another long passphrase",
                                            "confirm": "another long passphrase"}, page="/register")
    assert again.status_code == 302 and logged_in_as(client) == "pat@example.com"


def test_nothing_is_deleted_without_the_password_and_the_tick(bookable, patient, add_booking, device, mailbox):
    booking = add_booking(bookable, patient, FUTURE)
    laptop = device(patient.email)
    wrong = delete(laptop, password="not my password")
    assert wrong.status_code == 200 and "That is not your current password." in text_of(wrong)
    unticked = delete(laptop, understood=False)
    assert "Tick the box to confirm" in text_of(unticked)
    assert logged_in_as(laptop) == "pat@example.com"
    assert db.session.get(Booking, booking.id).status == "booked" and mailbox.messages == []


def test_a_listed_practitioner_is_asked_to_write_to_us_instead(bookable, patient, add_booking, device, mailbox):
    booking = add_booking(bookable, patient, FUTURE)
    owner = device(bookable.practitioner.user.email)
    page = text_of(owner.get("/account"))
    assert "Your practitioner profile is on Verity" in page and "Delete my account</button>" not in page
    response = delete(owner)
    assert response.status_code == 200 and "Write to us" in text_of(response)
    assert logged_in_as(owner) == bookable.practitioner.user.email
    assert db.session.get(Booking, booking.id).status == "booked" and mailbox.messages == []


def test_a_practitioner_without_a_profile_can_delete_their_account(make_user, device):
    user = make_user(role="practitioner", email="newcomer@example.com")
    assert delete(device(user.email)).status_code == 302
    assert db.session.get(User, user.id).erased
