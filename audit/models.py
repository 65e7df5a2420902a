"""The audit trail: every admin decision and every practitioner change that matters."""
from datetime import datetime

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core import clock
from core.db import UTCDateTime


class AuditEvent(db.Model):
    """One recorded action: who, when, what, on which object, and the values before and after.

    Rows are only ever inserted; nothing in the site updates or deletes them, and the database
    refuses to (see the triggers below).
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    practitioner_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(1000), default="")


# Append-only, enforced by the database. The one change allowed is the foreign key's own
# ON DELETE SET NULL when the acting user's account is deleted: actor_email still says who it was.
# DELETE is refused on PostgreSQL (production); TRUNCATE, which the test suite uses to empty
# tables, fires no row trigger. SQLite refuses UPDATE only, because the tests empty its tables
# with DELETE and SQLite has no TRUNCATE.
APPEND_ONLY_MESSAGE = "audit_events is append-only: events cannot be changed or deleted"
_KEPT = [c.name for c in AuditEvent.__table__.columns if c.name != "actor_id"]

SQLITE_NO_UPDATE = DDL(
    "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events "
    "WHEN NOT (NEW.actor_id IS NULL AND " + " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in _KEPT) + ") "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END")

POSTGRESQL_FUNCTION = DDL(
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL "
    "AND to_jsonb(NEW) - 'actor_id' = to_jsonb(OLD) - 'actor_id' THEN RETURN NEW; END IF; "
    f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; "
    "END $$")
POSTGRESQL_TRIGGER = DDL(
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()")

event.listen(AuditEvent.__table__, "after_create", SQLITE_NO_UPDATE.execute_if(dialect="sqlite"))
event.listen(AuditEvent.__table__, "after_create", POSTGRESQL_FUNCTION.execute_if(dialect="postgresql"))
event.listen(AuditEvent.__table__, "after_create", POSTGRESQL_TRIGGER.execute_if(dialect="postgresql"))
