"""Outgoing email goes through the outbox: queued in the transaction, delivered after commit by a worker.

How a service sends an email:

    from core import mail

    # From templates: renders templates/email/<template>.txt and .html (each extends email/base.*),
    # with `subject` and the context; HTML is escaped, the text part is not.
    mail.queue(user.email, "Your credential is verified", "credentials/verified", {"credential": credential})

    # A body you already have: the text is sent as given, the HTML copy is made from it.
    mail.queue_message(user.email, "Reset your Verity password", text)
    mail.queue_message(patient.email, subject, text,
                       attachments=[mail.Attachment("booking.ics", ics_bytes, "text", "calendar")])

    # What must go out before everything already waiting (a reported complication): the highest priority.
    mail.queue(practitioner_email, "URGENT: ...", "complications/practitioner", context, priority=outbox.URGENT)

Neither commits nor sends. Each adds an `OutboxMessage` row to `db.session`, so the email is
written in the same transaction as the change it reports: the caller's commit keeps both, a
rollback leaves no email. After a commit that queued mail, core.tasks wakes the worker, which
calls `deliver_due()`: each due row is claimed (safe with several workers), sent over SMTP
(MAIL_SERVER, MAIL_PORT, MAIL_USERNAME, ...) or, with no MAIL_SERVER, written as an .eml file
to MAIL_OUTBOX, then marked sent. A refused attempt is retried after 1, 5, 25, 125... minutes;
after MAIL_MAX_ATTEMPTS the row is failed and listed on /admin/outbox with a retry button.
Every message is multipart (text/plain and text/html, then any attachments) and carries the
Message-ID its row was given when queued, on every attempt, so a resend after a crash is
recognisable. `flask --app app send-mail` delivers what is due once; `flask --app app worker`
keeps delivering. Under TESTING, tasks run at once: the email is sent right after the commit.
"""
import base64
import re
import smtplib
import ssl
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import current_app, has_request_context, render_template

from core import outbox
from core.extensions import db
from core.outbox import OutboxMessage

LINK = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:!?)\]]")


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email, such as an iCalendar invitation."""

    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "octet-stream"

    def stored(self) -> dict:
        """The attachment as the outbox row keeps it (JSON, content in base64)."""
        return {**asdict(self), "content": base64.b64encode(self.content).decode("ascii")}

    @classmethod
    def from_stored(cls, data: dict) -> "Attachment":
        """The attachment back from an outbox row."""
        return cls(**{**data, "content": base64.b64decode(data["content"])})


@dataclass
class Delivery:
    """What one delivery run did, for the command's summary and the logs."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        """Emails this run tried to send."""
        return self.sent + self.retrying + self.failed


DEFAULT_SITE_URL = "http://127.0.0.1:5000"


def link_context():
    """Links in emails sent outside a request need a host: SERVER_NAME when set, else SITE_URL (or the dev address)."""
    if current_app.config.get("SERVER_NAME") or has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config.get("SITE_URL") or DEFAULT_SITE_URL)


def queue(to: str, subject: str, template: str, context: dict | None = None, attachments=(),
          priority: int = outbox.NORMAL) -> OutboxMessage:
    """Queue an email rendered from templates/email/<template>.txt and .html, in the current transaction."""
    values = {**(context or {}), "subject": subject}
    text = render_template(f"email/{template}.txt", **values)
    html = render_template(f"email/{template}.html", **values)
    return queue_message(to, subject, text, html, attachments, priority)


def queue_message(to: str, subject: str, text: str, html: str | None = None, attachments=(),
                  priority: int = outbox.NORMAL) -> OutboxMessage:
    """Queue an email whose text you already have (HTML made from it unless given), in the current transaction."""
    if any(character in to + subject for character in "\r\n"):
        raise ValueError("An email address or subject may not contain a line break.")  # header injection
    if html is None:
        html = render_template("email/from_text.html", subject=subject, paragraphs=paragraphs(text))
    return outbox.add(OutboxMessage(recipient=to, subject=subject, text_body=text, html_body=html,
                                    attachments=[item.stored() for item in attachments],
                                    message_id=make_msgid(domain=_sender_domain()), priority=priority))


