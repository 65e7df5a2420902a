"""A synthetic directory at scale: practitioners spread over GB and US towns by population.

Tables are made by ``db.create_all()`` (so the schema is the app's own) and filled with the
sqlite3 module's ``executemany``: the ORM would take hours for a million practitioners.
"""
from __future__ import annotations

import math
import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import literal, select

from demo.practitioners import BODIES
from demo.places import FIRST_NAMES, LAST_NAMES
from directory.models import Profession, Treatment
from directory.services import sync_catalogue
from core.extensions import db
from geo.timezones import time_zone_for

CENTRES = 2000  # the biggest GB and US towns in the gazetteer, as places practitioners cluster
CHUNK = 20_000  # practitioners generated and inserted per batch
KM_PER_DEGREE = 111.2
PASSWORD_HASH = "scrypt:32768:8:1$bench$" + "0" * 128  # never checked: nobody logs in
PROFESSIONS = [p.value for p in Profession]
LANGUAGES = ("English", "English, Spanish", "English, Hindi", "English, Polish")
EXTRA_CLINICS = (0,) * 15 + (1,) * 4 + (2,)  # 75% one clinic, 20% two, 5% three: 1.3 on average

COLUMNS = {
    "users": ("id", "email", "password_hash", "role", "name", "email_verified_at", "created_at",
              "last_login_at", "session_version"),
    "practitioners": ("id", "user_id", "slug", "name", "profession", "registration_body", "registration_number",
                      "practising_since", "bio", "languages", "photo_filename", "suspended_at",
                      "suspension_reason", "created_at", "updated_at"),
    "clinics": ("id", "practitioner_id", "name", "address", "city", "postcode", "country", "lat", "lon",
                "time_zone", "blurb", "address_status"),
    "credentials": ("id", "practitioner_id", "kind", "issuer", "number", "issued_on", "expires_on", "status",
                    "verified_at", "verified_by_id", "rejection_reason", "created_at"),
    "offerings": ("id", "practitioner_id", "treatment_id", "price_from_minor", "currency", "duration_minutes",
                  "description"),
}


@dataclass(frozen=True)
class Centre:
    """A town practitioners cluster around, with how far they spread from its centre."""

    name: str
    country: str
    lat: float
    lon: float
    population: int
    sigma_km: float
    zone: str


def load_centres(gazetteer_path: str | Path, limit: int = CENTRES) -> list[Centre]:
    """The most populous GB and US towns; bigger towns spread wider (London ~12 km, a small town ~1.5 km)."""
    con = sqlite3.connect(f"{Path(gazetteer_path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT name, country, lat, lon, population FROM cities WHERE country IN ('GB', 'US') "
                           "ORDER BY population DESC, id LIMIT ?", (limit,)).fetchall()
    finally:
        con.close()
    return [Centre(name, country, lat, lon, pop, min(12.0, max(1.5, math.sqrt(pop / 50_000))),
                   time_zone_for(lat, lon, country)) for name, country, lat, lon, pop in rows]


def _jitter(rng: np.random.Generator, lat: np.ndarray, lon: np.ndarray, sigma_km: np.ndarray):
    """Move points by a normal offset of sigma_km in each direction."""
    d_lat = rng.normal(0, 1, lat.size) * sigma_km / KM_PER_DEGREE
    d_lon = rng.normal(0, 1, lat.size) * sigma_km / (KM_PER_DEGREE * np.cos(np.radians(lat)))
    return np.clip(lat + d_lat, -89.9, 89.9), np.clip(lon + d_lon, -179.9, 179.9)


