"""`flask --app app send-mail` (deliver what is due, once) and `flask --app app worker` (keep delivering)."""
import logging

import click
from flask import current_app

from core import mail, tasks
from worker import schedule


@click.command("send-mail")
def send_mail_command():
    """Deliver every email that is due now, once, and exit."""
    delivery = mail.deliver_due(limit=None)
    click.echo(f"Sent {delivery.sent} email{'' if delivery.sent == 1 else 's'}, {delivery.retrying} to retry "
               f"later, {delivery.failed} failed.")


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads running tasks.")
@click.option("--periodic/--no-periodic", default=True, show_default=True,
              help="Run the schedule too; with several workers on one Redis queue, keep it on one of them.")
def worker_command(workers, periodic):
    """Deliver queued mail as it comes and run the scheduled jobs, until stopped (Ctrl-C or SIGTERM)."""
    app = current_app._get_current_object()
    queue = tasks.huey_of(app)
    if queue.immediate:
        raise click.ClickException("Tasks run immediately in this configuration (TASKS_IMMEDIATE); no worker needed.")
    schedule.register(app)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    tasks.wake(app)  # mail that waited while no worker ran
    queue.create_consumer(workers=workers, worker_type="thread", periodic=periodic, max_delay=2.0).run()


def install(app) -> None:
    """Register the commands on the app."""
    for command in (send_mail_command, worker_command):
        app.cli.add_command(command)
