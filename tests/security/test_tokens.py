"""Emailed tokens: each acts once, and a password change retires every one of them.

Booking links are read this way: a link that acts (cancel, move) works on the booking as it was when the
email was sent, so once the booking has changed it cannot be replayed; it still shows where the booking
stands. A password change retires them all, the status link too: the mailbox may be what was compromised.
"""
import re

import pytest
from sqlalchemy import func, select

from accounts.models import User
from audit.models import AuditEvent
from booking.models import Booking
from core.extensions import db
from tests.booking.conftest import bookable, make_bookable, make_patient, patient  # noqa: F401 (fixtures)
from tests.booking.helpers import NOW, at, page_text
from tests.helpers import TEST_PASSWORD, login, plain_text, submit

NEW_PASSWORD = "a brand new passphrase"
OTHER_PASSWORD = "yet another long passphrase"


@pytest.fixture
def app_config(app_config):
    """Booking pages at the pinned instant the booking fixtures use."""
    app_config["CLOCK_NOW"] = NOW
    return app_config


def link_in(mailbox, address, pattern) -> str:
    """The path of the first link matching `pattern` in the latest email to an address."""
    body = plain_text(mailbox.to(address)[-1])
    return re.search(rf"https?://[^/\s]+({pattern}\S*)", body).group(1)


def ask_reset(client, mailbox, address) -> str:
    """Ask for a password-reset email and return its link."""
    submit(client, "/forgot-password", {"email": address})
    return link_in(mailbox, address, "/reset-password/")


def change_password(app, mailbox, address, password=NEW_PASSWORD):
    """Change the password the only way there is: through a reset link, in a browser of its own."""
    browser = app.test_client()
    assert submit(browser, ask_reset(browser, mailbox, address), {"password": password, "confirm": password}
                  ).status_code == 302


def test_a_reset_link_acts_once(client, make_user, mailbox):
    make_user(email="pat@example.com")
    link = ask_reset(client, mailbox, "pat@example.com")
    assert submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    replay = submit(client, link, {"password": OTHER_PASSWORD, "confirm": OTHER_PASSWORD}, page="/forgot-password")
    assert replay.status_code == 400 and "no longer valid" in page_text(replay)
    assert login(client, "pat@example.com", OTHER_PASSWORD).status_code == 200  # refused: still the first change
    assert login(client, "pat@example.com", NEW_PASSWORD).status_code == 302


def test_an_earlier_reset_link_dies_when_the_password_changes(app, client, make_user, mailbox):
    make_user(email="pat@example.com")
    earlier = ask_reset(client, mailbox, "pat@example.com")
    change_password(app, mailbox, "pat@example.com")
    assert client.get(earlier).status_code == 400
    assert submit(client, earlier, {"password": OTHER_PASSWORD, "confirm": OTHER_PASSWORD},
                  page="/forgot-password").status_code == 400
    assert login(client, "pat@example.com", NEW_PASSWORD).status_code == 302


def register(client, mailbox, email="nia@example.com") -> str:
    """Register and return the confirmation link."""
    submit(client, "/register", {"name": "Nia New", "email": email, "password": TEST_PASSWORD,
                                 "confirm": TEST_PASSWORD, "role": "patient"})
    return link_in(mailbox, email, "/verify/")


def test_a_confirmation_link_acts_once(client, mailbox):
    link = register(client, mailbox)
    submit(client, link, {})
    confirmed_at = db.session.scalar(select(User.email_verified_at).where(User.email == "nia@example.com"))
    assert confirmed_at is not None
    page = page_text(client.get(link))
    assert "already confirmed" in page and "Confirm my email" not in page
    assert submit(client, link, {}, page="/login").status_code == 302
    assert db.session.scalar(select(User.email_verified_at).where(User.email == "nia@example.com")) == confirmed_at


def test_a_confirmation_link_dies_when_the_password_changes(app, client, mailbox):
    link = register(client, mailbox)
    change_password(app, mailbox, "nia@example.com")
    response = client.get(link)
    assert response.status_code == 400 and "no longer valid" in page_text(response)


@pytest.fixture
def booked(client, bookable, patient, mailbox):  # noqa: F811 (fixtures imported above)
    """A booking made through the pages on Tuesday 3 March at 09:00; the patient is logged out again."""
    login(client, patient.email)
    submit(client, f"/practitioners/{bookable.practitioner.slug}/book/confirm?treatment=microneedling"
                   f"&clinic={bookable.clinic.id}&start=2026-03-03T09:00Z", {"patient_name": "Pat Patient"})
    submit(client, "/logout", {}, page="/login")
    return db.session.scalars(select(Booking)).one()


def events(action: str) -> int:
    """How many audit events of one kind are stored."""
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_a_cancel_link_acts_once_and_then_shows_where_the_booking_stands(client, booked, patient, mailbox):  # noqa: F811
    link = link_in(mailbox, patient.email, "/bookings/link/[^/]+/cancel")
    assert submit(client, link, {"reason": "First"}).status_code == 302
    replay = submit(client, link, {"reason": "Replayed"}, page="/login")
    assert replay.status_code == 409 and "Cancelled" in page_text(replay) and "Yes, cancel it" not in page_text(replay)
    db.session.refresh(booked)
    assert (booked.status, booked.cancellation_reason, events("booking.cancelled")) == ("cancelled", "First", 1)
    assert len(mailbox.to(patient.email)) == 2  # booked, cancelled: nothing for the replay


def test_a_move_link_acts_once(client, booked, patient, mailbox):  # noqa: F811
    link = link_in(mailbox, patient.email, "/bookings/link/[^/]+/reschedule")
    assert submit(client, link + "/confirm?start=2026-03-04T09:00Z", {}).status_code == 302
    replay = submit(client, link + "/confirm?start=2026-03-05T09:00Z", {}, page="/login")
    assert replay.status_code == 400 and "changed since that email was sent" in page_text(replay)
    db.session.refresh(booked)
    assert (booked.starts_at, booked.sequence, events("booking.rescheduled")) == (
        at("Europe/London", 2026, 3, 4, 9), 1, 1)


def test_booking_links_die_when_the_patients_password_changes(app, client, booked, patient, mailbox):  # noqa: F811
    cancel = link_in(mailbox, patient.email, "/bookings/link/[^/]+/cancel")
    move = link_in(mailbox, patient.email, "/bookings/link/[^/]+/reschedule")
    change_password(app, mailbox, patient.email)
    for path in (cancel, move, move + "/confirm?start=2026-03-04T09:00Z"):
        response = client.get(path)
        assert response.status_code == 400 and "Please log in to see your bookings" in page_text(response), path
    assert submit(client, cancel, {}, page="/login").status_code == 400
    assert submit(client, move + "/confirm?start=2026-03-04T09:00Z", {}, page="/login").status_code == 400
    db.session.refresh(booked)
    assert (booked.status, booked.starts_at) == ("booked", at("Europe/London", 2026, 3, 3, 9))


def test_the_status_link_dies_when_the_patients_password_changes(app, client, booked, patient, mailbox):  # noqa: F811
    from booking import links

    status = f"/bookings/link/{links.make_token(booked, 'view', NOW)}"
    assert client.get(status).status_code == 200
    change_password(app, mailbox, patient.email)
    assert client.get(status).status_code == 400
