"""Lighthouse on the patient pages (home, results, profile, booking) of the site served as in production.

Run from the repository root:
    .venv/bin/python bench/lighthouse.py [--out DIR] [--base URL] [--pages home,results,...]

Builds a throwaway SQLite database with the demo data under /tmp, serves it with gunicorn on a free
port of 127.0.0.1 (VERITY_ENV=production, no debug), finds real URLs by following the site's own
links, runs Lighthouse (bench/node_modules, pinned in bench/package-lock.json) with Debian's Chromium
one page at a time, mobile preset, and prints the four scores per page and every failed audit.
Exits 1 when a page misses a target (performance >= 90, the others >= 95). See bench/README.md.
"""
from __future__ import annotations

import argparse
import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from html import unescape
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

from bench import http_load, tiles  # noqa: E402
from bench.lighthouse_report import print_report, read_scores  # noqa: E402

BENCH = REPO / "bench"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
GAZETTEER = REPO / "instance" / "gazetteer.sqlite3"
PLACE = "London"  # the demo town with the most practitioners
PAGES = ("home", "results", "map", "profile", "booking", "confirm")
WARM_FETCHES = 6  # per page, so both gunicorn workers have loaded what it needs (the claims model: ~2 s)


def parse_args(argv=None) -> argparse.Namespace:
    """Command line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", help="keep the Lighthouse JSON reports here (default: bench/out/lighthouse)")
    parser.add_argument("--base", help="measure a site already running at this URL instead of starting one")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated subset of {','.join(PAGES)}")
    parser.add_argument("--seed", type=int, default=200, help="demo practitioners in the throwaway database")
    args = parser.parse_args(argv)
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = set(args.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    return args


def ensure_lighthouse() -> None:
    """Install the pinned Lighthouse into bench/node_modules with `npm ci` when it is missing."""
    if LIGHTHOUSE.exists():
        return
    npm = shutil.which("npm") or sys.exit("npm is not installed: apt-get install -y npm")
    print("installing Lighthouse into bench/node_modules (npm ci)", flush=True)
    # --ignore-scripts: nothing downloads a browser of its own; Debian's Chromium is used.
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=BENCH, check=True)


def site_env(work: Path, port: int, tile_url: str) -> dict:
    """The environment of a production deployment on 127.0.0.1:port over the throwaway database."""
    env = {**os.environ, "MAP_TILE_URL": tile_url, "VERITY_ENV": "production", "SERVER_NAME": f"127.0.0.1:{port}",
           "SECRET_KEY": "bench-lighthouse", "INTAKE_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
           "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
           "GAZETTEER_PATH": str(GAZETTEER), "MAIL_OUTBOX": str(work / "outbox"),
           "UPLOAD_FOLDER": str(work / "uploads"), "TASK_QUEUE_PATH": str(work / "tasks.sqlite3")}
    for name in ("MAIL_SERVER", "REDIS_URL", "FLASK_DEBUG", "TRUSTED_PROXIES"):
        env.pop(name, None)
    return env


def build_database(env: dict, seed: int) -> None:
    """Migrate the throwaway database and fill it with the demo data, as `make db` does."""
    flask = [str(REPO / ".venv/bin/flask"), "--app", "app"]
    if not GAZETTEER.exists():
        print("building the gazetteer (about a minute)", flush=True)
        subprocess.run(flask + ["build-gazetteer"], cwd=REPO, env=env, check=True)
    for command in (["db", "upgrade"], ["seed", "--count", str(seed)]):
        subprocess.run(flask + command, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


def start_site(env: dict, port: int, log: Path) -> subprocess.Popen:
    """gunicorn with 2 workers on 127.0.0.1:port in its own process group, answering /healthz."""
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [str(REPO / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "app:create_app()"],
            cwd=REPO, env=env, stdout=out, stderr=out, start_new_session=True)
    http_load._wait_until_up(f"http://127.0.0.1:{port}", process)
    return process


def fetch(url: str) -> str:
    """The HTML of one page; any status but 200 is an error."""
    with urllib.request.urlopen(url, timeout=30) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        return response.read().decode()


def links(html: str, pattern: str) -> list[str]:
    """Every href in the page matching the regular expression, in page order, without repeats."""
    found = [unescape(h) for h in re.findall(r'href="([^"]+)"', html) if re.search(pattern, unescape(h))]
    return list(dict.fromkeys(found))


def find_urls(base: str) -> dict[str, str]:
    """Real URLs of each page, found by following links: a profile whose page offers online booking."""
    results = f"{base}/search?near={PLACE}&radius=25"
    profiles = links(fetch(results), r"^/practitioners/[^/?]+$")
    if len(profiles) < 3:
        raise RuntimeError(f"{results} lists {len(profiles)} practitioners, not several")
    for profile in profiles:
        book = links(fetch(base + profile), r"^/practitioners/[^/?]+/book($|\?)")
        confirm = links(fetch(base + book[0]), r"/book/confirm\?") if book else []
        if confirm:
            return {"home": f"{base}/", "results": results, "map": results + "&view=map",
                    "profile": base + profile, "booking": base + book[0], "confirm": base + confirm[0]}
    raise RuntimeError(f"no practitioner near {PLACE} has a free slot to book online")


def warm(urls: dict[str, str]) -> None:
    """Fetch every page a few times, as a site in use has; print the slowest fetch of each (a cold worker's)."""
    for page, url in urls.items():
        times = []
        for _ in range(WARM_FETCHES):
            started = time.monotonic()
            fetch(url)
            times.append(time.monotonic() - started)
        print(f"  warm-up {page}: slowest fetch {1000 * max(times):.0f} ms, fastest {1000 * min(times):.0f} ms")


def run_lighthouse(url: str, report: Path) -> None:
    """One Lighthouse run, mobile preset, with Debian's Chromium; the JSON report goes to `report`."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               "--only-categories=performance,accessibility,best-practices,seo",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    subprocess.run(command, cwd=BENCH, env=env, check=True)


def measure(urls: dict[str, str], pages: list[str], out: Path) -> list[dict]:
    """Lighthouse on each page in turn; the scores and failed audits of each."""
    out.mkdir(parents=True, exist_ok=True)
    measured = []
    for page in pages:
        started = time.monotonic()
        report = out / f"{page}.json"
        run_lighthouse(urls[page], report)
        measured.append(read_scores(page, urls[page], report, time.monotonic() - started))
        print(f"  {page}: {time.monotonic() - started:.0f} s", flush=True)
    return measured


def main(argv=None) -> int:
    """Build, serve, find the pages, measure them; 1 when a target is missed."""
    args = parse_args(argv)
    started = time.monotonic()
    ensure_lighthouse()
    out = Path(args.out) if args.out else BENCH / "out" / "lighthouse"
    if args.base:
        return _measure_and_report(args.base.rstrip("/"), args.pages, out, started)
    with tempfile.TemporaryDirectory(prefix="verity-lighthouse-") as work, tiles.serve() as tile_url:
        port = http_load.free_port()
        env = site_env(Path(work), port, tile_url)
        build_database(env, args.seed)
        print(f"database built in {time.monotonic() - started:.0f} s; serving on 127.0.0.1:{port}", flush=True)
        site = start_site(env, port, Path(work) / "gunicorn.log")
        try:
            return _measure_and_report(f"http://127.0.0.1:{port}", args.pages, out, started)
        finally:
            http_load._stop(site)


def _measure_and_report(base: str, pages: list[str], out: Path, started: float) -> int:
    """Measure the pages of the site at `base`, print the table, and say whether every target was met."""
    urls = find_urls(base)
    warm(urls)
    measured = measure(urls, pages, out)
    met = print_report(measured)
    print(f"\nwhole run {time.monotonic() - started:.0f} s; JSON reports in {out}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
