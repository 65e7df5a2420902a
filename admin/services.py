"""Admin rules: the verification queue, suspension, and reading the audit trail.

Nothing here commits: the view does, once the whole change has been accepted.
"""
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Select, Text, cast, exists, func, or_, select
from sqlalchemy.orm import selectinload

from accounts.models import User
from audit.models import AuditEvent
from audit.services import record
from credentials.models import Credential, CredentialStatus
from directory.models import Clinic, Practitioner
from core.extensions import db
from core.mail import send_mail
from core import clock

PER_PAGE = 25
MIN_REASON = 10


class AdminError(ValueError):
    """A decision the rules refuse; `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


@dataclass
class Page:
    """One page of rows and how many there are in all."""

    items: list
    total: int
    page: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        """How many pages the rows fill."""
        return max(1, -(-self.total // self.per_page))


def paginate(statement: Select, page: int, per_page: int = PER_PAGE) -> Page:
    """Run a select for one page, with the total count."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    page = min(max(page, 1), max(1, -(-total // per_page)))
    items = list(db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, total, page, per_page)


# The verification queue


def queue(kind: str = "", issuer: str = "", country: str = "", page: int = 1) -> Page:
    """Pending credentials, oldest first, filtered by kind, issuer and the country of a clinic."""
    statement = (select(Credential).where(Credential.status == CredentialStatus.PENDING.value)
                 .options(selectinload(Credential.practitioner)).order_by(Credential.created_at, Credential.id))
    if kind:
        statement = statement.where(Credential.kind == kind)
    if issuer:
        statement = statement.where(Credential.issuer == issuer)
    if country:
        statement = statement.where(exists().where(Clinic.practitioner_id == Credential.practitioner_id,
                                                   Clinic.country == country))
    return paginate(statement, page)


def pending_issuers() -> list[str]:
    """The issuers of pending credentials, for the queue's filter."""
    return list(db.session.scalars(select(Credential.issuer).distinct()
                                   .where(Credential.status == CredentialStatus.PENDING.value)
                                   .order_by(Credential.issuer)))


def same_number_elsewhere(credential: Credential) -> list[Credential]:
    """Other practitioners' credentials declaring the same issuer and number: a warning for the reviewer."""
    if not credential.number:
        return []
    return list(db.session.scalars(select(Credential).where(
        Credential.issuer == credential.issuer, func.upper(Credential.number) == credential.number.upper(),
        Credential.practitioner_id != credential.practitioner_id).limit(5)))


# Practitioners and suspension


def practitioners(q: str = "", state: str = "", page: int = 1) -> Page:
    """Practitioners by name or email, optionally only the suspended or the active ones."""
    statement = select(Practitioner).join(User, User.id == Practitioner.user_id).order_by(Practitioner.name)
    if q.strip():
        term = q.strip().lower()
        statement = statement.where(or_(func.lower(Practitioner.name).contains(term, autoescape=True),
                                        func.lower(User.email).contains(term, autoescape=True)))
    if state == "suspended":
        statement = statement.where(Practitioner.suspended_at.is_not(None))
    elif state == "active":
        statement = statement.where(Practitioner.suspended_at.is_(None))
    return paginate(statement, page)


def _reason(reason: str) -> str:
    """A reason long enough to mean something to the practitioner and to the next admin."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise AdminError("Give a reason of at least 10 characters.", "reason")
    return reason


def suspend(practitioner: Practitioner, admin, reason: str) -> None:
    """Take a practitioner out of search and profiles, with a reason they are told."""
    reason = _reason(reason)
    if practitioner.suspended_at is not None:
        raise AdminError("This practitioner is already suspended.")
    practitioner.suspended_at, practitioner.suspension_reason = clock.now(), reason
    record(admin, "practitioner.suspended", "practitioner", practitioner.id, practitioner_id=practitioner.id,
           before={"suspended_at": None}, after={"suspended_at": practitioner.suspended_at}, reason=reason)
    send_mail(practitioner.user.email, "Your Verity profile is suspended",
              f"Hello {practitioner.name},\n\nYour profile no longer appears in Verity's directory and cannot be "
              f"booked.\n\nReason: {reason}\n\nReply to this email if you think this is a mistake.\n\nVerity")


def reinstate(practitioner: Practitioner, admin, reason: str) -> None:
    """Lift a suspension, with a reason; the profile shows again while its registration is current."""
    reason = _reason(reason)
    if practitioner.suspended_at is None:
        raise AdminError("This practitioner is not suspended.")
    before = {"suspended_at": practitioner.suspended_at, "suspension_reason": practitioner.suspension_reason}
    practitioner.suspended_at, practitioner.suspension_reason = None, ""
    record(admin, "practitioner.reinstated", "practitioner", practitioner.id, practitioner_id=practitioner.id,
           before=before, after={"suspended_at": None}, reason=reason)
    send_mail(practitioner.user.email, "Your Verity profile is reinstated",
              f"Hello {practitioner.name},\n\nYour suspension has been lifted.\n\nReason: {reason}\n\n"
              "Your profile shows in the directory again while your registration is verified and current.\n\nVerity")


# The audit trail


@dataclass
class AuditFilter:
    """What an admin narrowed the audit trail to."""

    action: str = ""
    actor: str = ""
    practitioner_id: int | None = None
    subject_type: str = ""
    subject_id: int | None = None
    since: date | None = None
    until: date | None = None


def _midnight(day: date) -> datetime:
    """The first instant of a UTC day."""
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def audit_query(f: AuditFilter) -> Select:
    """Audit events matching the filter, newest first."""
    statement = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if f.action:
        statement = statement.where(AuditEvent.action == f.action)
    if f.actor.strip():
        statement = statement.where(func.lower(AuditEvent.actor_email).contains(f.actor.strip().lower(),
                                                                                 autoescape=True))
    if f.practitioner_id is not None:
        statement = statement.where(AuditEvent.practitioner_id == f.practitioner_id)
    if f.subject_type:
        statement = statement.where(AuditEvent.subject_type == f.subject_type)
    if f.subject_id is not None:
        statement = statement.where(AuditEvent.subject_id == f.subject_id)
    if f.since:
        statement = statement.where(AuditEvent.occurred_at >= _midnight(f.since))
    if f.until:
        statement = statement.where(AuditEvent.occurred_at < _midnight(f.until + timedelta(days=1)))
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
