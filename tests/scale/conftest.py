"""Several servers on one database and one Redis: a private redis-server, two gunicorns and two mail workers.

Every process is started by these fixtures on free loopback ports and stopped when the module ends.
The database is the test database (TEST_DATABASE_URL on PostgreSQL, the scratch SQLite file
otherwise), so the servers see the rows the test writes. Redis is Debian's /usr/bin/redis-server:
missing, the tests fail (never skip), as for every other real service the suite needs.
"""
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import redis

from tests.booking.conftest import make_bookable, make_patient  # noqa: F401 - fixtures shared with booking
from tests.conftest import ROOT, free_port

REDIS_SERVER = "/usr/bin/redis-server"
LOGIN_LIMIT = 6  # per minute, per address and per email: the figure tests/scale asserts across servers
STARTUP_SECONDS = 90  # a busy 2-core CI machine can be slow to import the app


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A redis-server of our own on a free port, with no persistence; its URL."""
    binary = shutil.which("redis-server") or REDIS_SERVER
    if not Path(binary).exists():
        pytest.fail(f"redis-server is missing ({REDIS_SERVER}); install Debian's redis-server package")
    port, folder = free_port(), tmp_path_factory.mktemp("redis")
    with open(folder / "redis.log", "wb") as log:
        process = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                    "--appendonly", "no", "--dir", str(folder)], stdout=log, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait(lambda: redis.Redis.from_url(url).ping(), process, folder / "redis.log", "redis-server")
        yield url
    finally:
        _stop(process)


def _wait(ready, process, log: Path, name: str) -> None:
    """Call `ready` until it returns true; fail with the process's log if it exits or never gets there."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited:\n" + log.read_text(errors="replace"))
        try:
            if ready():
                return
        except (OSError, redis.RedisError):
            pass
        time.sleep(0.1)
    pytest.fail(f"{name} did not start:\n" + log.read_text(errors="replace"))


def _stop(*processes) -> None:
    """Stop processes we started, by their own ids, all at once, and reap them."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Cluster:
    """The running processes: the web servers' base URLs and every log, for assertion messages."""

    def __init__(self):
        self.servers: list[str] = []
        self.logs: dict[str, Path] = {}

    def log_tail(self) -> str:
        """The end of every process's log (a traceback behind a 500, a worker's error)."""
        return "\n".join(f"--- {name}\n{path.read_text(errors='replace')[-3000:]}"
                         for name, path in self.logs.items() if path.exists())


def cluster_environment(database_url: str, redis: str, smtp_port: int, folder: Path) -> dict:
    """What every process of the cluster is started with: the same database, Redis, secret and mail server."""
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis, "SECRET_KEY": "test-secret-key",
           "VERITY_ENV": "development", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port),
           "TRUSTED_PROXIES": "1", "LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per minute",
           "UPLOAD_FOLDER": str(folder), "MAIL_OUTBOX": str(folder)}
    for name in ("RATELIMIT_STORAGE_URI", "RATELIMIT_ENABLED", "TASK_QUEUE_PATH", "SERVER_NAME"):
        env.pop(name, None)  # REDIS_URL alone must be enough
    return env


@pytest.fixture(scope="module")
def cluster(database_url, redis_url, smtp_server, _schema, tmp_path_factory):
    """Two gunicorn servers (one process each, separate ports) and two mail workers, all on one database and Redis."""
    folder, found = tmp_path_factory.mktemp("cluster"), Cluster()
    env = cluster_environment(database_url, redis_url, smtp_server.port, folder)
    commands = {}
    for name in ("web-a", "web-b"):
        port = free_port()
        found.servers.append(f"http://127.0.0.1:{port}")
        commands[name] = [sys.executable, "-m", "gunicorn", "-w", "1", "--threads", "8", "-b", f"127.0.0.1:{port}",
                          "--chdir", str(ROOT), "app:create_app()"]
    # M=2 workers on one queue; only one runs the schedule, as the README says.
    commands["worker-1"] = [sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", "2"]
    commands["worker-2"] = [*commands["worker-1"], "--no-periodic"]
    processes = {}
    try:
        for name, command in commands.items():
            found.logs[name] = folder / f"{name}.log"
            with open(found.logs[name], "wb") as log:
                processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        for name, base in zip(("web-a", "web-b"), found.servers):
            _wait(lambda: urllib.request.urlopen(base + "/healthz", timeout=2).status == 200,
                  processes[name], found.logs[name], name)
        for name in ("worker-1", "worker-2"):
            _wait(lambda: "Huey consumer started" in found.logs[name].read_text(errors="replace"),
                  processes[name], found.logs[name], name)
        yield found
    finally:
        _stop(*processes.values())


@pytest.fixture
def app_config(app_config, redis_url):
    """The test process queues on the cluster's Redis too and never delivers mail itself: only the workers do."""
    app_config.update(REDIS_URL=redis_url, TASKS_IMMEDIATE=False)
    return app_config
