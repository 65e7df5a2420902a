"""Registering, confirming the email address, and the password policy."""
import re

import pytest
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from tests.helpers import TEST_PASSWORD, outbox_to, submit, text_of


def register(client, email="new@example.com", password=TEST_PASSWORD, role="patient", confirm=None):
    """Fill in the registration form."""
    return submit(client, "/register", {"name": "Nia New", "email": email, "password": password,
                                        "confirm": confirm or password, "role": role})


def link_in(message) -> str:
    """The first link in an email's text, as a path."""
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://verity\.test(/\S+)", body).group(1)


def test_register_sends_verification_email_and_confirming_it_verifies(client, mailbox):
    response = register(client, email="Nia@Example.com", role="practitioner")
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nia@example.com"))
    assert user.role == "practitioner" and user.email_verified_at is None
    assert user.password_hash.startswith("scrypt:") and TEST_PASSWORD not in user.password_hash
    [message] = mailbox.to("nia@example.com")
    assert message["Subject"] == "Confirm your email for Verity"
    link = link_in(message)
    page = client.get(link)
    assert "Confirm my email" in text_of(page)
    db.session.refresh(user)
    assert user.email_verified_at is None, "opening the link (GET) must not change anything"
    submit(client, link, {})
    db.session.refresh(user)
    assert user.email_verified_at is not None


def test_register_refuses_a_taken_email_without_creating_a_second_account(client, make_user):
    make_user(email="taken@example.com")
    response = register(client, email="TAKEN@example.com")
    assert response.status_code == 200
    assert "already exists" in text_of(response)
    assert len(db.session.scalars(select(User)).all()) == 1
    assert outbox_to("TAKEN@example.com") == [] and outbox_to("taken@example.com") == []


@pytest.mark.parametrize("password, message", [
    ("short", "at least 8 characters"),
    ("password1", "too common"),
    ("qwertyuiop", "too common"),
    ("x" * 129, "at most 128 characters"),
])
def test_register_refuses_weak_passwords(client, password, message):
    response = register(client, password=password)
    assert message in text_of(response)
    assert db.session.scalars(select(User)).first() is None


def test_long_passphrases_without_composition_rules_are_accepted(client):
    response = register(client, password="a" * 20 + " quiet river stones " + "b" * 40)
    assert response.status_code == 302


def test_register_cannot_create_an_admin(client):
    response = register(client, role="admin")
    assert response.status_code == 200
    assert "Not a valid choice" in text_of(response)
    assert db.session.scalars(select(User)).first() is None


def test_mismatched_confirmation_is_refused(client):
    assert "do not match" in text_of(register(client, confirm="something else entirely"))


def test_tampered_verification_link_is_refused(client, mailbox):
    register(client)
    link = link_in(mailbox.messages[-1])
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 400
    assert "not valid" in text_of(response)


def test_expired_verification_link_is_refused(client, mailbox, app):
    register(client)
    link = link_in(mailbox.messages[-1])
    app.config["EMAIL_TOKEN_MAX_AGE"] = -1
    response = client.get(link)
    assert response.status_code == 400
    assert "expired" in text_of(response)


def test_verification_token_is_not_a_reset_token(client, mailbox):
    register(client)
    token = link_in(mailbox.messages[-1]).rsplit("/", 1)[1]
    response = client.get(f"/reset-password/{token}")
    assert response.status_code == 400
