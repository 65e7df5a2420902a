"""A browser against the live servers: one cookie jar and one client address, any of the servers."""
import http.cookiejar
import itertools
import urllib.error
import urllib.parse
import urllib.request

from tests.helpers import TEST_PASSWORD, csrf_token

_addresses = itertools.count(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Let a redirect come back as the answer instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person: a cookie jar (the session is signed with the shared key, so any server accepts it) and an address.

    The servers believe one proxy hop (TRUSTED_PROXIES=1), so each browser's X-Forwarded-For is its address,
    as nginx would append it: rate limits count per person, not per test process.
    """

    def __init__(self, address: str | None = None):
        n = next(_addresses)
        self.address = address or f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

    def open(self, method: str, url: str, data: bytes | None = None, headers: dict | None = None):
        """Send a request and return (status, Location, body) without following redirects."""
        headers = {"X-Forwarded-For": self.address, **(headers or {})}
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def get(self, url: str) -> str:
        """GET a page that must answer 200."""
        status, _, body = self.open("GET", url)
        assert status == 200, f"GET {url}: {status}"
        return body

    def post_form(self, url: str, fields: dict, page: str | None = None):
        """Fetch the form (or `page`) for its CSRF token, then post the fields."""
        token = csrf_token(self.get(page or url))
        form = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        return self.open("POST", url, form, {"Content-Type": "application/x-www-form-urlencoded"})

    def login(self, base: str, email: str, password: str = TEST_PASSWORD) -> int:
        """Log in through one server's form; the status (302 in, 200 refused, 429 too many)."""
        return self.post_form(base + "/login", {"email": email, "password": password})[0]
