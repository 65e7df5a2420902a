"""No double booking, ever: 50 truly concurrent requests for one slot at a 4-worker gunicorn server.

The server runs against the test database (the SQLite file, or TEST_DATABASE_URL on PostgreSQL), so
this exercises BEGIN IMMEDIATE on SQLite and the exclusion constraint on PostgreSQL. It is the one
booking test on the real clock: gunicorn runs in its own process, so the slot is three days ahead.
"""
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time as clock
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from threading import Barrier
from zoneinfo import ZoneInfo

import pytest
from flask import current_app
from sqlalchemy import func, select

from audit.models import AuditEvent
from booking.models import Booking
from core import mail
from core.extensions import db
from tests.conftest import ROOT, free_port
from tests.helpers import TEST_PASSWORD, csrf_token

REQUESTS = 50
SERVER_LOG = {}  # the running server's log file, shown when an answer is not the expected one


@pytest.fixture(scope="module")
def server(database_url, smtp_server, _schema, tmp_path_factory):
    """gunicorn with 4 workers (4 threads each) on a free loopback port, against the test database."""
    port, logs = free_port(), tmp_path_factory.mktemp("gunicorn")
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "VERITY_ENV": "development",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_server.port), "RATELIMIT_ENABLED": "false",
           "UPLOAD_FOLDER": str(logs), "MAIL_OUTBOX": str(logs), "TASK_QUEUE_PATH": str(logs / "tasks.sqlite3")}
    SERVER_LOG["path"] = logs / "out.log"
    with open(logs / "out.log", "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "4", "--threads", "4", "-b",
                                    f"127.0.0.1:{port}", "--chdir", str(ROOT), "app:create_app()"],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, logs / "out.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_until_up(base: str, process, log) -> None:
    """Poll the health check until the server answers (on a busy machine that can take a while)."""
    deadline = clock.monotonic() + 90
    while clock.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("gunicorn exited:\n" + log.read_text())
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            clock.sleep(0.1)
    pytest.fail("gunicorn did not start:\n" + log.read_text())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Let a redirect come back as the answer instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One patient's cookie jar against the live server."""

    def __init__(self, base: str):
        jar = http.cookiejar.CookieJar()
        self.base, self.token = base, ""
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.raw = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def send(self, path: str, data: bytes, headers: dict) -> tuple[int, str, str]:
        """POST and return (status, Location, body) without following redirects."""
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method="POST")
        try:
            with self.raw.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def login(self, email: str) -> None:
        token = csrf_token(self.get("/login"))
        form = urllib.parse.urlencode({"email": email, "password": TEST_PASSWORD, "csrf_token": token}).encode()
        status, _, _ = self.send("/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, "login failed"


@pytest.fixture
def contenders(server, make_bookable, make_patient):
    """The target (a slot three days ahead at 10:00 London time) and 50 logged-in patients on the booking page."""
    target = make_bookable(name="Dr Popular")
    day = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=3)
    starts_at = datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/London")).astimezone(timezone.utc)
    path = (f"/practitioners/{target.practitioner.slug}/book/confirm?treatment=microneedling&clinic={target.clinic.id}"
            f"&start={starts_at.strftime('%Y-%m-%dT%H:%MZ')}")
    browsers = []
    for n in range(REQUESTS):
        patient = make_patient(email=f"racer{n}@example.com", name=f"Racer {n}")
        browser = Browser(server)
        browser.login(patient.email)
        browser.token = csrf_token(browser.get(path))
        browsers.append(browser)
    return target, starts_at, path, browsers


def server_log() -> str:
    """The end of the server's log (tracebacks of any 500), for assertion messages."""
    path = SERVER_LOG.get("path")
    return path.read_text(errors="replace")[-6000:] if path and path.exists() else "(no server log)"


def fire(browsers, send) -> list[tuple[int, str, str]]:
    """Release every request at once from its own thread."""
    barrier = Barrier(len(browsers))

    def one(browser):
        barrier.wait()
        return send(browser)

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        return list(pool.map(one, browsers))


def assert_exactly_one_booking(target, starts_at, mailbox):
    """One booking row, one audit event, one confirmation email: nothing half-written."""
    db.session.commit()  # see what the server committed
    current_app.config["CLOCK_NOW"] = None  # the server queued on the real clock
    mail.deliver_due(None)  # and runs no worker: deliver what it queued from here
    rows = list(db.session.scalars(select(Booking).where(Booking.practitioner_id == target.practitioner.id)))
    assert [(b.starts_at, b.status) for b in rows] == [(starts_at, "booked")]
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "booking.created")) == 1
    booked = [m for m in mailbox.messages if m["Subject"].startswith("Booked:")]
    assert len([m for m in booked if m["To"].startswith("racer")]) == 1
    return rows[0]


def test_fifty_simultaneous_form_posts_make_exactly_one_booking(contenders, mailbox):
    target, starts_at, path, browsers = contenders

    def send(browser):
        form = urllib.parse.urlencode({"patient_name": "Racer", "csrf_token": browser.token}).encode()
        return browser.send(path, form, {"Content-Type": "application/x-www-form-urlencoded"})

    results = fire(browsers, send)
    statuses = sorted(status for status, _, _ in results)
    assert statuses == [302] + [409] * (REQUESTS - 1), server_log()
    booking = assert_exactly_one_booking(target, starts_at, mailbox)
    assert [location for status, location, _ in results if status == 302] == [f"/bookings/{booking.id}"]
    for status, _, body in results:
        if status == 409:
            assert "this time was just taken" in " ".join(body.split())
            assert re.search(r"start=\d{4}-\d\d-\d\dT\d\d:\d\dZ", body), "the nearest free times are offered"


def test_fifty_simultaneous_api_calls_make_exactly_one_booking(contenders, mailbox):
    target, starts_at, _, browsers = contenders
    body = json.dumps({"practitioner_id": target.practitioner.id, "treatment": "microneedling",
                       "clinic": target.clinic.id, "starts_at": starts_at.isoformat(),
                       "patient_name": "Racer"}).encode()

    def send(browser):
        return browser.send("/api/v1/bookings", body, {"Content-Type": "application/json",
                                                       "X-CSRFToken": browser.token})

    results = fire(browsers, send)
    assert sorted(status for status, _, _ in results) == [201] + [409] * (REQUESTS - 1), server_log()
    booking = assert_exactly_one_booking(target, starts_at, mailbox)
    for status, _, text in results:
        answer = json.loads(text)
        if status == 201:
            assert answer["booking"]["id"] == booking.id
        else:
            assert answer["code"] == "slot_taken" and "just taken" in answer["detail"]
            assert answer["alternatives"]
