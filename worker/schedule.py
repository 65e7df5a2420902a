"""The scheduled jobs the worker runs, in place of cron: each is the operator's command, run as is.

Running the click command itself (not a copy of its body) keeps one behaviour for both: the same
URL context for links, the same summary line (in the worker's log), the same error when mail fails.
The commands are safe to run concurrently, so an operator running one by hand does no harm.
"""
from huey import crontab

from booking.commands import cancel_unlisted_command, send_reminders_command
from compliance.commands import refresh_badges_command
from core import tasks
from credentials.commands import send_expiry_reminders
from reviews.commands import send_review_requests_command

# (command, when, in UTC)
SCHEDULE = (
    (send_reminders_command, crontab(minute="*/5")),           # patients, 24 hours before their appointment
    (send_expiry_reminders, crontab(minute="0", hour="7")),     # practitioners' expiring credentials, admins' checks
    (refresh_badges_command, crontab(minute="10", hour="0")),   # badges that a date, not a change, moved
    (cancel_unlisted_command, crontab(minute="20", hour="*")),  # bookings a lapsed registration no longer allows
    (send_review_requests_command, crontab(minute="3-59/15")),  # attended bookings, 10:00 clinic time the next day
)


def run_command(command) -> None:
    """Run a click command with its default options, as `flask --app app <name>` would."""
    with command.make_context(command.name, []) as context:
        command.invoke(context)


def job(command):
    """The scheduled job for one command, named after it."""
    def run():
        run_command(command)

    run.__name__ = run.__qualname__ = command.name.replace("-", "_")
    run.__doc__ = f"Run `flask --app app {command.name}`."
    return run


def register(app) -> dict:
    """Put the schedule on the app's task queue (once per app); returns the jobs by command name."""
    if "worker_schedule" not in app.extensions:
        queue = tasks.huey_of(app)
        app.extensions["worker_schedule"] = {command.name: tasks.periodic(queue, app, job(command), when)
                                             for command, when in SCHEDULE}
    return app.extensions["worker_schedule"]
