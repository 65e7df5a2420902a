"""The synthetic directory of bench/dataset.py, written into PostgreSQL with COPY (for bench/postgis.py).

Same generator, same seed, same rows as the SQLite databases bench/search.py builds; the schema is the
app's own (`db.create_all()`, which also makes the PostGIS GiST index). Secondary indexes are dropped
during the load and made again after it, and foreign keys are not checked while loading (the rows
are consistent by construction), as a restore does.
"""
from __future__ import annotations

import time

from sqlalchemy import select, text

from bench.dataset import CHUNK, COLUMNS, Generator, load_centres
from directory.models import Practitioner, Treatment
from directory.services import sync_catalogue
from core.extensions import db


def practitioners_in(app) -> int:
    """How many practitioners the app's database holds (0 when it has no tables yet)."""
    with app.app_context():
        try:
            return db.session.scalar(select(db.func.count()).select_from(Practitioner)) or 0
        except Exception:  # noqa: BLE001 - no schema yet
            return 0
        finally:
            db.session.remove()


def _schema(app) -> list[tuple[int, str]]:
    """Drop and create the app's tables and the catalogue; return (treatment id, professions)."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_catalogue()
        db.session.commit()
        treatments = [(t.id, t.allowed_professions) for t in db.session.scalars(select(Treatment))]
        db.session.remove()
    return treatments


def _plan() -> dict[str, tuple[str, tuple]]:
    """Per table, the COPY statement and the constants for columns the generator leaves alone."""
    plan = {}
    for table, columns in COLUMNS.items():
        extra, constants = [], []
        for column in db.metadata.tables[table].columns:
            if column.name in columns:
                continue
            default = column.default
            if default is not None and default.is_scalar:
                constants.append(default.arg)
            elif column.nullable:
                constants.append(None)
            else:
                raise RuntimeError(f"bench/pg_dataset.py cannot fill {table}.{column.name}: add it to COLUMNS")
            extra.append(column.name)
        plan[table] = (f"COPY {table} ({', '.join(columns + tuple(extra))}) FROM STDIN", tuple(constants))
    return plan


# credentials.listing.refresh_listing and the "undeclared" badge rows bench/dataset.py stores, set-based:
# its correlated subqueries take minutes per 100k practitioners on PostgreSQL.
LISTING_SQL = (
    """UPDATE practitioners p SET listed_until = CASE WHEN p.suspended_at IS NULL THEN r.latest END,
       practising_from = coalesce(r.first_issued, p.practising_since)
       FROM (SELECT practitioner_id, max(coalesce(expires_on, DATE '9999-12-31')) AS latest,
                    min(issued_on) AS first_issued
             FROM credentials WHERE kind = 'registration' AND status = 'verified' GROUP BY practitioner_id) r
       WHERE r.practitioner_id = p.id""",
    """UPDATE practitioners SET practising_from = practising_since WHERE practising_from IS NULL""",
    """UPDATE clinics c SET listed_until = CASE WHEN c.address_status = 'confirmed' THEN p.listed_until END,
       practising_from = p.practising_from FROM practitioners p WHERE p.id = c.practitioner_id""",
    """INSERT INTO compliance_badges (practitioner_id, status, uses_human_exosomes, rules_broken, computed_at)
       SELECT id, 'undeclared', false, '', now() FROM practitioners""",
)


def build(app, size: int, gazetteer_path: str, today, seed: int = 20261122, log=print) -> dict:
    """Fill the app's PostgreSQL database with `size` practitioners; return counts and seconds."""
    started = time.perf_counter()
    treatments = _schema(app)
    generator = Generator(load_centres(gazetteer_path), treatments, today, seed)
    with app.app_context():
        plan = _plan()
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("SET session_replication_role = replica")  # no foreign key triggers while loading
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                           "AND indexname NOT IN (SELECT conname FROM pg_constraint)", (list(COLUMNS),))
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            for first in range(1, size + 1, CHUNK):
                rows = generator.chunk(first, min(CHUNK, size + 1 - first))
                for table, (statement, constants) in plan.items():
                    with cursor.copy(statement) as copy:
                        for row in rows[table]:
                            copy.write_row(row + constants)
                if (first - 1) % (10 * CHUNK) == 0:
                    log(f"    {first - 1:>9,} practitioners written ({time.perf_counter() - started:.0f} s)")
            raw.commit()
            for _, definition in indexes:
                cursor.execute(definition)
            for table in COLUMNS:  # ids were given: move each sequence past them
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            raw.commit()
        finally:
            raw.close()
        with db.engine.begin() as connection:
            for statement in LISTING_SQL:
                connection.execute(text(statement))
        log(f"    listing columns filled ({time.perf_counter() - started:.0f} s)")
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
            counts = {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in COLUMNS}
        db.engine.dispose()
    return {"counts": counts, "seconds": time.perf_counter() - started}
