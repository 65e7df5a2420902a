"""Outgoing email: SMTP when a server is configured, .eml files in development."""
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email, such as an iCalendar invitation."""

    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "octet-stream"


def build_message(to: str, subject: str, text: str, attachments=()) -> EmailMessage:
    """Build a plain-text message with optional attachments."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="verity.local")
    message.set_content(text)
    for item in attachments:
        message.add_attachment(item.content, maintype=item.maintype, subtype=item.subtype,
                               filename=item.filename)
    return message


def send_mail(to: str, subject: str, text: str, attachments=()) -> EmailMessage:
    """Send one email through the configured server, or write it to the outbox."""
    message = build_message(to, subject, text, attachments)
    config = current_app.config
    if config["MAIL_SERVER"]:
        _send_smtp(message, config)
    else:
        _write_outbox(message, Path(config["MAIL_OUTBOX"]))
    return message


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


def _write_outbox(message: EmailMessage, outbox: Path) -> None:
    """Keep the message as an .eml file so development needs no mail server."""
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
