"""Static files under versioned URLs cached for a year, compression where it is safe, and /robots.txt."""
import gzip
import re

import brotli

from tests.helpers import login

VERSIONED_CSS = re.compile(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"')


def stylesheet_url(client) -> str:
    """The site stylesheet's URL as the home page links it."""
    match = VERSIONED_CSS.search(client.get("/").get_data(as_text=True))
    assert match, "the stylesheet's URL carries no ?v=<hash>"
    return match.group(1)


def test_a_static_url_carries_its_files_hash_and_is_cached_for_a_year(client):
    response = client.get(stylesheet_url(client))
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.public and response.cache_control.immutable
    assert "body" in response.get_data(as_text=True)


def test_a_static_url_without_the_current_hash_is_revalidated(client):
    for url in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.cache_control.no_cache and not response.cache_control.max_age


def test_static_files_are_compressed_for_browsers_that_accept_it(client):
    response = client.get(stylesheet_url(client), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert b"body" in brotli.decompress(response.get_data())


def test_a_page_is_compressed_for_a_visitor_without_cookies(app):
    response = app.test_client(use_cookies=False).get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"Find" in gzip.decompress(response.get_data())


def test_a_page_for_a_logged_in_visitor_is_not_compressed(client, make_user):
    """BREACH: a page with the visitor's CSRF token that echoes what they typed must not be compressed."""
    make_user(email="pat@example.com")
    login(client, "pat@example.com")
    response = client.get("/search?near=Manchester", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in response.headers
    assert "Log out" in response.get_data(as_text=True)


def test_robots_txt_lets_crawlers_read_the_directory_but_not_private_screens(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    rules = response.get_data(as_text=True).splitlines()
    assert rules[0] == "User-agent: *"
    for private in ("Disallow: /admin", "Disallow: /practice", "Disallow: /bookings", "Disallow: /api/"):
        assert private in rules
    assert not any(rule.startswith("Disallow: /practitioners") or rule == "Disallow: /" for rule in rules)
