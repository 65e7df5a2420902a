"""Shared fixtures: the app on SQLite or PostgreSQL, a real SMTP server, user factories."""
import contextvars
import os
import socket
import sys
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from core.extensions import db  # noqa: E402
from tests.helpers import TEST_PASSWORD  # noqa: E402


def free_port() -> int:
    """Ask the OS for a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str):
        """Messages sent to one address, oldest first."""
        return [m for m in self.messages if address in m["To"]]


@pytest.fixture(scope="session", autouse=True)
def claims_model_file(tmp_path_factory):
    """The trained claims model: instance/'s when it fits the corpus, else trained once into a session tmp dir."""
    from compliance import claims_model

    saved = claims_model.model_path()
    if not (saved.exists() and claims_model.joblib.load(saved).get("corpus") == claims_model.corpus_digest()):
        saved = claims_model.save(claims_model.train(), tmp_path_factory.mktemp("claims") / "claims_model.joblib")
        os.environ[claims_model.MODEL_ENV] = str(saved)
    claims_model.forget()
    return saved


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on loopback for the whole test session."""
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def mailbox(smtp_server):
    """The messages the SMTP server received during this test."""
    smtp_server.handler.messages.clear()
    return smtp_server.handler


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    """TEST_DATABASE_URL (PostgreSQL in CI's second pass) or a scratch SQLite file; one per xdist worker."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    # Fail loudly, never skip, when PostgreSQL was asked for and cannot be reached.
    with create_engine(url).connect() as connection:
        connection.execute(text("SELECT 1"))
    return _worker_database(url, worker_id) if worker_id != "master" else url


def _worker_database(url: str, worker_id: str) -> str:
    """Create (afresh) a PostgreSQL database for one xdist worker and return its URL."""
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker_id}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _schema(database_url, smtp_server, tmp_path_factory):
    """Build the schema from the models once per session."""
    app = create_app(_test_config(database_url, smtp_server, tmp_path_factory.mktemp("uploads")))
    with app.app_context():
        db.drop_all()
        db.create_all()
    return True


def _test_config(database_url, smtp_server, upload_dir, gazetteer=None):
    """The settings every test app starts from."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "SERVER_NAME": "verity.test",
        "UPLOAD_FOLDER": str(upload_dir),
        "LOGIN_RATE_LIMIT": "50 per minute",
        "GAZETTEER_PATH": gazetteer or str(ROOT / "instance" / "gazetteer.sqlite3"),
    }


@pytest.fixture
def app_config(database_url, smtp_server, tmp_path, gazetteer_path):
    """Settings for this test's app; tests may change them before using `app`."""
    return _test_config(database_url, smtp_server, tmp_path / "uploads", gazetteer_path)


@pytest.fixture
def app(_schema, app_config):
    """A fresh app per test, with every table emptied afterwards."""
    app = create_app(app_config)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()


def _empty_tables():
    """Delete every row, children first, so the next test starts clean."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


class IsolatedClient(FlaskClient):
    """A test client whose requests get their own app context, as in production.

    The test body holds an app context open for `db.session`; without this, every request
    would reuse it and share `g` and the database session with the test.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        # End the test's own transaction so its next read sees what the request wrote.
        # (Redirects followed inside `open` run with no app context: nothing to end there.)
        if has_app_context():
            db.session.commit()
        return response

    def session_transaction(self, *args, **kwargs):
        return _ContextIsolated(super().session_transaction(*args, **kwargs))


class _ContextIsolated:
    """Run a context manager's enter and exit in one fresh context of its own."""

    def __init__(self, manager):
        self.manager, self.context = manager, contextvars.Context()

    def __enter__(self):
        return self.context.run(self.manager.__enter__)

    def __exit__(self, *exc):
        return self.context.run(self.manager.__exit__, *exc)


@pytest.fixture
def client(app):
    """A test client for the app."""
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for the app's commands."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Return a factory that stores a user: make_user(role="patient", email=..., verified=True)."""
    from accounts.services import create_user

    counter = iter(range(1, 10_000))

    def factory(role="patient", email=None, password=TEST_PASSWORD, verified=True, name="Test User"):
        email = email or f"{role}{next(counter)}@example.com"
        user = create_user(email, password, role, name=name, verified=verified)
        db.session.commit()
        return user

    return factory


@pytest.fixture(scope="session")
def gazetteer_path():
    """The offline gazetteer, built once into instance/ and reused by later runs."""
    from geo.build import build_gazetteer, needs_build

    path = ROOT / "instance" / "gazetteer.sqlite3"
    if needs_build(path):
        path.parent.mkdir(exist_ok=True)
        build_gazetteer(path)
    return str(path)


@pytest.fixture
def catalogue(app):
    """The treatment catalogue, as slug -> Treatment."""
    from directory.models import Treatment
    from directory.services import sync_catalogue

    sync_catalogue()
    db.session.commit()
    return {t.slug: t for t in db.session.scalars(select(Treatment))}


@pytest.fixture
def make_practitioner(app, make_user, catalogue):
    """Return a factory for listed practitioners; see tests/factories.py for its arguments."""
    from tests.factories import practitioner_factory

    return practitioner_factory(make_user, catalogue)
