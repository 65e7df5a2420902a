"""Helpers for driving forms the way a browser does: fetch the page, then post with its CSRF token."""
import re

TEST_PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """Return the first CSRF token on a page."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def submit(client, url: str, data: dict, page: str | None = None, **kwargs):
    """GET the form page (or `page`), then POST the data with its CSRF token."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token(html)}, **kwargs)


def login(client, email: str, password: str = TEST_PASSWORD, **kwargs):
    """Log in through the login form."""
    return submit(client, "/login", {"email": email, "password": password}, **kwargs)


def text_of(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)
