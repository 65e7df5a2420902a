"""`flask --app app send-expiry-reminders`: safe to run from cron as often as you like."""
from datetime import date

import click
from core import clock


@click.command("send-expiry-reminders")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Run as if on this date (YYYY-MM-DD); defaults to today.")
def send_expiry_reminders(today):
    """Warn practitioners and admins of expiries 30 and 7 days ahead, and email admins the next checks due."""
    from credentials.reminders import EXPIRY_WINDOW_DAYS, FINAL_WINDOW_DAYS, send_reminders

    run = send_reminders(today.date() if today else clock.today())
    click.echo(f"Sent {run.expiry_emails} expiry reminder(s) (credentials expiring within {EXPIRY_WINDOW_DAYS} "
               f"days, and again within {FINAL_WINDOW_DAYS}), {run.admin_expiry_items} expiring registration(s) and "
               f"{run.next_check_items} next check(s) due to admins.")
