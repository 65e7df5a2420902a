"""The worker: woken after a commit that queued mail, loses nothing when killed, runs the schedule."""
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from huey import RedisHuey

from core import mail, tasks
from core.extensions import db
from core.outbox import SENDING, SENT
from tests.conftest import free_port
from tests.mail.conftest import NOW, StallInData, ids_received, queued, rows, smtp_on
from worker import schedule

ROOT = Path(__file__).resolve().parents[2]


def test_a_commit_that_queued_mail_wakes_the_worker_and_no_other_does(app):
    queue = tasks.huey_of(app)
    db.session.commit()
    assert len(queue) == 0
    mail.queue_message("pat@example.com", "Rolled back", "Never")
    db.session.rollback()
    db.session.commit()
    assert len(queue) == 0
    with db.session.begin_nested():
        mail.queue_message("pat@example.com", "Hello", "Body")
    assert len(queue) == 0  # a savepoint is not the commit
    db.session.commit()
    assert len(queue) == 1
    [task] = queue.pending()
    assert type(task).__name__ == "deliver_mail"


def test_when_tasks_run_at_once_the_mail_goes_right_after_the_commit(app, mailbox):
    app.config["TASKS_IMMEDIATE"] = True  # as under TESTING, before the app made its queue
    row = queued()
    assert ids_received(mailbox) == [row.message_id] and rows()[0].status == SENT


def start_worker(database_url, tmp_path, port, name) -> subprocess.Popen:
    """`flask --app app worker` in a process of its own, as `make run` starts it."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "worker-test", "MAIL_SERVER": "127.0.0.1",
           "MAIL_PORT": str(port), "TASK_QUEUE_PATH": str(tmp_path / "tasks.sqlite3"), "MAIL_LEASE_SECONDS": "2",
           "PYTHONUNBUFFERED": "1"}
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - the process writes it after we return
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", "1",
                             "--no-periodic"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for(condition, seconds=30.0):
    """Poll until the condition holds; fail after the given time."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_kill_9_of_the_worker_mid_delivery_loses_nothing(app, database_url, tmp_path, mailbox, smtp_server):
    stall = StallInData()
    stalled_port = free_port()
    with smtp_on(stalled_port, stall):
        message_id = queued("pat@example.com", "Survives").message_id
        db.session.remove()
        worker = start_worker(database_url, tmp_path, stalled_port, "first")
        try:
            assert stall.in_data.wait(60), (tmp_path / "first.log").read_text()
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
            stall.release.set()
    [claimed] = rows()
    assert (claimed.status, claimed.attempts, mailbox.messages) == (SENDING, 1, [])
    lease_ends = claimed.next_attempt_at
    wait_for(lambda: datetime.now(lease_ends.tzinfo) > lease_ends)
    worker = start_worker(database_url, tmp_path, smtp_server.port, "restarted")
    try:
        wait_for(lambda: rows()[0].status == SENT)
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(20)
    assert ids_received(mailbox) == [message_id]
    assert rows()[0].attempts == 2


EVERY_MINUTE, EVERY_5 = {"deliver_mail_every_minute"}, {"deliver_mail_every_minute", "send_reminders"}


@pytest.mark.parametrize("at, due", [("09:07", EVERY_MINUTE), ("09:05", EVERY_5),
                                     ("07:00", EVERY_5 | {"send_expiry_reminders"}),
                                     ("00:10", EVERY_5 | {"refresh_badges"}),
                                     ("05:20", EVERY_5 | {"cancel_unlisted_bookings"}),
                                     ("09:18", EVERY_MINUTE | {"send_review_requests"})])
def test_the_schedule_replaces_cron(app, at, due):
    schedule.register(app)
    moment = datetime.combine(NOW.date(), datetime.strptime(at, "%H:%M").time())  # naive UTC, as huey reads it
    assert {type(task).__name__ for task in tasks.huey_of(app).read_periodic(moment)} == due


def test_each_scheduled_job_runs_the_operators_command(app, pinned, make_practitioner, mailbox, capsys):
    practitioner = make_practitioner(name="Dr Soon", email="soon@example.com",
                                     registration_expires=NOW.date() + timedelta(days=10))
    jobs = schedule.register(app)
    for name in ("send-reminders", "send-expiry-reminders", "refresh-badges", "cancel-unlisted-bookings",
                 "send-review-requests"):
        jobs[name].call_local()
    output = capsys.readouterr().out
    assert "Sent 0 reminders." in output and "Sent 1 expiry reminder(s)" in output
    assert "Cancelled 0 bookings of 0 practitioners no longer listed." in output
    assert "Refreshed 1 compliance badges." in output and "Sent 0 review requests." in output
    [wake] = tasks.huey_of(app).pending()  # the reminder is queued; its commit woke the worker
    tasks.huey_of(app).execute(wake)
    assert [m["Subject"] for m in mailbox.to(practitioner.user.email)] == ["Your Verity credentials expire soon"]


def test_with_redis_url_the_queue_is_redis_and_an_unreachable_one_loses_no_mail(app, caplog):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    assert isinstance(tasks.huey_of(app), RedisHuey)
    row = queued()  # the commit succeeds; waking the worker fails and says so
    assert rows()[0].message_id == row.message_id and "Could not wake the mail worker" in caplog.text
