"""Screenshots of the patient pages, the transparency report and an admin page, on a phone (390x844) and a desktop (1280x900).

Run from the repository root:
    .venv/bin/python bench/screenshots.py OUT_DIR [--base URL]

Serves the demo data as bench/lighthouse.py does (throwaway SQLite database, gunicorn, stand-in map
tiles), finds the same pages, logs in as the demo admin for the admin dashboard, and writes
OUT_DIR/<page>-<width>.png (the first screen) and OUT_DIR/<page>-<width>-full.png (the whole page)
with Playwright and Debian's Chromium. Any console error or failed request is printed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

from bench import http_load, tiles  # noqa: E402
from bench.lighthouse import CHROME, build_database, find_urls, site_env, start_site  # noqa: E402
from demo.practitioners import DEMO_PASSWORD  # noqa: E402

SIZES = ((390, 844), (1280, 900))
ADMIN = "admin@verity.example"
PATIENT_PAGES = ("home", "results", "map", "profile", "booking", "confirm")


def parse_args(argv=None) -> argparse.Namespace:
    """Command line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="folder for the PNG files (created if missing)")
    parser.add_argument("--base", help="photograph a site already running at this URL instead of starting one")
    return parser.parse_args(argv)


def log_in(page, base: str) -> None:
    """Log in as the demo admin through the login form."""
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def shoot(page, url: str, path: Path) -> None:
    """Open the page, wait for the network to settle, save the first screen and the whole page."""
    page.goto(url, wait_until="networkidle")
    page.screenshot(path=str(path.with_suffix(".png")))
    page.screenshot(path=str(path.with_name(path.stem + "-full.png")), full_page=True)


def photograph(base: str, out: Path) -> int:
    """Every page at every size; returns how many console errors and failed requests were seen."""
    from playwright.sync_api import sync_playwright

    urls = find_urls(base)
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=["--no-sandbox", "--disable-gpu"])
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
            for name in PATIENT_PAGES:
                shoot(page, urls[name], out / f"{name}-{width}")
            shoot(page, f"{base}/transparency", out / f"transparency-{width}")
            log_in(page, base)
            shoot(page, f"{base}/admin/", out / f"admin-{width}")
            context.close()
        browser.close()
    for problem in problems:
        print(problem)
    return len(problems)


def main(argv=None) -> int:
    """Serve the demo site (unless --base), photograph it, and say where the files are."""
    args = parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with ExitStack() as stack:
        base = args.base.rstrip("/") if args.base else None
        if base is None:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="verity-screens-")))
            port = http_load.free_port()
            env = site_env(work, port, stack.enter_context(tiles.serve()))
            build_database(env, 200)
            site = start_site(env, port, work / "gunicorn.log")
            stack.callback(http_load._stop, site)
            base = f"http://127.0.0.1:{port}"
        problems = photograph(base, out)
    print(f"{len(list(out.glob('*.png')))} screenshots in {out} ({time.monotonic() - started:.0f} s); "
          f"{problems} console errors or failed requests")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
