"""Helpers for driving forms the way a browser does: fetch the page, then post with its CSRF token."""
import re

from sqlalchemy import select

from core import outbox
from core.extensions import db
from core.outbox import OutboxMessage

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


def plain_text(message) -> str:
    """The text/plain part of an email (every email is multipart: text, HTML, attachments)."""
    return message.get_body(("plain",)).get_content()


def outbox_to(address: str) -> list[OutboxMessage]:
    """The outbox rows addressed to someone, oldest first, as stored now."""
    db.session.commit()  # end any read, so this one sees what the request committed
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)
                                   .order_by(OutboxMessage.id)))


def assert_waiting(address: str, subject: str) -> OutboxMessage:
    """One email to the address, refused by the mail server: queued again with the error kept."""
    [row] = outbox_to(address)
    assert (row.subject, row.status, row.attempts) == (subject, outbox.QUEUED, 1) and row.last_error
    return row
