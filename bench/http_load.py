"""Throughput over HTTP: gunicorn on 127.0.0.1 serving the scratch database, loaded by wrk."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else: the load stays on this machine


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 10.0) -> int:
    """Status code of one GET."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def server_cpu_seconds(master_pid: int) -> float:
    """User + system CPU seconds used so far by gunicorn's master and its workers (Linux /proc)."""
    pids = [master_pid] + [int(p) for p in Path(f"/proc/{master_pid}/task/{master_pid}/children")
                           .read_text().split()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(database_path: str, gazetteer_path: str, workers: int = 2, log_path: str | None = None,
             settings: dict | None = None):
    """Run gunicorn in its own process group for the block; always stop it afterwards.

    `settings` are extra environment variables (PAGE_CACHE_SECONDS...). Yields (base URL, master pid).
    """
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database_path}", "SECRET_KEY": "bench",
           "GAZETTEER_PATH": gazetteer_path, "RATELIMIT_ENABLED": "false", "VERITY_ENV": "development",
           **(settings or {})}
    env.pop("SERVER_NAME", None)
    log = open(log_path or os.devnull, "ab")
    process = subprocess.Popen(
        [str(REPO / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"{HOST}:{port}", "app:create_app()"],
        cwd=REPO, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        base = f"http://{HOST}:{port}"
        _wait_until_up(base, process)
        yield base, process.pid
    finally:
        _stop(process)
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    """Poll /healthz until it answers, or fail if gunicorn died or took too long."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if _get(base + "/healthz", timeout=2) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def _stop(process: subprocess.Popen) -> None:
    """TERM the process group we started, then KILL it if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wrk_path() -> str:
    """The wrk binary, or an error saying how to get it."""
    found = shutil.which("wrk") or ("/usr/bin/wrk" if Path("/usr/bin/wrk").exists() else None)
    if not found:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk")
    return found


def warm(url: str, requests: int = 20) -> None:
    """Send a few requests so both workers have opened the database and gazetteer; insist on 200."""
    for _ in range(requests):
        status = _get(url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}, not 200")


def run_wrk(url: str, server_pid: int, threads: int = 2, connections: int = 16, seconds: int = 10,
            script: list[str] | None = None) -> dict:
    """Requests per second, latency percentiles (ms), server CPU ms per request and errors of one wrk run.

    `script` is a Lua script and its arguments (bench/load/cycle.lua and a file of paths); its
    "CACHE hit H miss M none N" line becomes the `cache` figures.
    """
    cpu_before = server_cpu_seconds(server_pid)
    lua = ["-s", script[0], url, "--", *script[1:]] if script else [url]
    completed = subprocess.run([wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                                "--timeout", "5s", *lua], capture_output=True, text=True, timeout=seconds + 60,
                               check=True)
    server_cpu = server_cpu_seconds(server_pid) - cpu_before
    out = completed.stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for percent in ("50", "99"):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        if match:
            latency[percent] = float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    cache = re.search(r"^CACHE hit (\d+) miss (\d+) none (\d+)", out, re.M)
    return {"cache": dict(zip(("hit", "miss", "none"), map(int, cache.groups()))) if cache else None,
            "rps": rps, "server_cpu_ms": 1000 * server_cpu / max(1, requests),
            "p50_ms": latency.get("50"), "p99_ms": latency.get("99"),
            "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": sum(map(int, errors.groups())) if errors else 0, "raw": out}

