"""SQLite connection settings: foreign keys on, WAL for concurrent readers, a busy wait."""
from sqlalchemy import event

from extensions import db


def _on_connect(dbapi_connection, _record):
    """Set per-connection pragmas; SQLite forgets them between connections."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def install(app):
    """Attach the pragmas to the app's engine when it is SQLite."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        event.listen(db.engine, "connect", _on_connect)
