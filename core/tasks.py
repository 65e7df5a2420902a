"""The task queue (huey), made once per app from its settings, and the wake-up after a commit that queued mail.

SQLite under instance/ by default (TASK_QUEUE_PATH: no extra server); Redis when REDIS_URL is
set, so several machines share one queue. Every task runs inside an app context of the app that
registered it: the worker process (`flask --app app worker`) creates that app once. With
TASKS_IMMEDIATE (by default, when TESTING) a task runs at once in the caller, with no queue.

The outbox table, not this queue, is the record of what must be sent: a lost task (a killed
worker, a Redis restart) only delays mail until the next wake or the every-minute delivery.
"""
import functools
import logging
import threading

from flask import current_app, has_app_context
from huey import RedisHuey, SqliteHuey, crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from core import mail, outbox

logger = logging.getLogger(__name__)
_making = threading.Lock()
DELIVERY_BATCH = 100


def huey_of(app):
    """The app's task queue, made on first use (a command that queues nothing opens no file)."""
    with _making:
        if "huey" not in app.extensions:
            app.extensions["huey"] = _make(app)
    return app.extensions["huey"]


def _make(app):
    """A huey for the app's settings, with the mail delivery tasks registered on it."""
    config = app.config
    options = {"results": False, "immediate": config.get("TASKS_IMMEDIATE", app.testing)}
    if config["REDIS_URL"]:
        queue = RedisHuey("verity", url=config["REDIS_URL"], **options)
    else:
        queue = SqliteHuey("verity", filename=config["TASK_QUEUE_PATH"], **options)
    queue.deliver_mail = task(queue, app, deliver_mail)
    periodic(queue, app, deliver_mail, crontab(), name="deliver_mail_every_minute")  # the safety net
    return queue


def _in_app(app, function):
    """The function, run inside an app context of the app (one per run, so each gets its own session)."""
    @functools.wraps(function)
    def run():
        with app.app_context():
            return function()

    return run


def task(queue, app, function, name: str | None = None):
    """Register a task that runs the function in the app."""
    return queue.task(name=name or function.__name__)(_in_app(app, function))


def periodic(queue, app, function, schedule, name: str | None = None):
    """Register a task the worker runs on a schedule (a huey crontab, in UTC)."""
    return queue.periodic_task(schedule, name=name or function.__name__)(_in_app(app, function))


def deliver_mail() -> None:
    """Deliver the emails that are due; if there were more than one batch, wake again for the rest."""
    delivery = mail.deliver_due(DELIVERY_BATCH)
    if delivery.attempted:
        logger.info("Mail: %s sent, %s to retry, %s failed.", delivery.sent, delivery.retrying, delivery.failed)
    if delivery.attempted >= DELIVERY_BATCH:
        wake(current_app._get_current_object())


def wake(app) -> None:
    """Ask a worker to deliver due mail now; if the queue cannot be reached, the every-minute run will."""
    try:
        huey_of(app).deliver_mail()
    except Exception:  # noqa: BLE001 - the mail is safe in the outbox either way
        logger.exception("Could not wake the mail worker; the every-minute delivery will send the mail")


def install() -> None:
    """Wake the worker after each commit whose transaction queued mail (idempotent)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_transaction_end", _after_transaction_end)


def _after_commit(session) -> None:
    """The outermost commit of a transaction that queued mail: wake the worker."""
    if session.in_nested_transaction() or not session.info.pop(outbox.WAKE, False):
        return
    if has_app_context():
        wake(current_app._get_current_object())


def _after_transaction_end(session, transaction) -> None:
    """Forget the wake-up when the outermost transaction ends without a commit (a rollback)."""
    if transaction.parent is None:
        session.info.pop(outbox.WAKE, None)
