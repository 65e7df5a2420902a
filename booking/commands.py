"""Booking jobs: `send-reminders` (bookings in the next 24 hours, once each) and `cancel-unlisted-bookings`."""
from contextlib import nullcontext

import click
from flask import current_app

from core import clock
from booking.services import send_reminders
from booking.services.delisting import cancel_unlisted

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


@click.command("cancel-unlisted-bookings")
def cancel_unlisted_command():
    """Cancel future bookings a practitioner's listing no longer allows (a registration ran out); safe to rerun."""
    with _url_context():
        done = cancel_unlisted(clock.now())
    count = sum(len(d.bookings) for d in done)
    click.echo(f"Cancelled {count} booking{'s' if count != 1 else ''} of {len(done)} practitioner"
               f"{'s' if len(done) != 1 else ''} no longer listed.")
