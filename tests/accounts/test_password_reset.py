"""Password reset by email: one use, expiring, and silent about unknown emails."""
import re

from accounts.models import User
from core.extensions import db
from tests.helpers import login, outbox_to, submit, text_of

NEW_PASSWORD = "a brand new passphrase"


def reset_link(mailbox, address):
    """The reset link sent to an address."""
    [message] = mailbox.to(address)
    return re.search(r"http://verity\.test(/\S+)", message.get_body(("plain",)).get_content()).group(1)


def test_reset_journey(client, make_user, mailbox):
    user = make_user(email="pat@example.com", verified=False)
    response = submit(client, "/forgot-password", {"email": "pat@example.com"})
    assert response.status_code == 302
    link = reset_link(mailbox, "pat@example.com")
    response = submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert login(client, "pat@example.com", NEW_PASSWORD).status_code == 302
    assert db.session.get(User, user.id).email_verified_at is not None
    # The link is single-use: the password change retired it.
    assert client.get(link).status_code == 400


def test_unknown_email_gets_the_same_answer_and_no_mail(client, mailbox, make_user):
    make_user(email="pat@example.com")
    known = submit(client, "/forgot-password", {"email": "pat@example.com"}, follow_redirects=True)
    unknown = submit(client, "/forgot-password", {"email": "nobody@example.com"}, follow_redirects=True)
    message = "If an account uses that address"
    assert message in text_of(known) and message in text_of(unknown)
    assert mailbox.to("nobody@example.com") == [] and outbox_to("nobody@example.com") == []


def test_a_reset_request_rolled_back_leaves_no_email(make_user):
    from accounts import services

    make_user(email="rolled@example.com")
    services.request_password_reset("rolled@example.com")
    db.session.rollback()
    assert outbox_to("rolled@example.com") == []


def test_expired_reset_link_is_refused(app, client, make_user, mailbox):
    make_user(email="pat@example.com")
    submit(client, "/forgot-password", {"email": "pat@example.com"})
    link = reset_link(mailbox, "pat@example.com")
    app.config["RESET_TOKEN_MAX_AGE"] = -1
    response = client.get(link)
    assert response.status_code == 400 and "expired" in text_of(response)


def test_password_change_ends_other_sessions(app, client, make_user, mailbox):
    make_user(email="pat@example.com")
    other = app.test_client()
    login(other, "pat@example.com")
    assert "Log out" in text_of(other.get("/"))
    submit(client, "/forgot-password", {"email": "pat@example.com"})
    submit(client, reset_link(mailbox, "pat@example.com"), {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "Log out" not in text_of(other.get("/"))


def test_reset_refuses_a_common_password(client, make_user, mailbox):
    make_user(email="pat@example.com")
    submit(client, "/forgot-password", {"email": "pat@example.com"})
    link = reset_link(mailbox, "pat@example.com")
    response = submit(client, link, {"password": "iloveyou", "confirm": "iloveyou"})
    assert "too common" in text_of(response)


def test_reset_refuses_the_email_address_as_the_password(client, make_user, mailbox):
    # The form has no email field to compare with, so the service refuses it; the form shows why.
    user = make_user(email="pat.smith@example.com")
    submit(client, "/forgot-password", {"email": "pat.smith@example.com"})
    link = reset_link(mailbox, "pat.smith@example.com")
    response = submit(client, link, {"password": "Pat.Smith@example.com", "confirm": "Pat.Smith@example.com"})
    assert response.status_code == 200 and "must not be your email address" in text_of(response)
    assert db.session.get(User, user.id).check_password("Pat.Smith@example.com") is False
