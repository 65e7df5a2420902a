"""Reading the audit trail: filter it, list the actions it holds, export it as CSV. Nothing here writes."""
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, Text, cast, false, func, or_, select

from audit.models import AuditEvent
from core.extensions import db


@dataclass
class AuditFilter:
    """What an admin narrowed the audit trail to."""

    action: str = ""
    actor: str = ""  # part of the acting account's email, or of its name (actor_ids, which the screen looks up)
    actor_ids: tuple[int, ...] = ()
    practitioner_id: int | None = None
    practitioner_ids: tuple[int, ...] | None = None  # practitioners whose name matched; None when not asked
    subject_type: str = ""
    subject_id: int | None = None
    since: date | None = None
    until: date | None = None
    zone: str = "UTC"  # whose calendar `since` and `until` are days of (the reader's)


def _midnight(day: date, zone: str = "UTC") -> datetime:
    """The first instant of a day on a zone's calendar."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


def audit_query(f: AuditFilter) -> Select:
    """Audit events matching the filter, newest first."""
    statement = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if f.action:
        statement = statement.where(AuditEvent.action == f.action)
    if f.actor.strip():
        statement = statement.where(or_(
            func.lower(AuditEvent.actor_email).contains(f.actor.strip().lower(), autoescape=True),
            AuditEvent.actor_id.in_(f.actor_ids) if f.actor_ids else false()))
    if f.practitioner_id is not None:
        statement = statement.where(AuditEvent.practitioner_id == f.practitioner_id)
    if f.practitioner_ids is not None:
        statement = statement.where(AuditEvent.practitioner_id.in_(f.practitioner_ids) if f.practitioner_ids
                                    else false())
    if f.subject_type:
        statement = statement.where(AuditEvent.subject_type == f.subject_type)
    if f.subject_id is not None:
        statement = statement.where(AuditEvent.subject_id == f.subject_id)
    if f.since:
        statement = statement.where(AuditEvent.occurred_at >= _midnight(f.since, f.zone))
    if f.until and f.until < date.max:  # until the calendar's last day is no bound (the day after it was a 500)
        statement = statement.where(AuditEvent.occurred_at < _midnight(f.until + timedelta(days=1), f.zone))
    return statement


def audit_actions() -> list[str]:
    """Every action the trail holds, for the filter."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


CSV_COLUMNS = ("id", "occurred_at", "actor_email", "action", "subject_type", "subject_id", "practitioner_id",
               "reason", "before", "after")


def _cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else value.isoformat() if isinstance(value, datetime) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def audit_csv(f: AuditFilter):
    """The filtered trail as CSV text, a chunk at a time, reading the events in batches."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    # Plain rows, not ORM objects, with JSON as its stored text: the export may hold the whole trail.
    columns = [cast(getattr(AuditEvent, c), Text) if c in ("before", "after") else getattr(AuditEvent, c)
               for c in CSV_COLUMNS]
    for row in db.session.execute(audit_query(f).with_only_columns(*columns).execution_options(yield_per=1000)):
        writer.writerow([_cell(value) for value in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
