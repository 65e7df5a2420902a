"""Faults, part 2: the web worker killed with kill -9 while it books, under a real gunicorn.

gunicorn runs one worker against the test database. The first booking stops at the pause point
just before its commit (the booking, its audit event and both emails flushed, not committed) and the
worker is killed there. Nothing of that booking may remain. gunicorn then starts a new worker, which
books the same slot whole: the booking with its audit event and its two emails, each sent once.
"""
import contextlib
import random
import signal
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from audit.models import AuditEvent
from booking.models import Booking
from core import clock
from core.extensions import db
from core.outbox import SENT, OutboxMessage
from tests.booking.conftest import make_bookable, make_patient  # noqa: F401 - fixtures used below
from tests.booking.test_concurrency import Browser, _wait_until_up
from tests.conftest import free_port
from tests.helpers import csrf_token
from tests.security.crash import app_spec, assert_consistent, environment, kill_9, start, wait_for_pause

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def server(database_url, smtp_server, _schema, tmp_path_factory):
    """gunicorn with one worker on a free loopback port, against the test database; pauses bookings on request.

    A booking stops at the pause point while the pause file is absent: a test removes the file to stop the
    next booking there, or writes it to let every booking run.
    """
    port, folder = free_port(), tmp_path_factory.mktemp("gunicorn")
    log, pause = folder / "gunicorn.log", folder / "paused"
    pause.write_text("")
    process = start([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                     app_spec(pause, "booking.commit")], environment(database_url, smtp_server.port, folder), log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield SimpleNamespace(base=base, process=process, log=log, pause=pause)
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        process.wait(20)


@pytest.fixture
def patient_at_confirm(make_bookable, make_patient):  # noqa: F811 - fixtures
    """Return open(server) -> (who, browser, confirm(hour) -> (path, form)): a logged-in patient of Dr Crash."""
    target, patient = make_bookable(name="Dr Crash"), make_patient(email="crash@example.com")
    who = SimpleNamespace(practitioner=target.practitioner.id, patient_email=patient.email,
                          practitioner_email=target.practitioner.user.email)
    day = clock.now().astimezone(LONDON).date() + timedelta(days=3)  # the server runs on the real clock
    slug, clinic = target.practitioner.slug, target.clinic.id
    db.session.remove()

    def open_at(server):
        browser = Browser(server.base)
        browser.login(who.patient_email)

        def confirm(hour: int) -> tuple[str, bytes, datetime]:
            """The confirm page of the slot at that hour, and its filled-in form."""
            starts_at = datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(timezone.utc)
            path = (f"/practitioners/{slug}/book/confirm?treatment=microneedling&clinic={clinic}"
                    f"&start={starts_at.strftime('%Y-%m-%dT%H:%MZ')}")
            token = csrf_token(browser.get(path))
            return path, urllib.parse.urlencode({"patient_name": "Pat Crash", "csrf_token": token}).encode(), starts_at

        return who, browser, confirm

    return open_at


def stored(who: SimpleNamespace) -> tuple[int, int, int]:
    """What the database holds of the patient's bookings: (bookings, emails queued about them, audit events)."""
    db.session.commit()  # end any read, so this one sees what the server committed
    bookings = db.session.scalar(select(func.count(Booking.id)).where(Booking.practitioner_id == who.practitioner))
    emails = db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.recipient.in_([who.patient_email, who.practitioner_email])))
    events = db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "booking.created"))
    return bookings, emails, events


def test_a_worker_killed_mid_booking_leaves_none_of_it_and_the_next_worker_books_it_whole(
        server, patient_at_confirm, mailbox):
    who, browser, confirm = patient_at_confirm(server)
    server.pause.unlink()  # the next booking stops just before its commit
    path, form, starts_at = confirm(10)
    with ThreadPoolExecutor(max_workers=1) as pool:
        answer = pool.submit(browser.send, path, form, FORM)
        worker = wait_for_pause(server.pause, server.process, server.log)
        assert worker != server.process.pid, "the worker stops, not gunicorn's master"
        before_the_kill = stored(who)
        kill_9(worker)
        with pytest.raises(OSError):  # the connection drops: the patient saw no answer
            answer.result(timeout=30)
    assert before_the_kill == (0, 0, 0), "nothing is visible before the commit"
    assert_consistent()
    assert stored(who) == (0, 0, 0), "the killed booking left rows behind"
    assert mailbox.messages == []

    status, location, _ = browser.send(path, form, FORM)  # the patient tries again; gunicorn started a new worker
    assert status == 302 and location.startswith("/bookings/"), server.log.read_text()[-4000:]
    assert_consistent()
    assert stored(who) == (1, 2, 1)
    [booking] = db.session.scalars(select(Booking).where(Booking.practitioner_id == who.practitioner))
    assert (booking.starts_at, booking.status, location) == (starts_at, "booked", f"/bookings/{booking.id}")
    assert set(db.session.scalars(select(OutboxMessage.status))) == {SENT}
    assert [m["Subject"].startswith("Booked:") for m in mailbox.to(who.patient_email)] == [True]
    assert len(mailbox.to(who.practitioner_email)) == 1


def worker_of(master: int) -> int:
    """The id of gunicorn's one worker, waiting while the master starts a new one."""
    children = Path(f"/proc/{master}/task/{master}/children")
    for _ in range(300):
        found = children.read_text().split()
        if found:
            return int(found[0])
        time.sleep(0.05)
    raise AssertionError("gunicorn started no worker")


def test_workers_killed_at_random_moments_of_a_booking_leave_each_booking_whole_or_absent(
        server, patient_at_confirm):
    who, browser, confirm = patient_at_confirm(server)
    server.pause.write_text("")  # no pause: the kills come at random moments
    path, form, _ = confirm(9)
    began = time.monotonic()
    assert browser.send(path, form, FORM)[0] == 302
    took = time.monotonic() - began  # one whole booking, including its emails sent after the commit
    seed = random.randrange(10**6)
    moments = random.Random(seed)
    for hour in (11, 12, 13):
        path, form, _ = confirm(hour)
        worker = worker_of(server.process.pid)
        with ThreadPoolExecutor(max_workers=1) as pool:
            answer = pool.submit(browser.send, path, form, FORM)
            time.sleep(moments.uniform(0, took * 1.2))
            kill_9(worker)
            with contextlib.suppress(OSError):
                answer.result(timeout=30)
        assert_consistent()
        bookings, emails, events = stored(who)
        assert (emails, events) == (2 * bookings, bookings), f"half a booking (seed {seed})"
