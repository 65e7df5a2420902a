"""Faults, part 2: the web worker killed with kill -9 while it books, under a real gunicorn.

gunicorn runs one worker against the test database. The first booking stops at the pause point
just before its commit (the booking, its audit event and both emails flushed, not committed) and the
worker is killed there. Nothing of that booking may remain. gunicorn then starts a new worker, which
books the same slot whole: the booking with its audit event and its two emails, each sent once.
"""
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
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


@pytest.fixture
def server(database_url, smtp_server, _schema, tmp_path):
    """gunicorn with one worker, on a free loopback port, pausing the first booking before its commit."""
    port, log, pause = free_port(), tmp_path / "gunicorn.log", tmp_path / "paused"
    process = start([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                     app_spec(pause, "booking.commit")], environment(database_url, smtp_server.port, tmp_path), log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield SimpleNamespace(base=base, process=process, log=log, pause=pause)
    finally:
        process.terminate()
        process.wait(20)


def stored(who: SimpleNamespace) -> tuple[int, int, int]:
    """What the database holds of the patient's booking: (bookings, emails queued about it, audit events)."""
    db.session.commit()  # end any read, so this one sees what the server committed
    bookings = db.session.scalar(select(func.count(Booking.id)).where(Booking.practitioner_id == who.practitioner))
    emails = db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.recipient.in_([who.patient_email, who.practitioner_email])))
    events = db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "booking.created"))
    return bookings, emails, events


def test_a_worker_killed_mid_booking_leaves_none_of_it_and_the_next_worker_books_it_whole(
        server, make_bookable, make_patient, mailbox):  # noqa: F811 - fixtures
    target, patient = make_bookable(name="Dr Crash"), make_patient(email="crash@example.com")
    day = clock.now().astimezone(ZoneInfo("Europe/London")).date() + timedelta(days=3)
    starts_at = datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/London")).astimezone(timezone.utc)
    path = (f"/practitioners/{target.practitioner.slug}/book/confirm?treatment=microneedling&clinic={target.clinic.id}"
            f"&start={starts_at.strftime('%Y-%m-%dT%H:%MZ')}")
    who = SimpleNamespace(practitioner=target.practitioner.id, patient_email=patient.email,
                          practitioner_email=target.practitioner.user.email)
    browser = Browser(server.base)
    browser.login(patient.email)
    form = urllib.parse.urlencode({"patient_name": "Pat Crash", "csrf_token": csrf_token(browser.get(path))}).encode()
    db.session.remove()

    with ThreadPoolExecutor(max_workers=1) as pool:
        answer = pool.submit(browser.send, path, form, FORM)
        worker = wait_for_pause(server.pause, server.process, server.log)
        assert worker != server.process.pid, "the worker stops, not gunicorn's master"
        assert stored(who) == (0, 0, 0), "nothing is visible before the commit"
        kill_9(worker)
        with pytest.raises(OSError):  # the connection drops: the patient saw no answer
            answer.result(timeout=30)
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
