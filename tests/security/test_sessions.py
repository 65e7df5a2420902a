"""Sessions: a fresh cookie at every login, and a password change ends every other session, remember-me too."""
import re

import pytest

from tests.helpers import TEST_PASSWORD, plain_text, submit, text_of

HOST = "verity.test"
NEW_PASSWORD = "a brand new passphrase"


def cookie(client, name="session"):
    """The value of one of the client's cookies, or None."""
    found = client.get_cookie(name, domain=HOST)
    return found.value if found else None


def logged_in(client) -> bool:
    """Whether the client's cookies open a logged-in page."""
    return "Log out" in text_of(client.get("/"))


def log_in(client, email, remember=False):
    """Log in through the form, ticking 'keep me logged in' when asked."""
    data = {"email": email, "password": TEST_PASSWORD, **({"remember": "y"} if remember else {})}
    assert submit(client, "/login", data).status_code == 302


def reset_password(app, mailbox, email):
    """Change the password through the emailed reset link, from a browser of its own."""
    browser = app.test_client()
    submit(browser, "/forgot-password", {"email": email})
    link = re.search(r"https?://[^/\s]+(/reset-password/\S+)", plain_text(mailbox.to(email)[-1])).group(1)
    assert submit(browser, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


@pytest.fixture
def pat(make_user):
    """A patient with an account."""
    return make_user(email="pat@example.com")


def test_login_issues_a_new_session_cookie_and_the_old_one_is_not_logged_in(app, client, pat):
    client.get("/login")
    before = cookie(client)
    assert before, "the login page sets a session (for its CSRF token)"
    log_in(client, pat.email)
    assert cookie(client) != before and logged_in(client)
    attacker = app.test_client()  # holds the cookie as it was before the victim logged in (fixation)
    attacker.set_cookie("session", before, domain=HOST)
    assert not logged_in(attacker)


def test_a_planted_session_does_not_survive_login(app, client, pat):
    client.get("/login")
    with client.session_transaction() as session:
        session["booking_next"] = "/planted-by-an-attacker"
    planted = cookie(client)
    log_in(client, pat.email)
    with client.session_transaction() as session:
        assert "booking_next" not in session and session.get("_user_id")
    replay = app.test_client()
    replay.set_cookie("session", planted, domain=HOST)
    assert not logged_in(replay)


def test_a_password_change_ends_every_other_session_remember_me_included(app, client, pat, mailbox):
    laptop, phone = client, app.test_client()
    log_in(laptop, pat.email, remember=True)
    log_in(phone, pat.email)
    session_cookie, remember_cookie = cookie(laptop), cookie(laptop, "remember_token")
    assert remember_cookie and logged_in(phone)
    # The remember-me cookie alone logs the laptop back in, as it should, until the password changes.
    laptop.delete_cookie("session", domain=HOST)
    assert logged_in(laptop)

    reset_password(app, mailbox, pat.email)

    assert not logged_in(phone)
    stale = app.test_client()
    stale.set_cookie("session", session_cookie, domain=HOST)
    assert not logged_in(stale)
    remembered = app.test_client()
    remembered.set_cookie("remember_token", remember_cookie, domain=HOST)
    assert not logged_in(remembered)
    log_in_again = app.test_client()
    assert submit(log_in_again, "/login", {"email": pat.email, "password": NEW_PASSWORD}).status_code == 302
    assert logged_in(log_in_again)
