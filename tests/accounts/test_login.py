"""Logging in and out, the rate limit, and refusing unsafe redirects."""
import pytest

from tests.helpers import login, submit, text_of


def test_login_and_logout(client, make_user):
    make_user(role="patient", email="pat@example.com")
    response = login(client, "PAT@example.com")
    assert response.status_code == 302 and response.location == "/"
    assert "Log out" in text_of(client.get("/"))
    response = submit(client, "/logout", {}, page="/")
    assert response.status_code == 302
    assert "Log in" in text_of(client.get("/"))


def test_wrong_password_and_unknown_email_get_the_same_message(client, make_user):
    make_user(email="pat@example.com")
    wrong = text_of(login(client, "pat@example.com", "not the password at all"))
    unknown = text_of(login(client, "nobody@example.com", "not the password at all"))
    message = "That email and password do not match an account."
    assert message in wrong and message in unknown
    assert "Log out" not in wrong


def test_login_renews_the_session(client, make_user):
    make_user(email="pat@example.com")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "pat@example.com")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                    "javascript:alert(1)", "http:/evil.example"])
def test_login_refuses_a_next_url_with_a_host(client, make_user, target):
    make_user(email="pat@example.com")
    response = submit(client, "/login", {"email": "pat@example.com", "password": "correct horse battery staple",
                                         "next": target})
    assert response.status_code == 302
    assert response.location == "/"


def test_login_follows_a_local_next_url(client, make_user):
    make_user(email="pat@example.com")
    response = submit(client, "/login", {"email": "pat@example.com", "password": "correct horse battery staple",
                                         "next": "/bookings"})
    assert response.location == "/bookings"


def test_login_is_rate_limited(app, client, make_user):
    make_user(email="pat@example.com")
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    statuses = [login(client, "pat@example.com", "wrong password here").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    page = text_of(login(client, "pat@example.com", "wrong password here"))
    assert "Too many attempts" in page


def test_admin_lands_on_the_admin_dashboard(client, make_user):
    make_user(role="admin", email="ada@example.com")
    assert login(client, "ada@example.com").location == "/admin/"
