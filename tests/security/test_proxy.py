"""Behind the TLS proxy: the client's address and https are seen from the trusted hop only, never forged."""
import re

import pytest

from core import settings
from tests.helpers import csrf_token, login, plain_text, submit

CLIENT = "203.0.113.7"  # the address the proxy saw the request come from
PROXY = "10.0.0.2"  # the proxy itself, the only peer the app ever sees


@pytest.fixture
def hops():
    """How many proxies the app trusts (the tests below set it)."""
    return 0


@pytest.fixture
def app_config(app_config, hops):
    """Rate limits on (the tests' default config may turn them off) and tight, and the proxy hops trusted."""
    app_config.update(TRUSTED_PROXIES=hops, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    return app_config


def through_proxy(client, forwarded_for=CLIENT, proto="https"):
    """Make every request of this client arrive from the proxy with the headers nginx sets.

    The browser's Referer goes along: over https, Flask-WTF's CSRF check wants a same-origin one.
    """
    client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for, HTTP_X_FORWARDED_PROTO=proto,
                               HTTP_X_FORWARDED_HOST="verity.test", HTTP_REFERER="https://verity.test/")
    return client


def reset_link(mailbox, address) -> str:
    """The link in the password-reset email sent to an address."""
    [message] = mailbox.to(address)
    return re.search(r"(\S+)/reset-password/", plain_text(message)).group(1)


def failed_logins(client, count, email=None):
    """Try wrong passwords `count` times (as other emails unless given, so only the address limit applies)."""
    return [login(client, email or f"guess{n}@example.com", "wrong password here").status_code for n in range(count)]


@pytest.mark.parametrize("hops", [1])
def test_behind_one_trusted_hop_https_is_seen(client):
    response = through_proxy(client).get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("hops", [1])
def test_behind_one_trusted_hop_email_links_are_https(client, make_user, mailbox):
    make_user(email="pat@example.com")
    submit(through_proxy(client), "/forgot-password", {"email": "pat@example.com"})
    assert reset_link(mailbox, "pat@example.com") == "https://verity.test"


@pytest.mark.parametrize("hops", [1])
def test_behind_one_trusted_hop_each_client_has_its_own_login_limit(app, client, make_user):
    make_user(email="bob@example.com")
    mallory = through_proxy(client, forwarded_for="198.51.100.66")
    assert failed_logins(mallory, 4) == [200, 200, 200, 429]
    bob = through_proxy(app.test_client(), forwarded_for=CLIENT)
    assert login(bob, "bob@example.com").status_code == 302  # not locked out by Mallory's guesses


@pytest.mark.parametrize("hops", [1])
def test_a_client_supplied_forwarded_for_entry_is_not_believed(client):
    # nginx appends the peer's address to whatever the client sent: only that rightmost entry counts.
    statuses = [login(through_proxy(client, forwarded_for=f"192.0.2.{n}, {CLIENT}"), f"guess{n}@example.com",
                      "wrong password here").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Strict-Transport-Security" not in through_proxy(client, proto="https, http").get("/").headers


def test_with_no_trusted_hop_a_forged_forwarded_for_does_not_escape_the_login_limit(client):
    statuses = [login(through_proxy(client, forwarded_for=f"192.0.2.{n}"), f"guess{n}@example.com",
                      "wrong password here").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_with_no_trusted_hop_a_forged_proto_sends_no_hsts_and_no_https_links(client, make_user, mailbox):
    make_user(email="pat@example.com")
    through_proxy(client)
    assert "Strict-Transport-Security" not in client.get("/").headers
    submit(client, "/forgot-password", {"email": "pat@example.com"})
    assert reset_link(mailbox, "pat@example.com") == "http://verity.test"


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_trusted_proxies_must_be_a_whole_number_of_hops(tmp_path, value):
    with pytest.raises(settings.SettingsError, match="TRUSTED_PROXIES"):
        settings.load(str(tmp_path), {"TRUSTED_PROXIES": value})


def test_trusted_proxies_defaults_to_none(tmp_path):
    assert settings.load(str(tmp_path), {})["TRUSTED_PROXIES"] == 0
    assert settings.load(str(tmp_path), {"TRUSTED_PROXIES": "2"})["TRUSTED_PROXIES"] == 2


@pytest.mark.parametrize("hops", [0, 1])
def test_a_forged_host_does_not_reach_the_links_in_emails(client, make_user, mailbox):
    # Password-reset poisoning: the link must name SERVER_NAME, whatever host the request claimed.
    make_user(email="pat@example.com")
    through_proxy(client).environ_base.update(HTTP_X_FORWARDED_HOST="evil.example, evil.example",
                                              HTTP_REFERER="https://evil.example/")
    forged = {"Host": "evil.example"}
    token = csrf_token(client.get("/forgot-password", headers=forged).get_data(as_text=True))
    response = client.post("/forgot-password", data={"email": "pat@example.com", "csrf_token": token}, headers=forged)
    assert response.status_code == 302
    assert reset_link(mailbox, "pat@example.com").endswith("://verity.test")


def test_production_refuses_to_start_without_a_server_name(tmp_path):
    # Without it, emailed links would take their host from the request that asked for them.
    with pytest.raises(settings.SettingsError, match="SERVER_NAME"):
        settings.load(str(tmp_path), {"VERITY_ENV": "production", "SECRET_KEY": "k" * 32})
