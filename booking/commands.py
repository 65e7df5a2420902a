"""`flask --app app send-reminders`: email patients about bookings in the next 24 hours, once each."""
from contextlib import nullcontext

import click
from flask import current_app

from core import clock
from booking.services import send_reminders

DEFAULT_SITE_URL = "http://127.0.0.1:5000"


def _url_context():
    """Links in emails need a host: SERVER_NAME when set, else SITE_URL (or the development address)."""
    if current_app.config.get("SERVER_NAME"):
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config.get("SITE_URL") or DEFAULT_SITE_URL)


@click.command("send-reminders")
def send_reminders_command():
    """Email a reminder for each booking starting within 24 hours; safe to run every few minutes."""
    with _url_context():
        sent = send_reminders(clock.now())
    click.echo(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
