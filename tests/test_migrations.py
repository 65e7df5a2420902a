"""Migrations are the source of truth: they build the schema the models describe."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.extensions import db
from directory.postgis import include_object

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_database(database_url, tmp_path):
    """A new empty database of the kind this test run uses."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"verity_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def upgrade(url: str) -> subprocess.CompletedProcess:
    """Run `flask --app app db upgrade` as an operator would."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "migration-test"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_upgrade_on_an_empty_database_matches_the_models(app, empty_database):
    result = upgrade(empty_database)
    assert result.returncode == 0, result.stderr
    engine = create_engine(empty_database)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        differences = compare_metadata(context, db.metadata)
        guards = _database_guards(connection)
    engine.dispose()
    assert differences == []
    assert guards, "the migration must install the audit trigger and, on PostgreSQL, the overlap exclusion"
    # Running it again is harmless.
    assert upgrade(empty_database).returncode == 0


def _database_guards(connection) -> bool:
    """Whether the parts autogenerate cannot compare (triggers, exclusion constraint) are installed."""
    if connection.dialect.name == "postgresql":
        exclusion = connection.execute(text(
            "SELECT 1 FROM pg_constraint WHERE conname = 'ex_bookings_practitioner_overlap'")).first()
        trigger = connection.execute(text(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'audit_events_append_only'")).first()
        return bool(exclusion and trigger)
    return bool(connection.execute(text(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_events_no_update'")).first())
