"""/admin/outbox: admins see mail that is waiting or failed, with the last error, and can send it again."""
import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from core import mail
from core.extensions import db
from core.outbox import FAILED, QUEUED, SENT
from tests.helpers import csrf_token, login, text_of
from tests.mail.conftest import ids_received, queued, rows


@pytest.fixture
def failed(app, pinned, dead_port):
    """An email whose every attempt was refused: the server was down."""
    app.config["MAIL_MAX_ATTEMPTS"] = 1
    queued("pat@example.com", "Your booking <is made>")
    assert mail.deliver_due().failed == 1
    return rows()[0]


@pytest.fixture
def as_admin(client, make_user):
    """The client, logged in as an admin."""
    login(client, make_user(role="admin", email="ada@example.com").email)
    return client


def test_the_page_lists_a_failed_mail_with_its_last_error(as_admin, failed):
    page = text_of(as_admin.get("/admin/outbox/"))
    assert "pat@example.com" in page and "Your booking &lt;is made&gt;" in page
    assert "ConnectionRefusedError" in page and "1 failed, 0 queued" in page
    assert f'action="/admin/outbox/{failed.id}/retry"' in page


def test_retry_queues_the_mail_now_audits_it_and_it_is_delivered(app, as_admin, failed, smtp_server, mailbox, runner):
    page = text_of(as_admin.get("/admin/outbox/"))
    response = as_admin.post(f"/admin/outbox/{failed.id}/retry", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302 and response.location == "/admin/outbox/"
    [row] = rows()
    assert (row.status, row.attempts, row.next_attempt_at) == (QUEUED, 0, app.config["CLOCK_NOW"])
    [event] = db.session.scalars(select(AuditEvent)).all()
    assert (event.action, event.subject_id, event.actor_email) == ("mail.retried", row.id, "ada@example.com")
    assert (event.before["status"], event.after["status"]) == (FAILED, QUEUED)
    app.config["MAIL_PORT"] = smtp_server.port  # the server is back
    assert "Sent 1 email," in runner.invoke(args=["send-mail"]).output
    assert ids_received(mailbox) == [row.message_id] and rows()[0].status == SENT


def test_a_sent_mail_cannot_be_retried(app, as_admin, smtp_server, mailbox):
    row = queued()
    mail.deliver_due()
    page = text_of(as_admin.get("/admin/outbox/"))
    assert "Every email has been sent." in page
    response = as_admin.post(f"/admin/outbox/{row.id}/retry", data={"csrf_token": csrf_token(page)},
                             follow_redirects=True)
    assert "nothing to retry" in text_of(response) and rows()[0].status == SENT and len(mailbox.messages) == 1


@pytest.mark.parametrize("role", ["patient", "practitioner"])
def test_only_admins_may_see_or_retry(client, make_user, failed, role):
    login(client, make_user(role=role).email)
    token = csrf_token(text_of(client.get("/")))
    assert client.get("/admin/outbox/").status_code == 403
    assert client.post(f"/admin/outbox/{failed.id}/retry", data={"csrf_token": token}).status_code == 403
    assert rows()[0].status == FAILED


def test_anonymous_users_are_sent_to_log_in(client, failed):
    token = csrf_token(text_of(client.get("/login")))
    assert client.get("/admin/outbox/").location.startswith("/login?next=")
    assert client.post(f"/admin/outbox/{failed.id}/retry", data={"csrf_token": token}).location.startswith("/login?next=")
    assert rows()[0].status == FAILED


def test_a_retry_without_the_csrf_token_is_refused(as_admin, failed):
    assert as_admin.post(f"/admin/outbox/{failed.id}/retry").status_code == 400
    assert rows()[0].status == FAILED
