"""Your account: change the email (only through the link sent to the new address), change the password
(other sessions end), download your data (yours only)."""
import json
from datetime import timedelta

from sqlalchemy import select

from accounts.models import User
from audit.models import AuditEvent
from core.extensions import db
from tests.booking.helpers import NOW, at
from tests.helpers import TEST_PASSWORD, plain_text, text_of
from tests.privacy.conftest import emailed_link, logged_in_as, post_form

NEW_PASSWORD = "a brand new passphrase"


def ask_for(device, new_email: str, password: str = TEST_PASSWORD):
    """Ask on the account page to move the account to a new address."""
    return post_form(device, "/account/email", {"email-new_email": new_email, "email-password": password})


def test_the_email_changes_only_when_the_link_sent_to_the_new_address_is_used(app, patient, device, mailbox):
    laptop = device(patient.email)
    response = ask_for(laptop, "pat.new@example.com")
    assert response.status_code == 302
    assert "We have sent a link to pat.new@example.com" in text_of(laptop.get("/account"))
    # Nothing has changed yet: the old address still logs in, and it is told what was asked.
    assert logged_in_as(device("pat@example.com")) == "pat@example.com"
    [notice] = mailbox.to("pat@example.com")
    assert "pat.new@example.com" in plain_text(notice) and "only if it is opened" in plain_text(notice)

    link = emailed_link(mailbox, "pat.new@example.com", "/account/email/confirm/")
    phone = app.test_client()  # the link is opened on another device, not logged in
    page = phone.get(link)
    assert page.status_code == 200 and "Use pat.new@example.com" in text_of(page)
    assert "pat@example.com" not in text_of(page)  # whoever holds the link does not learn the old address
    assert db.session.get(User, patient.id).email == "pat@example.com"  # opening the link alone changes nothing
    assert post_form(phone, link, {}, page=link).status_code == 302

    assert db.session.get(User, patient.id).email == "pat.new@example.com"
    assert logged_in_as(laptop) == "pat.new@example.com"  # the session that asked stays logged in
    assert "is now pat.new@example.com" in plain_text(mailbox.to("pat@example.com")[-1])
    assert logged_in_as(device("pat.new@example.com")) == "pat.new@example.com"


def test_an_email_change_link_works_once(app, patient, device, mailbox):
    ask_for(device(patient.email), "pat.new@example.com")
    link = emailed_link(mailbox, "pat.new@example.com", "/account/email/confirm/")
    browser = app.test_client()
    assert post_form(browser, link, {}, page=link).status_code == 302
    again = browser.get(link)
    assert again.status_code == 400 and "has been used" in text_of(again)


def test_an_email_change_link_survives_no_round_trip_back_to_the_old_address(app, patient, device, mailbox):
    """A -> B, then B -> A again: the first A -> B link must not work a second time."""
    laptop = device(patient.email)
    ask_for(laptop, "pat.new@example.com")
    first = emailed_link(mailbox, "pat.new@example.com", "/account/email/confirm/")
    browser = app.test_client()
    post_form(browser, first, {}, page=first)
    ask_for(laptop, "pat@example.com")
    back = emailed_link(mailbox, "pat@example.com", "/account/email/confirm/")
    post_form(browser, back, {}, page=back)
    assert db.session.get(User, patient.id).email == "pat@example.com"
    assert browser.get(first).status_code == 400


def test_an_expired_email_change_link_is_refused(app, patient, device, mailbox):
    ask_for(device(patient.email), "pat.new@example.com")
    link = emailed_link(mailbox, "pat.new@example.com", "/account/email/confirm/")
    app.config["EMAIL_CHANGE_MAX_AGE"] = -1
    response = app.test_client().get(link)
    assert response.status_code == 400 and "expired" in text_of(response)


def test_a_taken_address_is_refused_as_registration_refuses_it_and_nothing_is_sent(patient, make_patient, device,
                                                                                  mailbox):
    make_patient(email="olly@example.com")
    response = ask_for(device(patient.email), "OLLY@example.com")
    assert response.status_code == 200 and "An account with this email already exists." in text_of(response)
    assert mailbox.to("olly@example.com") == [] and mailbox.to("pat@example.com") == []


def test_an_email_change_needs_the_current_password(patient, device, mailbox):
    response = ask_for(device(patient.email), "pat.new@example.com", password="not my password")
    assert response.status_code == 200 and "That is not your current password." in text_of(response)
    assert mailbox.messages == []


def test_a_password_change_needs_the_current_password_and_ends_every_other_session(app, patient, device, mailbox):
    laptop, phone = device(patient.email), device(patient.email, remember=True)
    remember = phone.get_cookie("remember_token", domain="verity.test").value
    wrong = post_form(laptop, "/account/password", {"pw-current_password": "guess", "pw-password": NEW_PASSWORD,
                                                    "pw-confirm": NEW_PASSWORD})
    assert "That is not your current password." in text_of(wrong) and logged_in_as(phone)

    response = post_form(laptop, "/account/password", {"pw-current_password": TEST_PASSWORD,
                                                       "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert logged_in_as(laptop) == "pat@example.com"  # this browser stays logged in
    assert logged_in_as(phone) is None  # the other session is over
    remembered = app.test_client()
    remembered.set_cookie("remember_token", remember, domain="verity.test")
    assert logged_in_as(remembered) is None  # and so is its remember-me cookie
    assert "has just been changed" in plain_text(mailbox.to("pat@example.com")[-1])
    assert logged_in_as(device(patient.email, password=NEW_PASSWORD)) == "pat@example.com"


def download(device):
    """Press 'Download my data' and read the file."""
    response = post_form(device, "/account/export", {})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="verity-data-2026-03-02.json"'
    return json.loads(response.get_data(as_text=True))


def test_the_download_holds_the_patients_bookings_and_nothing_of_another_patient(
        bookable, patient, make_patient, add_booking, device):
    olly = make_patient(email="olly@example.com", name="Olly Other")
    add_booking(bookable, patient, at("Europe/London", 2026, 3, 4, 10), patient_phone="07700 900123")
    add_booking(bookable, olly, at("Europe/London", 2026, 3, 4, 12), notes="Olly's private note")
    data = download(device(patient.email))

    assert data["account"]["email"] == "pat@example.com" and data["account"]["name"] == "Pat Patient"
    [booking] = data["bookings"]
    assert booking["practitioner"] == "Dr Bookable" and booking["clinic"] == "Piccadilly Clinic"
    assert booking["treatment"] == "Microneedling" and booking["phone_given"] == "07700 900123"
    assert booking["starts_at"] == "2026-03-04T10:00:00+00:00" and booking["time_zone"] == "Europe/London"
    text = json.dumps(data)
    assert "olly" not in text.lower() and "Olly's private note" not in text
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "account.exported"))
    assert event.subject_id == patient.id and event.after is None  # audited, without the content


def test_a_practitioner_downloads_their_profile_without_their_patients(bookable, patient, add_booking, device):
    add_booking(bookable, patient, NOW + timedelta(days=2))
    data = download(device(bookable.practitioner.user.email))
    assert data["practitioner_profile"]["name"] == "Dr Bookable"
    assert data["practitioner_profile"]["clinics"][0]["name"] == "Piccadilly Clinic"
    assert data["bookings"] == [] and "Pat Patient" not in json.dumps(data)