class Generator:
    """Rows for practitioners, their users, clinics, credentials and offerings, id after id."""

    def __init__(self, centres: list[Centre], treatments: list[tuple[int, str]], today: date, seed: int):
        """Keep the places and catalogue; one seed makes the whole database reproducible."""
        self.centres, self.today = centres, today
        self.rng, self.np_rng = random.Random(seed), np.random.default_rng(seed)
        weights = np.array([c.population for c in centres], dtype=float)
        self.weights = weights / weights.sum()
        self.c_lat = np.array([c.lat for c in centres])
        self.c_lon = np.array([c.lon for c in centres])
        self.c_sigma = np.array([c.sigma_km for c in centres])
        self.allowed = {p: [tid for tid, allowed in treatments if p in allowed.split(",")] for p in PROFESSIONS}
        self.stamp = f"{today.isoformat()} 09:00:00.000000"
        self.ids = {"clinics": 0, "credentials": 0, "offerings": 0}

    def _pick(self, options):
        """A uniform choice; random.choice's rejection sampling costs twice as much here."""
        return options[int(self.rng.random() * len(options))]

    def _between(self, low: int, high: int) -> int:
        """A uniform integer in [low, high]."""
        return low + int(self.rng.random() * (high - low + 1))

    def _next(self, table: str) -> int:
        """The next primary key of a child table."""
        self.ids[table] += 1
        return self.ids[table]

    def chunk(self, first: int, count: int) -> dict[str, list[tuple]]:
        """Rows for practitioners first .. first+count-1, keyed by table."""
        where = self.np_rng.choice(len(self.centres), size=count, p=self.weights)
        lat, lon = _jitter(self.np_rng, self.c_lat[where], self.c_lon[where], self.c_sigma[where])
        # Second and third clinics lie in the same area, a short drive away.
        far_lat, far_lon = _jitter(self.np_rng, np.repeat(lat, 2), np.repeat(lon, 2),
                                   np.full(2 * count, 12.0))
        rows = {table: [] for table in COLUMNS}
        for k in range(count):
            places = [(lat[k], lon[k])] + [(far_lat[2 * k + j], far_lon[2 * k + j])
                                           for j in range(self._pick(EXTRA_CLINICS))]
            self._practitioner(rows, first + k, self.centres[where[k]], places)
        return rows

    def _practitioner(self, rows: dict, pid: int, centre: Centre, places: list[tuple[float, float]]) -> None:
        """Append one practitioner's rows."""
        rng, stamp = self.rng, self.stamp
        first, last = self._pick(FIRST_NAMES), self._pick(LAST_NAMES)
        profession = self._pick(PROFESSIONS)
        body = BODIES[centre.country][profession]
        title = "Dr " if profession in ("doctor", "surgeon", "dentist") else ""
        since = self.today - timedelta(days=self._between(200, 25 * 365))
        suspended = stamp if rng.random() < 0.01 else None
        rows["users"].append((pid, f"bench-{pid:07d}@verity.example", PASSWORD_HASH, "practitioner",
                              f"{first} {last}", stamp, stamp, None, 1))
        rows["practitioners"].append((
            pid, pid, f"{first}-{last}-{pid}".lower(), f"{title}{first} {last}", profession, body, f"{pid:08d}",
            since.isoformat(), f"{profession.replace('_', ' ').capitalize()} offering cosmetic treatments in "
            f"{centre.name}. I take time over consultations and will tell you when a treatment is not right "
            "for you.", self._pick(LANGUAGES),
            None, suspended, "Bench suspension" if suspended else "", stamp, stamp))
        for lat, lon in places:
            rows["clinics"].append((self._next("clinics"), pid, f"{last} Aesthetics {centre.name}",
                                    f"{self._between(1, 200)} High Street", centre.name, "", centre.country,
                                    round(float(lat), 6), round(float(lon), 6), centre.zone, "",
                                    "confirmed"))  # placed at a gazetteer town by construction
        self._credentials(rows["credentials"], pid, body, since)
        currency = "GBP" if centre.country == "GB" else "USD"
        allowed = self.allowed[profession]
        for treatment_id in rng.sample(allowed, k=min(len(allowed), self._between(2, 5))):
            rows["offerings"].append((self._next("offerings"), pid, treatment_id, self._between(8, 60) * 1000,
                                      currency, self._pick((30, 45, 60)), ""))

    def _credentials(self, out: list, pid: int, body: str, since: date) -> None:
        """A registration that is current (~85%), expired, pending or rejected; some renewals and training."""
        rng, today, stamp = self.rng, self.today, self.stamp
        roll, issued = rng.random(), since
        if rng.random() < 0.10:  # renewed: an old expired registration, then the present one
            issued = min(today, since + timedelta(days=self._between(365, 5 * 365)))
            out.append((self._next("credentials"), pid, "registration", body, f"{pid:08d}", since.isoformat(),
                        (issued - timedelta(days=1)).isoformat(), "verified", stamp, None, "", stamp))
        if roll < 0.85:
            status, expires = "verified", (None if roll < 0.05 else today + timedelta(days=self._between(1, 700)))
        elif roll < 0.89:
            status, expires = "verified", today - timedelta(days=self._between(1, 400))
        else:
            status, expires = ("pending" if roll < 0.97 else "rejected"), today + timedelta(days=365)
        out.append((self._next("credentials"), pid, "registration", body, f"{pid:08d}", issued.isoformat(),
                    expires.isoformat() if expires else None, status, stamp if status == "verified" else None,
                    None, "Number not found" if status == "rejected" else "", stamp))
        if rng.random() < 0.5:
            status = self._pick(("verified", "pending"))
            out.append((self._next("credentials"), pid, "training", "Harley Academy", f"CERT-{pid}",
                        (today - timedelta(days=self._between(100, 1500))).isoformat(), None,
                        status, stamp if status == "verified" else None, None, "", stamp))


