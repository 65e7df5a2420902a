"""Database plumbing with no domain words: the UTC column type, SQLite's pragmas and the session hooks.

This module is the one place that installs session listeners. The domains describe theirs as data
(a tuple of `Hook`s) and app.py hands them over in the order they must run.
"""
from collections.abc import Callable, Iterable
from datetime import timezone
from typing import NamedTuple

from sqlalchemy import DateTime, event
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from core.extensions import db


class UTCDateTime(TypeDecorator):
    """A timestamp column that always holds and returns aware UTC instants."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Refuse naive datetimes and store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Naive datetime given for a UTC column; attach a time zone.")
        value = value.astimezone(timezone.utc)
        # SQLite has no time zone type: keep the UTC wall time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def _on_connect(dbapi_connection, _record):
    """Set per-connection pragmas; SQLite forgets them between connections."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def install_sqlite_pragmas(app):
    """Attach the pragmas to the app's engine when it is SQLite."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        event.listen(db.engine, "connect", _on_connect)


class Hook(NamedTuple):
    """One session event and the function that answers it."""

    event: str
    function: Callable


def install_session_listeners(app, listeners: Iterable[Iterable[Hook]]) -> None:
    """Install the SQLite pragmas, then every session hook in the order given (idempotent).

    The hooks listen on every Session, so they run whatever code changes the rows. SQLAlchemy calls
    the hooks of one event in the order they were installed: the order of `listeners` is the order
    the before_commit hooks run in.
    """
    install_sqlite_pragmas(app)
    for hooks in listeners:
        for hook in hooks:
            if not event.contains(Session, hook.event, hook.function):
                event.listen(Session, hook.event, hook.function)


def forget_on_rollback(key: str) -> Callable:
    """A hook that drops `session.info[key]` when the whole transaction rolls back.

    A savepoint's rollback keeps it: what changed before the savepoint still commits.
    """

    def forget(session, previous_transaction) -> None:
        """After a rollback of the whole transaction, nothing noted in it survives."""
        if not previous_transaction.nested:
            session.info.pop(key, None)

    return forget
