"""Account self-service runs at the booking tests' pinned instant, with their bookable practitioners and patients."""
import re

import pytest

from tests.booking.conftest import add_booking, app_config, bookable, make_bookable, make_patient, patient  # noqa: F401
from tests.helpers import TEST_PASSWORD, csrf_token, plain_text, text_of


def emailed_link(mailbox, address: str, path: str) -> str:
    """The path of the newest link starting with `path` emailed to an address."""
    text = plain_text(mailbox.to(address)[-1])
    return re.search(rf"https?://[^/\s]+({re.escape(path)}\S+)", text).group(1)


def logged_in_as(device) -> str | None:
    """The email the account page shows the device logged in as, or None when it is sent to log in."""
    response = device.get("/account")
    if response.status_code != 200:
        return None
    return re.search(r"You are logged in as <strong>([^<]+)</strong>", text_of(response)).group(1)


def post_form(device, url: str, data: dict, page: str = "/account"):
    """Post to one of the account page's forms with the page's CSRF token."""
    return device.post(url, data={**data, "csrf_token": csrf_token(text_of(device.get(page)))})


@pytest.fixture
def device(app, client):
    """Return device(email, password=..., remember=False) -> a client of its own, logged in through the form."""

    def factory(email: str, password: str = TEST_PASSWORD, remember: bool = False):
        browser = app.test_client()  # an IsolatedClient, like `client`
        form = {"email": email, "password": password, **({"remember": "y"} if remember else {})}
        assert post_form(browser, "/login", form, page="/login").status_code == 302
        return browser

    return factory
