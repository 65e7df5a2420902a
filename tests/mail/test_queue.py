"""Queueing: a row in the caller's transaction, multipart from templates, one Message-ID for good."""
import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import func, select

from accounts.models import User
from accounts.services import create_user
from core import mail
from core.extensions import db
from core.outbox import QUEUED, OutboxMessage
from tests.helpers import TEST_PASSWORD
from tests.mail.conftest import queued, rows


def test_a_rolled_back_transaction_leaves_no_mail(app, runner, mailbox):
    create_user("nia@example.com", TEST_PASSWORD, "patient", name="Nia")
    mail.queue_message("nia@example.com", "Welcome", "Hello Nia")
    db.session.flush()  # written, inside the transaction
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
    db.session.rollback()
    assert rows() == [] and db.session.scalar(select(User).filter_by(email="nia@example.com")) is None
    assert "Sent 0 emails" in runner.invoke(args=["send-mail"]).output
    assert mailbox.messages == []


def test_a_queued_mail_is_stored_with_the_change_and_not_sent_yet(app, mailbox):
    create_user("nia@example.com", TEST_PASSWORD, "patient", name="Nia")
    row = queued("nia@example.com", "Welcome", "Hello Nia")
    [stored] = rows()
    assert (stored.status, stored.attempts, stored.recipient) == (QUEUED, 0, "nia@example.com")
    assert stored.message_id == row.message_id and stored.message_id.endswith("@verity.local>")
    assert mailbox.messages == []


def test_a_line_break_in_a_header_is_refused_when_queued_not_at_delivery(app):
    with pytest.raises(ValueError, match="line break"):
        mail.queue_message("pat@example.com", "Hello\r\nBcc: everyone@example.com", "Body")
    assert not db.session.new


def test_the_message_id_is_made_once_and_kept(app):
    row = queued()
    assert mail.build_message(row)["Message-ID"] == mail.build_message(row)["Message-ID"] == row.message_id


def test_every_message_is_multipart_with_the_html_escaped(app, runner, mailbox):
    text = "Dear <script>alert(1)</script> & co,\n\nConfirm here: https://verity.test/verify/abc?x=1&y=2.\n\nVerity"
    ics = mail.Attachment("booking.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text", "calendar")
    row = queued(text=text, attachments=[ics])
    runner.invoke(args=["send-mail"])
    [message] = mailbox.messages
    assert message["Message-ID"] == row.message_id
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip("\n") == text
    html = message.get_body(("html",)).get_content()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html and "<script>" not in html
    assert '<a href="https://verity.test/verify/abc?x=1&amp;y=2"' in html  # the full stop is not part of the link
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "booking.ics" and attachment.get_content_type() == "text/calendar"
    assert b"BEGIN:VCALENDAR" in attachment.get_payload(decode=True)


def test_queue_renders_both_templates_on_the_base_layouts(app, runner, mailbox):
    app.jinja_loader  # noqa: B018 - make Flask build its loader before wrapping it
    app.jinja_env.loader = ChoiceLoader([DictLoader({
        "email/test/greeting.txt": '{% extends "email/base.txt" %}{% block body %}Hello {{ name }}!{% endblock %}',
        "email/test/greeting.html": '{% extends "email/base.html" %}{% block body %}<p>Hello {{ name }}!</p>'
                                    "{% endblock %}"}), app.jinja_env.loader])
    mail.queue("pat@example.com", "Greetings", "test/greeting", {"name": "Pat <b>&</b>"})
    db.session.commit()
    runner.invoke(args=["send-mail"])
    [message] = mailbox.messages
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n").strip() == "Hello Pat <b>&</b>!\n\nVerity"
    html = message.get_body(("html",)).get_content()
    assert "<p>Hello Pat &lt;b&gt;&amp;&lt;/b&gt;!</p>" in html and "<title>Greetings</title>" in html


def test_without_a_mail_server_the_mail_is_an_eml_file_named_by_its_message_id(app, runner, tmp_path):
    app.config.update(MAIL_SERVER=None, MAIL_OUTBOX=str(tmp_path / "outbox"))
    row = queued(subject="Kept")
    assert "Sent 1 email," in runner.invoke(args=["send-mail"]).output
    [eml] = (tmp_path / "outbox").glob("*.eml")
    assert row.message_id.strip("<>").replace("@", "_") in eml.name
    assert b"Subject: Kept" in eml.read_bytes() and row.message_id.encode() in eml.read_bytes()