def _plan(con: sqlite3.Connection) -> dict[str, tuple[str, tuple]]:
    """Per table, the INSERT statement and the constants for columns the generator leaves alone.

    Columns added to the models later are filled with their scalar Python default, so the bench
    keeps working as the schema grows; one with no default and no NULL allowed stops the build.
    """
    plan = {}
    for table, columns in COLUMNS.items():
        model_columns = db.metadata.tables[table].columns
        extra = [row[1] for row in con.execute(f"PRAGMA table_info({table})") if row[1] not in columns]
        constants = []
        for name in extra:
            default = model_columns[name].default
            if default is not None and default.is_scalar:
                constants.append(default.arg)
            elif model_columns[name].nullable:
                constants.append(None)
            else:
                raise RuntimeError(f"bench/dataset.py cannot fill {table}.{name}: add it to COLUMNS")
        names = columns + tuple(extra)
        plan[table] = (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                       tuple(constants))
    return plan


def _insert(con: sqlite3.Connection, plan: dict, rows: dict[str, list[tuple]]) -> None:
    """Insert one batch, parents first so foreign keys hold."""
    for table, (statement, constants) in plan.items():
        con.executemany(statement, (row + constants for row in rows[table]) if constants else rows[table])


def _schema(app) -> tuple[str, list[tuple[int, str]]]:
    """Create the app's tables and catalogue; return the file path and (treatment id, professions)."""
    with app.app_context():
        db.create_all()
        sync_catalogue()
        db.session.commit()
        treatments = [(t.id, t.allowed_professions) for t in db.session.scalars(select(Treatment))]
        path = db.engine.url.database
        db.session.remove()
        db.engine.dispose()
    return path, treatments


def _refresh_listings(app, log, started) -> None:
    """Fill the listing columns the search reads, as credentials.listing does after each change."""
    from credentials.listing import refresh_listing

    from directory.models import ComplianceBadgeRow, Practitioner
    from core import clock

    with app.app_context():
        with db.engine.begin() as connection:
            refresh_listing(connection)
            # The bench has no declarations and no drug-like wording: the badge rows compliance.sync
            # would store say "undeclared".
            connection.execute(ComplianceBadgeRow.__table__.insert().from_select(
                ["practitioner_id", "status", "uses_human_exosomes", "rules_broken", "computed_at"],
                select(Practitioner.id, literal("undeclared"), literal(False), literal(""),
                       literal(clock.now().replace(tzinfo=None)))))
        db.engine.dispose()
    log(f"    listing columns filled ({time.perf_counter() - started:.0f} s)")


def build(app, size: int, gazetteer_path: str, today: date, seed: int = 20261122, log=print) -> dict:
    """Fill the app's (empty) SQLite database with `size` practitioners; return counts, seconds and bytes."""
    started = time.perf_counter()
    path, treatments = _schema(app)
    generator = Generator(load_centres(gazetteer_path), treatments, today, seed)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        plan = _plan(con)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
            con.execute(f"PRAGMA {pragma}")
        # Secondary indexes are cheaper to build once at the end than to grow row by row.
        indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                              "AND tbl_name IN (%s)" % ", ".join(f"'{t}'" for t in COLUMNS)).fetchall()
        for name, _ in indexes:
            con.execute(f"DROP INDEX {name}")
        con.execute("BEGIN")
        for first in range(1, size + 1, CHUNK):
            _insert(con, plan, generator.chunk(first, min(CHUNK, size + 1 - first)))
            if (first - 1) % (10 * CHUNK) == 0:
                log(f"    {first - 1:>9,} practitioners written ({time.perf_counter() - started:.0f} s)")
        for _, sql in indexes:
            con.execute(sql)
        con.execute("COMMIT")
        con.execute("PRAGMA journal_mode=WAL")  # what the app's connections expect (sqlite_pragmas.py)
        _refresh_listings(app, log, started)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COLUMNS}
    finally:
        con.close()
    return {"path": path, "counts": counts, "seconds": time.perf_counter() - started,
            "bytes": sum(p.stat().st_size for p in Path(path).parent.glob(Path(path).name + "*"))}
