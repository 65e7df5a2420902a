"""The privacy notice, terms, contact and complaints pages: real content, linked from the footer of every page."""
import re

import pytest

from tests.helpers import text_of
from tests.privacy.conftest import logged_in_as

FOOTER_LINKS = {"/privacy": "Privacy notice", "/terms": "Terms", "/contact": "Contact us", "/complaints": "Complaints"}


def footer_links(html: str) -> dict:
    """The footer's links, as href -> text."""
    footer = html[html.index('<footer class="site-footer">'):]
    return dict(re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer))


@pytest.fixture
def pages(bookable, patient, make_user, device, client):
    """One page of each family, fetched as someone who may see it: (name, client, url)."""
    slug = bookable.practitioner.slug
    admin = make_user(role="admin", email="ada@example.com")
    anonymous, pat, owner = client, device(patient.email), device(bookable.practitioner.user.email)
    return [("home", anonymous, "/"), ("search", anonymous, "/search?near=M1+1AE"),
            ("profile", anonymous, f"/practitioners/{slug}"), ("booking", anonymous, f"/practitioners/{slug}/book"),
            ("about", anonymous, "/about/verification"), ("login", anonymous, "/login"),
            ("register", anonymous, "/register"), ("not found", anonymous, "/no-such-page"),
            *((name, anonymous, url) for url, name in FOOTER_LINKS.items()),
            ("my bookings", pat, "/bookings"), ("account", pat, "/account"),
            ("practice", owner, "/practice/"), ("admin", device(admin.email), "/admin/")]


def test_every_page_family_links_the_legal_pages_from_its_footer(pages):
    for name, browser, url in pages:
        response = browser.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        links = footer_links(text_of(response))
        assert {href: links.get(href) for href in FOOTER_LINKS} == FOOTER_LINKS, name


@pytest.mark.parametrize("url, says", [
    ("/privacy", ["special category", "explicit consent", "Article 9(2)(a)", "Information Commissioner", "ico.org.uk",
                  "download your data", "delete your account", "How long we keep it", "portability"]),
    ("/terms", ["directory", "not medical advice", "cancellation notice", "under 18", "anti-wrinkle injections"]),
    ("/contact", ["hello@verity.test", "999", "NHS 111", "911", "Yellow Card", "MedWatch"]),
    ("/complaints", ["GMC", "NMC", "GDC", "GPhC", "HCPC", "CQC", "ASA", "state medical board", "board of nursing",
                     "MedWatch", "Federal Trade Commission", "hello@verity.test"]),
])
def test_each_legal_page_says_what_it_must(client, url, says):
    text = " ".join(text_of(client.get(url)).split())
    missing = [phrase for phrase in says if phrase.lower() not in text.lower()]
    assert not missing, f"{url} does not say {missing}"


def test_the_header_links_a_logged_in_user_to_their_account(patient, device, client):
    assert 'href="/account">Your account</a>' in text_of(device(patient.email).get("/"))
    assert "Your account" not in text_of(client.get("/")) and logged_in_as(client) is None
