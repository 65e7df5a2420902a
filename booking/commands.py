"""Booking jobs: `send-reminders` (bookings in the next 24 hours, once each) and `cancel-unlisted-bookings`."""
import click

from core import clock
from core.mail import link_context
from booking.services import send_reminders
from booking.services.delisting import cancel_unlisted


@click.command("send-reminders")
def send_reminders_command():
    """Email a reminder for each booking starting within 24 hours; safe to run every few minutes."""
    with link_context():
        sent = send_reminders(clock.now())
    click.echo(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")


@click.command("cancel-unlisted-bookings")
def cancel_unlisted_command():
    """Cancel future bookings a practitioner's listing no longer allows (a registration ran out); safe to rerun."""
    with link_context():
        done = cancel_unlisted(clock.now())
    count = sum(len(d.bookings) for d in done)
    click.echo(f"Cancelled {count} booking{'s' if count != 1 else ''} of {len(done)} practitioner"
               f"{'s' if len(done) != 1 else ''} no longer listed.")
