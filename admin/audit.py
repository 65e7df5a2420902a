"""The audit trail, read-only: no route here, or anywhere, changes or deletes an audit event."""
import json

from flask import Response, render_template, request

from admin.blueprint import bp
from admin.forms import AuditFilterForm
from admin.pages import page_number, paginate
from audit import queries
from audit.queries import AuditFilter
from core import clock
from credentials.forms import options


@bp.app_template_filter("json_text")
def json_text(value) -> str:
    """Before/after values as JSON text, escaped as HTML like any text (tojson would show < as \\u003c)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def audit_filter(form) -> AuditFilter:
    """The audit filter the query string asks for (nothing, when it does not validate)."""
    form.action.choices += options((a, a) for a in queries.audit_actions())
    if not form.validate():
        return AuditFilter()
    return AuditFilter(**{name: form[name].data for name in (
        "action", "actor", "practitioner_id", "subject_type", "subject_id", "since", "until")
        if form[name].data not in (None, "")})


@bp.get("/audit")
def audit():
    """The audit trail, newest first, with filters; read-only."""
    form = AuditFilterForm(request.args)
    result = paginate(queries.audit_query(audit_filter(form)), page_number())
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/audit.html", form=form, result=result, args=args)


@bp.get("/audit.csv")
def audit_csv():
    """The filtered audit trail as a CSV download."""
    text = "".join(queries.audit_csv(audit_filter(AuditFilterForm(request.args))))
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="verity-audit-{clock.today():%Y-%m-%d}.csv"'})
