"""Delivery: mail waits while the server is down, goes exactly once when it is up, backs off, never twice."""
import threading
from datetime import timedelta

from core import mail, outbox
from core.extensions import db
from core.outbox import FAILED, QUEUED, SENDING, SENT
from tests.mail.conftest import NOW, ids_received, queued, rows, smtp_on


def test_with_no_server_the_mail_waits_and_once_it_is_up_send_mail_delivers_each_once(app, runner, pinned, dead_port):
    first, second = queued("pat@example.com", "One"), queued("olly@example.com", "Two")
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0 and "Sent 0 emails, 2 to retry later, 0 failed." in result.output
    for row in rows():
        assert (row.status, row.attempts, row.next_attempt_at) == (QUEUED, 1, NOW + timedelta(minutes=1))
        assert "ConnectionRefusedError" in row.last_error
    with smtp_on(dead_port) as mailbox:
        assert "Sent 0 emails" in runner.invoke(args=["send-mail"]).output  # not due for another minute
        pinned(timedelta(minutes=1))
        assert "Sent 2 emails, 0 to retry later" in runner.invoke(args=["send-mail"]).output
        assert "Sent 0 emails" in runner.invoke(args=["send-mail"]).output
    assert sorted(ids_received(mailbox)) == sorted([first.message_id, second.message_id])
    assert [(row.status, row.sent_at) for row in rows()] == [(SENT, NOW + timedelta(minutes=1))] * 2


def test_failed_attempts_back_off_1_5_25_minutes_then_the_mail_is_failed(app, pinned, dead_port):
    app.config["MAIL_MAX_ATTEMPTS"] = 4
    queued()
    schedule = []
    for _ in range(4):
        assert mail.deliver_due().attempted == 1
        [row] = rows()
        schedule.append((row.status, row.attempts, row.next_attempt_at - app.config["CLOCK_NOW"]))
        assert mail.deliver_due().attempted == 0  # nothing is due before its time
        pinned(row.next_attempt_at - app.config["CLOCK_NOW"])
    minutes = timedelta(minutes=1)
    assert schedule[:3] == [(QUEUED, 1, minutes), (QUEUED, 2, 5 * minutes), (QUEUED, 3, 25 * minutes)]
    assert schedule[3][:2] == (FAILED, 4)
    pinned(timedelta(days=30))
    assert mail.deliver_due().attempted == 0  # failed stays failed until an admin retries it
    assert [outbox.backoff(n) for n in (1, 2, 3, 4)] == [minutes, 5 * minutes, 25 * minutes, 125 * minutes]


def test_a_claim_holds_the_row_until_its_lease_runs_out_and_then_the_same_message_goes(app, pinned, mailbox):
    row = queued()
    assert outbox.claim(timedelta(minutes=5)) == (row.id, 1)  # a worker took it, then died
    assert mail.deliver_due().attempted == 0 and rows()[0].status == SENDING
    pinned(timedelta(minutes=5))
    assert mail.deliver_due().sent == 1
    assert ids_received(mailbox) == [row.message_id] and (rows()[0].status, rows()[0].attempts) == (SENT, 2)


def test_a_worker_whose_lease_was_taken_over_records_nothing(app, pinned):
    row = queued()
    lease = timedelta(minutes=5)
    assert outbox.claim(lease) == (row.id, 1)
    pinned(lease)
    assert outbox.claim(lease) == (row.id, 2)
    outbox.mark_sent(row.id, 1)  # the first worker comes back late
    db.session.commit()
    assert (rows()[0].status, rows()[0].sent_at) == (SENDING, None)


def test_two_delivery_runs_at_once_send_each_mail_once(app, mailbox):
    sent = [queued(f"p{n}@example.com", f"Mail {n}").message_id for n in range(24)]
    db.session.remove()
    barrier, results = threading.Barrier(2), []

    def run():
        with app.app_context():
            barrier.wait()
            results.append(mail.deliver_due(limit=None))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(result.sent for result in results) == 24 and len(results) == 2
    assert sorted(ids_received(mailbox)) == sorted(sent)
    assert {(row.status, row.attempts) for row in rows()} == {(SENT, 1)}