def paragraphs(text: str) -> list[list[list[tuple[str, bool]]]]:
    """The text's paragraphs, as lines of (piece, is_link), for the HTML copy of a plain-text email."""
    blocks = re.split(r"\n[ \t]*\n", text.strip())
    return [[_pieces(line) for line in block.splitlines()] for block in blocks if block.strip()]


def _pieces(line: str) -> list[tuple[str, bool]]:
    """A line cut into plain text and web addresses."""
    pieces, start = [], 0
    for match in LINK.finditer(line):
        pieces += [(line[start:match.start()], False), (match.group(), True)]
        start = match.end()
    return pieces + [(line[start:], False)]


def _sender_domain() -> str:
    """The domain Message-IDs are made in: the sender's."""
    address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    return address.rpartition("@")[2] or "verity.local"


def build_message(row: OutboxMessage) -> EmailMessage:
    """The message for an outbox row: text and HTML alternatives, attachments, the row's Message-ID."""
    message = _headed(row.recipient, row.subject, format_datetime(row.created_at), row.message_id)
    message.set_content(row.text_body)
    message.add_alternative(row.html_body, subtype="html")
    _attach(message, map(Attachment.from_stored, row.attachments))
    return message


def _headed(to: str, subject: str, date: str, message_id: str) -> EmailMessage:
    """An empty message with its headers."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = message_id
    return message


def _attach(message: EmailMessage, attachments) -> None:
    """Add the attachments after the body."""
    for item in attachments:
        message.add_attachment(item.content, maintype=item.maintype, subtype=item.subtype, filename=item.filename)


def deliver_due(limit: int | None = 100) -> Delivery:
    """Send the emails that are due, one claim at a time, up to `limit` (None: until none is due)."""
    config, delivery = current_app.config, Delivery()
    lease, max_attempts = _lease(config), config["MAIL_MAX_ATTEMPTS"]
    while limit is None or delivery.attempted < limit:
        claimed = outbox.claim(lease)
        if claimed is None:
            break
        outcome = _deliver_one(*claimed, max_attempts)
        setattr(delivery, outcome, getattr(delivery, outcome) + 1)
    return delivery


def _lease(config) -> timedelta:
    """How long a claim holds a row; longer than any send takes, so only a dead worker's row comes back."""
    return timedelta(seconds=config["MAIL_LEASE_SECONDS"])


def _deliver_one(message_id: int, attempt: int, max_attempts: int) -> str:
    """Send one claimed row and record the outcome: 'sent', 'retrying' or 'failed'."""
    row = db.session.get(OutboxMessage, message_id, populate_existing=True)
    try:
        transport(build_message(row))
    except Exception as error:  # noqa: BLE001 - whatever went wrong, the row keeps the email and says why
        current_app.logger.warning("Email %s to %s not sent (attempt %s): %s", row.message_id, row.recipient,
                                   attempt, error)
        status = outbox.reschedule(message_id, attempt, f"{type(error).__name__}: {error}", max_attempts)
        outcome = "failed" if status == outbox.FAILED else "retrying"
    else:
        outbox.mark_sent(message_id, attempt)
        outcome = "sent"
    db.session.commit()
    return outcome


def transport(message: EmailMessage) -> None:
    """Hand a message to the configured server, or keep it as an .eml file when there is none."""
    config = current_app.config
    if config["MAIL_SERVER"]:
        _send_smtp(message, config)
    else:
        _write_eml(message, Path(config["MAIL_OUTBOX"]))


def _send_smtp(message: EmailMessage, config) -> None:
    """Deliver over SMTP, with TLS or SSL and login when configured."""
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    if config["MAIL_USE_SSL"]:
        server = smtplib.SMTP_SSL(host, port, context=ssl.create_default_context(), timeout=15)
    else:
        server = smtplib.SMTP(host, port, timeout=15)
    with server:
        if config["MAIL_USE_TLS"]:
            server.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            server.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        server.send_message(message)


def _write_eml(message: EmailMessage, folder: Path) -> None:
    """Keep the message as an .eml file named by its Message-ID, so a resend overwrites rather than doubles."""
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", message["Message-ID"].strip("<>"))
    (folder / f"{name}.eml").write_bytes(bytes(message))

