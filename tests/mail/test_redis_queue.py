"""REDIS_URL: several machines share one task queue in a real Redis server (Debian's redis-server)."""
import shutil
import subprocess
import time

import pytest
import redis
from huey import RedisHuey

from core import tasks
from core.outbox import QUEUED, SENT
from tests.conftest import free_port
from tests.mail.conftest import ids_received, queued, rows


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway redis-server on loopback; a missing server fails the test (make test installs it)."""
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def test_a_mail_queued_on_one_machine_is_delivered_by_a_worker_on_another(app, redis_url, mailbox, smtp_server):
    app.config.update(REDIS_URL=redis_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    web = tasks.huey_of(app)
    assert isinstance(web, RedisHuey)
    row = queued()  # the web server's commit wakes the worker through Redis
    assert len(web) == 1 and rows()[0].status == QUEUED and ids_received(mailbox) == []
    worker = RedisHuey("verity", url=redis_url)  # another process's view of the same queue
    assert len(worker) == 1
    web.execute(web.dequeue())  # what the worker's consumer does with the task it takes
    assert len(worker) == 0
    assert ids_received(mailbox) == [row.message_id] and rows()[0].status == SENT
