"""Before wrk starts: log the bench patients in, pick real targets and free slots, write the Lua data.

Everything goes to the gunicorn that bench/load.sh started on 127.0.0.1, the way a browser or API
client would: the login form with its CSRF token, then the session cookie and a fresh token for
`X-CSRFToken`, which is what `POST /api/v1/bookings` accepts. Free slots come from the slots API
just before the run, so a reused database with earlier bookings still gets bookable times.
"""
from __future__ import annotations

import json
import random
import re
import time
from datetime import date, timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import HTTPCookieProcessor, build_opener

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bench.load import PATIENT_PASSWORD, PATIENTS, USER_AGENT, make_app, patient_email
from core import clock

PLACES = ("Manchester", "London", "Birmingham", "Leeds", "Glasgow", "Bristol", "M1 1AE", "SW1A 1AA",
          "New York", "Chicago", "Houston", "10001", "90210")
RADII = ((5, "mi"), (10, "mi"), (25, "mi"), (10, "km"), (40, "km"))
TARGETS = 300  # practitioners whose profile and slot pages are asked for
TRICKLE_PRACTITIONERS, TRICKLE_RUN = 6, 8  # 8 back-to-back slots each: they overlap, so most clash
RACE_PRACTITIONERS = 10  # one slot each; the racing connections all ask for it in the same second
SHARES = {"search": 30, "search_api": 10, "profile": 25, "slots_page": 15, "slots_api": 20}  # of the non-bookings
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|<input[^>]*value="([^"]+)"[^>]*name="csrf_token"')


