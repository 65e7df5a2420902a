"""Faults, part 3: with the mail server down, nothing a user does is lost; its email waits in the outbox.

tests/mail/test_delivery.py proves the outbox itself (mail queued directly waits while the server is
down, goes exactly once when it is back, backs off, is never sent twice by two runs) and
tests/mail/test_worker.py a worker killed mid-delivery. Here the mail comes from what users do: a
registration, a password reset, a booking and its cancellation, each through its page.
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from accounts.models import User
from booking.models import Booking
from core.extensions import db
from core.outbox import QUEUED, SENT, OutboxMessage
from tests.booking.conftest import bookable, make_bookable, make_patient, patient  # noqa: F401 - fixtures
from tests.booking.helpers import NOW
from tests.conftest import free_port
from tests.helpers import TEST_PASSWORD, login, submit

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def app_config(app_config):
    """The pages run at the pinned instant NOW, so the retry is due one minute later."""
    app_config["CLOCK_NOW"] = NOW
    return app_config


def outbox() -> list[tuple[str, str, str, int]]:
    """Every email as stored now: (recipient, subject, status, attempts), oldest first."""
    db.session.commit()
    return [(r.recipient, r.subject, r.status, r.attempts)
            for r in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def test_with_the_mail_server_down_each_action_is_saved_and_its_mail_goes_once_when_it_is_back(
        app, client, runner, bookable, patient, make_user, mailbox, smtp_server):  # noqa: F811 - fixtures
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    make_user(email="forgot@example.com")
    doctor = bookable.practitioner.user.email
    visitor, reader, booker = client, app.test_client(), app.test_client()  # each its own cookies

    assert submit(visitor, "/register", {"name": "Nia New", "email": "nia@example.com", "password": TEST_PASSWORD,
                                         "confirm": TEST_PASSWORD, "role": "patient"}).status_code == 302
    assert submit(reader, "/forgot-password", {"email": "forgot@example.com"}).status_code == 302
    login(booker, patient.email)
    booked = submit(booker, f"/practitioners/{bookable.practitioner.slug}/book/confirm?treatment=microneedling"
                            f"&clinic={bookable.clinic.id}&start=2026-03-03T09:00Z", {"patient_name": "Pat Patient"})
    assert booked.status_code == 302
    booking = db.session.scalars(select(Booking)).one()
    assert submit(booker, f"/bookings/{booking.id}/cancel", {"reason": "Diary clash"}).status_code == 302

    db.session.refresh(booking)
    assert booking.status == "cancelled"
    assert db.session.scalar(select(User.name).where(User.email == "nia@example.com")) == "Nia New"
    waiting = outbox()
    assert [(to, subject.split(":")[0]) for to, subject, _, _ in waiting] == [
        ("nia@example.com", "Confirm your email for Verity"), ("forgot@example.com", "Reset your Verity password"),
        (patient.email, "Booked"), (doctor, "Booked"), (patient.email, "Cancelled"), (doctor, "Cancelled")]
    assert {(status, attempts) for _, _, status, attempts in waiting} == {(QUEUED, 1)}
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert all("Connection refused" in row.last_error or "ConnectionRefused" in row.last_error for row in rows)
    assert mailbox.messages == []

    app.config["MAIL_PORT"], app.config["CLOCK_NOW"] = smtp_server.port, NOW + timedelta(minutes=1)
    assert "Sent 6 emails, 0 to retry later, 0 failed." in runner.invoke(args=["send-mail"]).output
    assert "Sent 0 emails" in runner.invoke(args=["send-mail"]).output
    assert sorted(m["Message-ID"] for m in mailbox.messages) == sorted(r.message_id for r in rows)
    assert {(status, attempts) for _, _, status, attempts in outbox()} == {(SENT, 2)}

    [reset] = mailbox.to("forgot@example.com")  # the link that waited still works
    link = re.search(r"http://verity\.test(/\S+)", reset.get_body(("plain",)).get_content()).group(1)
    assert submit(reader, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert login(app.test_client(), "forgot@example.com", NEW_PASSWORD).status_code == 302
