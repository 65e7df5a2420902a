"""Recording to the audit trail: one function every change goes through."""
from datetime import date, datetime
from decimal import Decimal

from audit.models import AuditEvent
from core.extensions import db


def _plain(value):
    """Make a value JSON-safe for the before/after columns."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj, fields) -> dict:
    """The named attributes of an object, for a before or after value."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def record(actor, action: str, subject_type: str, subject_id: int | None, *, practitioner_id=None,
           before=None, after=None, reason: str = "") -> AuditEvent:
    """Add an audit event to the current transaction; it commits with the change it describes."""
    event = AuditEvent(actor_id=getattr(actor, "id", None), actor_email=getattr(actor, "email", "") or "",
                       action=action, subject_type=subject_type, subject_id=subject_id,
                       practitioner_id=practitioner_id, before=_plain(before), after=_plain(after),
                       reason=reason or "")
    db.session.add(event)
    return event
