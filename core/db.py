"""Database plumbing with no domain words: the UTC column type and SQLite's connection pragmas."""
from datetime import timezone

from sqlalchemy import DateTime, event
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
