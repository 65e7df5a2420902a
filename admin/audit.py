"""The audit trail, read-only: no route here, or anywhere, changes or deletes an audit event."""
import json

from flask import Response, render_template, request
from sqlalchemy import func, or_, select

from accounts.models import User
from admin.audit_words import describe, look_up
from admin.blueprint import bp
from admin.forms import AuditFilterForm
from admin.pages import page_number, paginate
from audit import queries
from audit.queries import AuditFilter
from audit.sentences import label
from core import clock
from core.dates import reader
from core.extensions import db
from credentials.forms import options
from directory.models import Practitioner

PER_PAGE = 50  # events on one page of the trail


@bp.app_template_filter("json_text")
def json_text(value) -> str:
    """Before/after values as JSON text, escaped as HTML like any text (tojson would show < as \\u003c)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _contains(column, text: str):
    """SQL: the column holds the text, ignoring case."""
    return func.lower(column).contains(text.strip().lower(), autoescape=True)


def _ids(statement) -> tuple[int, ...]:
    """The ids a select returns, at most a thousand (a name that common narrows nothing anyway)."""
    return tuple(db.session.scalars(statement.limit(1000)))


def audit_filter(form) -> AuditFilter:
    """The audit filter the query string asks for (nothing, when it does not validate: the form says why)."""
    form.action.choices += options((a, label(a)) for a in queries.audit_actions())
    if not form.validate():
        return AuditFilter(zone=reader().zone)
    chosen = {name: form[name].data for name in ("action", "actor", "practitioner_id", "subject_type", "subject_id",
                                                 "since", "until") if form[name].data not in (None, "")}
    if (form.actor.data or "").strip():
        chosen["actor_ids"] = _ids(select(User.id).where(_contains(User.name, form.actor.data)))
    if (form.practitioner.data or "").strip():
        chosen["practitioner_ids"] = _ids(select(Practitioner.id).join(User, User.id == Practitioner.user_id).where(
            or_(_contains(Practitioner.name, form.practitioner.data), _contains(User.email, form.practitioner.data))))
    return AuditFilter(**chosen, zone=reader().zone)


@bp.get("/audit")
def audit():
    """The audit trail in sentences, newest first, fifty to a page, with filters; read-only."""
    form = AuditFilterForm(request.args)
    result = paginate(queries.audit_query(audit_filter(form)), page_number(), PER_PAGE)
    found = look_up(result.items)
    events = [(event, describe(event, found)) for event in result.items]
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    only = db.session.get(Practitioner, form.practitioner_id.data) if not form.practitioner_id.errors \
        and form.practitioner_id.data else None
    return render_template("admin/audit.html", form=form, result=result, events=events, args=args, only=only,
                           zone=reader().zone)


@bp.get("/audit.csv")
def audit_csv():
    """The filtered audit trail as a CSV download."""
    text = "".join(queries.audit_csv(audit_filter(AuditFilterForm(request.args))))
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="verity-audit-{clock.today():%Y-%m-%d}.csv"'})
