"""Two app servers (separate processes, separate ports) and two mail workers on one database and one Redis.

What several machines must share, shown end to end: one slot booked once whichever server takes the
request, one login limit whichever server counts it, one search (an edit through one server is in the
other's results within a second), and one delivery of each queued email by whichever worker claims it.
On PostgreSQL this is the production layout; on SQLite both servers share the one database file.
"""
import json
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from threading import Barrier
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from booking.models import Booking
from core import clock
from core.extensions import db
from core.outbox import OutboxMessage
from tests.scale.conftest import LOGIN_LIMIT
from tests.scale.web import Browser
from tests.helpers import TEST_PASSWORD, csrf_token

pytestmark = pytest.mark.xdist_group("two-servers")  # one cluster per run, not one per xdist worker
RACERS = 50
SEARCH_SECONDS = 1.0
MAIL_SECONDS = 20  # ample for a wake-up on a loaded CI machine; the every-minute run is not needed


def fire(browsers, send) -> list:
    """Release every request at once, each from its own thread."""
    barrier = Barrier(len(browsers))

    def one(numbered):
        barrier.wait()
        return send(*numbered)

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        return list(pool.map(one, enumerate(browsers)))


def test_fifty_bookings_of_one_slot_split_across_both_servers_make_one(cluster, make_bookable, make_patient, mailbox):
    a, b = cluster.servers
    target = make_bookable(name="Dr Popular")
    day = clock.now().astimezone(ZoneInfo("Europe/London")).date() + timedelta(days=3)
    starts_at = datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/London"))
    path = (f"/practitioners/{target.practitioner.slug}/book/confirm?treatment=microneedling&clinic={target.clinic.id}"
            f"&start={urllib.parse.quote(starts_at.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%MZ'))}")
    browsers, tokens = [], []
    for n in range(RACERS):  # each logs in and opens the confirm page on one server, and books on the other
        browser = Browser()
        assert browser.login((a, b)[n % 2], make_patient(email=f"racer{n}@example.com").email) == 302
        tokens.append(csrf_token(browser.get((a, b)[n % 2] + path)))
        browsers.append(browser)

    def book(n, browser):
        form = urllib.parse.urlencode({"patient_name": f"Racer {n}", "csrf_token": tokens[n]}).encode()
        return browser.open("POST", (b, a)[n % 2] + path, form, {"Content-Type": "application/x-www-form-urlencoded"})

    results = fire(browsers, book)
    assert sorted(status for status, _, _ in results) == [302] + [409] * (RACERS - 1), cluster.log_tail()
    assert {n % 2 for n, (status, _, _) in enumerate(results) if status == 409} == {0, 1}, "both servers refused"
    for status, _, body in results:
        assert status == 302 or "this time was just taken" in " ".join(body.split())
    db.session.commit()
    rows = db.session.scalars(select(Booking).where(Booking.practitioner_id == target.practitioner.id)).all()
    assert [(row.starts_at, row.status) for row in rows] == [(starts_at.astimezone(timezone.utc), "booked")]
    winner = rows[0].patient.email
    _wait_for_mail(mailbox, lambda m: m["Subject"].startswith("Booked:") and winner in m["To"], cluster)
    _assert_each_queued_email_delivered_once(mailbox)


def _wait_for_mail(mailbox, wanted, cluster) -> None:
    """Wait until the SMTP server has received a message like `wanted`, sent by a worker."""
    deadline = time.monotonic() + MAIL_SECONDS
    while not any(wanted(m) for m in list(mailbox.messages)):
        assert time.monotonic() < deadline, "no worker delivered the email\n" + cluster.log_tail()
        time.sleep(0.1)


def _assert_each_queued_email_delivered_once(mailbox) -> None:
    """Every queued email is sent, and reached the SMTP server exactly once (two workers share one queue)."""
    deadline = time.monotonic() + MAIL_SECONDS
    while True:
        db.session.commit()
        queued = db.session.scalars(select(OutboxMessage)).all()
        if all(message.status == "sent" for message in queued) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    time.sleep(1.5)  # a second delivery by the other worker would arrive within this
    received = sorted(m["Message-ID"] for m in mailbox.messages)
    assert received == sorted(message.message_id for message in queued)
    assert [(message.status, message.attempts) for message in queued] == [("sent", 1)] * len(queued)


def test_the_login_limit_holds_across_both_servers(cluster, make_patient):
    a, b = cluster.servers
    patient = make_patient(email="target@example.com")
    one_address = Browser()  # one address trying many emails, alternating servers
    by_address = [one_address.login((a, b)[n % 2], f"guess{n}@example.com") for n in range(LOGIN_LIMIT + 2)]
    assert by_address == [200] * LOGIN_LIMIT + [429, 429]
    # One email tried from many addresses, alternating servers: the per-email count is shared too.
    by_email = [Browser().login((a, b)[n % 2], patient.email, "wrong password") for n in range(LOGIN_LIMIT + 2)]
    assert by_email == [200] * LOGIN_LIMIT + [429, 429]
    assert [Browser().login(server, patient.email, TEST_PASSWORD) for server in (a, b)] == [429, 429]
    assert Browser().login(b, make_patient(email="other@example.com").email) == 302, "others still log in"


def test_an_edit_through_one_server_is_in_the_others_search_within_a_second(cluster, make_practitioner, make_user):
    a, b = cluster.servers
    practitioner = make_practitioner(name="Dr Findable")
    admin = Browser()
    assert admin.login(a, make_user(role="admin", email="admin@example.com").email) == 302
    search = b + "/api/v1/practitioners?lat=53.4794&lon=-2.2453&radius=5&unit=km"
    profile = f"{a}/admin/practitioners/{practitioner.id}"
    steps = (("suspend", False), ("reinstate", True), ("suspend", False))
    for n, (action, listed) in enumerate(steps):
        status, _, _ = admin.post_form(f"{profile}/{action}", {"reason": "A complaint, then cleared."}, page=profile)
        assert status == 302, cluster.log_tail()
        changed = time.monotonic()
        # The first search builds server B's index without the suspended practitioner: the reinstatement
        # must reach B's index itself, not only the listing re-check of each hit.
        while _found(search, practitioner.id) != listed:
            assert n and time.monotonic() - changed < SEARCH_SECONDS, f"server B's search missed the {action}"
            time.sleep(0.02)


def _found(search: str, practitioner_id: int) -> bool:
    """Whether a practitioner is among one server's search results."""
    status, _, body = Browser().open("GET", search)
    assert status == 200, body
    return practitioner_id in [hit["id"] for hit in json.loads(body)["results"]]
