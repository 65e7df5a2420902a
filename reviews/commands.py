"""`flask --app app send-review-requests`: ask each attended booking's patient for a review, once."""
import click

from core import clock
from core.mail import link_context
from reviews.services import send_review_requests


@click.command("send-review-requests")
def send_review_requests_command():
    """Email the review request of each attended booking that is due (the day after, 10:00 clinic time); safe to rerun."""
    with link_context():
        sent = send_review_requests(clock.now())
    click.echo(f"Sent {sent} review request{'s' if sent != 1 else ''}.")
