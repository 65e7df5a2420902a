"""`next` (where to go back to) accepts only a path on this site, wherever it is read."""
from urllib.parse import urlencode

import pytest

from accounts.views import safe_next
from tests.booking.conftest import add_booking, bookable, make_bookable, make_patient, patient  # noqa: F401 (fixtures)
from tests.helpers import TEST_PASSWORD, csrf_token, login, submit

# Each of these is read by some browser as another site or a script, or breaks the header it is put in.
OFF_SITE = [
    "//evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "///evil.example",
    "\\/evil.example", "https:evil.example", "http:/evil.example", "https://evil.example/", "HTTPS://evil.example",
    "http://verity.test.evil.example/", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x",
    "%2F%2Fevil.example", "%2f%2fevil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example",
    "\t//evil.example", " //evil.example", "/\x0b/evil.example", "/bookings\r\nSet-Cookie: planted=1",
    "/\u3000/evil.example", "",
]
# One of each kind, end to end through the login form (each login costs a password hash).
KINDS = ["//evil.example", "/\\/evil.example", "\\\\evil.example", "https:evil.example", "https://evil.example/",
         "javascript:alert(1)", "%2F%2Fevil.example", "/\t/evil.example", "/bookings\r\nSet-Cookie: planted=1"]
LOCAL = ["/bookings", "/search?near=M1+1AE&treatment=microneedling", "/practitioners/dr-a/book?clinic=3"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_safe_next_refuses_anything_but_a_plain_local_path(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", LOCAL)
def test_safe_next_keeps_a_local_path(target):
    assert safe_next(target) == target


def landing(response) -> str:
    """Where a form's answer sends the browser (it must be a redirect)."""
    assert response.status_code == 302, response.status_code
    assert "planted" not in response.headers.get("Set-Cookie", "")
    return response.location


def test_login_goes_home_for_every_off_site_next(client, make_user):
    make_user(email="pat@example.com")
    for target in KINDS + LOCAL[:1]:
        response = submit(client, "/login", {"email": "pat@example.com", "password": TEST_PASSWORD, "next": target})
        assert landing(response) == (target if target in LOCAL else "/"), target


def test_the_login_page_carries_only_what_it_is_given_into_its_form(client):
    # The page puts ?next= into a hidden field, escaped; the POST above is what decides where to go.
    page = client.get("/login?" + urlencode({"next": '"><script>alert(1)</script>'})).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize("target", ["//evil.example", "/\\/evil.example", "/\t/evil.example"])
def test_register_goes_home_for_an_off_site_next(client, target):
    response = submit(client, "/register?" + urlencode({"next": target}), {
        "name": "Nia New", "email": "nia@example.com", "password": TEST_PASSWORD, "confirm": TEST_PASSWORD,
        "role": "patient"})
    assert landing(response) == "/"


def test_resending_the_confirmation_goes_home_for_every_off_site_next(client, make_user):
    make_user(email="pat@example.com", verified=False)
    login(client, "pat@example.com")
    form = csrf_token(client.get("/").get_data(as_text=True))
    for target in ("//evil.example", "/\\/evil.example", "https:evil.example", "/\n/evil.example"):
        assert landing(client.post("/verify/resend", data={"next": target, "csrf_token": form})) == "/", target


@pytest.fixture
def app_config(app_config):
    """The agenda's booking is in the future of the pinned instant the booking fixtures use."""
    from tests.booking.helpers import NOW

    app_config["CLOCK_NOW"] = NOW
    return app_config


def test_the_agenda_buttons_go_back_to_the_agenda_for_an_off_site_next(client, bookable, patient, add_booking):  # noqa: F811
    from tests.booking.helpers import at

    booking = add_booking(bookable, patient, at("Europe/London", 2026, 3, 4, 9))
    login(client, bookable.practitioner.user.email)
    for target in ("//evil.example", "/\\/evil.example", "https:evil.example", "/\t/evil.example"):
        response = submit(client, f"/practice/booking/bookings/{booking.id}/confirm", {"next": target},
                          page="/practice/booking/agenda")
        assert landing(response) == "/practice/booking/agenda", target