def running(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting for bench/load.sh to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until_up(base: str, pid: int, seconds: float = 60.0) -> None:
    """Poll /healthz until gunicorn answers; fail if it died or never answered."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not running(pid):
            raise RuntimeError("gunicorn exited before answering: see gunicorn.log")
        try:
            if get(base + "/healthz")[0] == 200:
                return
        except (URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {seconds:.0f} s")


def get(url: str, opener=None) -> tuple[int, str]:
    """Status and body of a GET, with the bench's User-Agent."""
    opener = opener or build_opener()
    opener.addheaders = [("User-Agent", USER_AGENT)]
    try:
        with opener.open(url, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def csrf_token(page: str) -> str:
    """The CSRF token of the first form on a page."""
    found = CSRF.search(page)
    if not found:
        raise RuntimeError("no csrf_token field on the page")
    return found.group(1) or found.group(2)


def login(base: str, email: str) -> dict:
    """Log a patient in through the login form; return their session cookie and a CSRF token for the API."""
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    _, page = get(base + "/login", opener)
    form = urlencode({"email": email, "password": PATIENT_PASSWORD, "csrf_token": csrf_token(page), "next": ""})
    with opener.open(base + "/login", data=form.encode(), timeout=30) as answer:
        answer.read()
    with opener.open(base + "/bookings", timeout=30) as answer:  # anyone else is sent to /login
        page, landed = answer.read().decode(), answer.geturl()
    if not landed.endswith("/bookings"):
        raise RuntimeError(f"could not log {email} in: GET /bookings ended at {landed}")
    cookie = next((c for c in jar if c.name == "session"), None)
    if cookie is None:
        raise RuntimeError(f"no session cookie for {email}")
    return {"cookie": f"session={cookie.value}", "token": csrf_token(page)}


def listed_targets(app, today: date, rng: random.Random) -> tuple[list[dict], list[str]]:
    """Listed practitioners at random, each with a clinic and an offering patients can book online."""
    from directory.listing import is_listed, listed
    from directory.models import ComplianceBadgeRow, Offering, Practitioner
    from core.extensions import db

    with app.app_context():
        held = select(ComplianceBadgeRow.practitioner_id).where(  # not bookable: not compliant, or held since
            (ComplianceBadgeRow.status == "not_compliant") | ComplianceBadgeRow.bookings_held_since.is_not(None))
        ids = db.session.scalars(select(Practitioner.id).where(listed(Practitioner, today),
                                                               Practitioner.id.not_in(held))).all()
        chosen = rng.sample(ids, min(TARGETS, len(ids)))
        rows = db.session.scalars(select(Practitioner).where(Practitioner.id.in_(chosen)).options(
            selectinload(Practitioner.clinics),
            selectinload(Practitioner.offerings).selectinload(Offering.treatment))).all()
        targets = []
        for practitioner in sorted(rows, key=lambda p: chosen.index(p.id)):
            offerings = [o for o in practitioner.offerings if not (  # a plain booking: no consultation first
                o.treatment.exosome_adjunct or o.includes_exosome_adjunct or o.consultation_first)]
            clinics = [c for c in practitioner.clinics if is_listed(c, today)]  # address confirmed
            if offerings and clinics:
                targets.append({"id": practitioner.id, "slug": quote(practitioner.slug),
                                "treatment": rng.choice(offerings).treatment.slug,
                                "clinic": rng.choice(clinics).id})
        treatments = sorted({t["treatment"] for t in targets})
        db.session.remove()
    return targets, treatments


def paths(targets: list[dict], treatments: list[str], rng: random.Random) -> dict[str, list[str]]:
    """The GET paths of each request kind."""
    searches = [f"near={quote(place)}&radius={radius}&unit={unit}" for place in PLACES for radius, unit in RADII]
    searches += [f"near={quote(rng.choice(PLACES))}&radius=25&treatment={t}" for t in treatments[:6]]
    return {
        "search": [f"/search?{q}" for q in searches],
        "search_api": [f"/api/v1/practitioners?{q}" for q in searches],
        "profile": [f"/practitioners/{t['slug']}" for t in targets],
        "slots_page": [f"/practitioners/{t['slug']}/book?treatment={t['treatment']}&clinic={t['clinic']}"
                       for t in targets],
        "slots_api": [f"/api/v1/practitioners/{t['id']}/slots?treatment={t['treatment']}&clinic={t['clinic']}"
                      "&days=7" for t in targets],
    }


def free_slots(base: str, target: dict, first: date, days: int = 4) -> list[str]:
    """Start instants (ISO 8601 with offset) the slots API offers for a target, from a date on."""
    status, body = get(f"{base}/api/v1/practitioners/{target['id']}/slots?treatment={target['treatment']}"
                       f"&clinic={target['clinic']}&from={first.isoformat()}&days={days}")
    if status != 200:
        raise RuntimeError(f"slots of practitioner {target['id']} answered {status}: {body[:200]}")
    return [slot["starts_at"] for slot in json.loads(body)["slots"]]


def booking_body(target: dict, starts_at: str, n: int) -> str:
    """The JSON body the booking API takes."""
    return json.dumps({"practitioner_id": target["id"], "treatment": target["treatment"], "clinic": target["clinic"],
                       "starts_at": starts_at, "patient_name": f"Bench Patient {n}", "adult_confirmed": True})


def booking_pools(base: str, targets: list[dict], today: date) -> tuple[list[str], list[str]]:
    """Trickle bookings (runs of back-to-back, overlapping slots) and race slots (one per practitioner)."""
    first = today + timedelta(days=3)  # past any clinic's minimum notice
    trickle, races, n = [], [], 0
    for target in targets:
        if len(races) == RACE_PRACTITIONERS:
            break
        slots = free_slots(base, target, first)
        n += 1
        if len(trickle) < TRICKLE_PRACTITIONERS * TRICKLE_RUN and len(slots) >= TRICKLE_RUN:
            trickle += [booking_body(target, s, n) for s in slots[:TRICKLE_RUN]]
        elif slots:
            races.append(booking_body(target, slots[0], n))
    if not trickle or not races:
        raise RuntimeError("found no free slots to book: are there opening hours?")
    return trickle, races


def warm(base: str, kinds: dict[str, list[str]]) -> None:
    """Ask for a few paths of every kind, and the API once per place (it refuses unknown ones); insist on 200."""
    every_place = kinds["search_api"][:len(PLACES) * len(RADII):len(RADII)]
    for kind, kind_paths in kinds.items():
        for path in kind_paths[:4] + (every_place if kind == "search_api" else []):
            status, body = get(base + path)
            if status != 200:
                raise RuntimeError(f"{kind} {path} answered {status}, not 200: {body[:300]}")


def lua(value) -> str:
    """A Lua literal for strings, numbers, lists and string-keyed tables (ASCII only)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if not value.isascii() or not value.isprintable():
            raise ValueError(f"not printable ASCII: {value!r}")
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "{" + ",\n".join(lua(item) for item in value) + "}"
    return "{" + ",\n".join(f"[{lua(key)}] = {lua(item)}" for key, item in value.items()) + "}"


def mix(booking_percent: float) -> list[dict]:
    """Cumulative shares (out of 100) of each kind, bookings included."""
    rest, upto, out = 100 - booking_percent, booking_percent, [{"kind": "booking", "upto": booking_percent}]
    for kind, share in SHARES.items():
        upto += rest * share / sum(SHARES.values())
        out.append({"kind": kind, "upto": round(upto, 6)})
    out[-1]["upto"] = 100
    return out


def write_targets(args) -> None:
    """Log in, pick targets and slots, warm up, then write targets.lua and state.json into the work dir."""
    from booking.models import Booking
    from core.extensions import db

    wait_until_up(args.base, args.gunicorn_pid)
    started, app = time.perf_counter(), make_app(args.dir)
    rng, today = random.Random(args.seed), clock.today()
    targets, treatments = listed_targets(app, today, rng)
    kinds = paths(targets, treatments, rng)
    warm(args.base, kinds)
    trickle, races = booking_pools(args.base, targets[len(targets) // 2:], today)
    patients = [login(args.base, patient_email(n)) for n in range(PATIENTS)]
    data = {"seed": args.seed, "user_agent": USER_AGENT, "race_every": args.race_every,
            "race_size": args.race_size, "mix": mix(args.booking_percent),
            "paths": kinds, "bookings": trickle, "races": races, "patients": patients}
    (args.dir / "targets.lua").write_text("return " + lua(data) + "\n")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Booking))
        db.engine.dispose()
    state = {"bookings_before": before, "booking_percent": args.booking_percent, "race_every": args.race_every,
             "race_size": args.race_size, "targets": len(targets), "trickle_slots": len(trickle),
             "race_slots": len(races)}
    (args.dir / "state.json").write_text(json.dumps(state))
    print(f"{PATIENTS} patients logged in; {len(targets)} practitioners as targets, {sum(map(len, kinds.values()))} "
          f"paths; {len(trickle)} trickle and {len(races)} race slots to book; {before} bookings already stored "
          f"({time.perf_counter() - started:.1f} s after gunicorn answered)")
