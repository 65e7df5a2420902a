"""Admin pages: only users with the admin role may open them.

The verification queue and decisions on credentials, suspension of practitioners, and the
audit trail (read-only: no route here, or anywhere, changes or deletes an audit event).
"""
import smtplib
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from accounts.models import User
from admin import services
from admin.forms import ApproveForm, AuditFilterForm, PractitionerFilterForm, QueueFilterForm, ReasonForm
from credentials import review
from credentials.forms import options
from credentials.models import Credential, CredentialStatus
from credentials.services import CredentialError, download_name, history, latest_versions
from directory.models import Practitioner
from core.uploads import send_document
from core.extensions import db
from accounts.roles import role_required
from core import clock

bp = Blueprint("admin", __name__, url_prefix="/admin")
MAIL_FAILED = "The email to the practitioner could not be sent, so nothing was changed. Please try again."


def page_number() -> int:
    """The ?page= argument, 1 when missing or not a number."""
    return max(request.args.get("page", 1, type=int) or 1, 1)


def get_or_404(model, object_id: int):
    """The row with this id, or a 404."""
    return db.session.get(model, object_id) or abort(404)


def decide(form, decision, success: str) -> bool:
    """Carry out a decision, committing it, or put its refusal on the form; True when it was made."""
    try:
        decision()
    except (CredentialError, services.AdminError) as error:
        db.session.rollback()
        (form[error.field].errors if error.field in form else form.form_errors).append(error.message)
        return False
    except (OSError, smtplib.SMTPException):
        db.session.rollback()
        form.form_errors.append(MAIL_FAILED)
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.get("/")
@role_required("admin")
def dashboard():
    """Counts an admin needs at a glance: users, practitioners, pending credentials, checks due."""
    counts = {
        "users": db.session.scalar(select(func.count(User.id))),
        "practitioners": db.session.scalar(select(func.count(Practitioner.id))),
        "pending": db.session.scalar(select(func.count(Credential.id)).where(
            Credential.status == CredentialStatus.PENDING.value)),
        "checks_due": db.session.scalar(select(func.count(Credential.id)).where(
            Credential.status == CredentialStatus.VERIFIED.value, Credential.next_check_on <= clock.today())),
        "suspended": db.session.scalar(select(func.count(Practitioner.id)).where(
            Practitioner.suspended_at.is_not(None))),
    }
    return render_template("admin/dashboard.html", counts=counts)


@bp.get("/credentials")
@role_required("admin")
def queue():
    """Credentials waiting for review, oldest first, with filters."""
    form = QueueFilterForm(request.args)
    form.issuer.choices += options((name, name) for name in services.pending_issuers())
    filters = {name: form[name].data or "" for name in ("kind", "issuer", "country")} if form.validate() else {}
    return render_template("admin/queue.html", form=form, filters=filters,
                           result=services.queue(**filters, page=page_number()))


def credential_page(credential, approve_form=None, reject_form=None):
    """The detail page of a credential with its decision forms."""
    approve_form = approve_form or ApproveForm(expires_on=credential.expires_on)
    return render_template("admin/credential.html", credential=credential, versions=history(credential),
                           approve_form=approve_form, reject_form=reject_form or ReasonForm(),
                           duplicates=services.same_number_elsewhere(credential), today=clock.today())


@bp.get("/credentials/<int:credential_id>")
@role_required("admin")
def credential(credential_id):
    """Everything the practitioner declared, the evidence, earlier versions, and the decision forms."""
    return credential_page(get_or_404(Credential, credential_id))


@bp.post("/credentials/<int:credential_id>/approve")
@role_required("admin")
def approve(credential_id):
    """Verify a credential with its expiry and next-check date."""
    credential = get_or_404(Credential, credential_id)
    form = ApproveForm()
    if form.validate_on_submit() and decide(form, lambda: review.approve(
            credential, current_user, form.next_check_on.data, form.expires_on.data, clock.today()),
            f"Verified {review.describe(credential)}; the practitioner has been told."):
        return redirect(url_for(".queue"))
    return credential_page(credential, approve_form=form)


@bp.post("/credentials/<int:credential_id>/reject")
@role_required("admin")
def reject(credential_id):
    """Reject a credential; the reason is emailed to the practitioner."""
    credential = get_or_404(Credential, credential_id)
    form = ReasonForm()
    if form.validate_on_submit() and decide(form, lambda: review.reject(credential, current_user, form.reason.data),
                                            f"Rejected {review.describe(credential)}; the reason was emailed."):
        return redirect(url_for(".queue"))
    return credential_page(credential, reject_form=form)


@bp.get("/credentials/<int:credential_id>/document")
@role_required("admin")
def document(credential_id):
    """Download a credential's evidence document."""
    credential = get_or_404(Credential, credential_id)
    if not credential.document_name:
        abort(404)
    return send_document(credential.document_name, download_name(credential), credential.document_mime_type)


@bp.get("/practitioners")
@role_required("admin")
def practitioners():
    """Find practitioners by name or email, and by whether they are suspended."""
    form = PractitionerFilterForm(request.args)
    filters = {"q": form.q.data or "", "state": form.state.data or ""} if form.validate() else {}
    return render_template("admin/practitioners.html", form=form, filters=filters,
                           result=services.practitioners(**filters, page=page_number()))


def practitioner_page(practitioner, form=None):
    """A practitioner's account, credentials and suspension state, with the suspend or reinstate form."""
    return render_template("admin/practitioner.html", practitioner=practitioner, form=form or ReasonForm(),
                           credentials=latest_versions(practitioner), today=clock.today())


@bp.get("/practitioners/<int:practitioner_id>")
@role_required("admin")
def practitioner(practitioner_id):
    """One practitioner, for an admin."""
    return practitioner_page(get_or_404(Practitioner, practitioner_id))


@bp.post("/practitioners/<int:practitioner_id>/suspend")
@role_required("admin")
def suspend(practitioner_id):
    """Suspend a practitioner: out of search and profiles, cannot be booked."""
    practitioner = get_or_404(Practitioner, practitioner_id)
    form = ReasonForm()
    if form.validate_on_submit() and decide(form, lambda: services.suspend(practitioner, current_user,
                                                                           form.reason.data),
                                            f"{practitioner.name} is suspended and has been told why."):
        return redirect(url_for(".practitioner", practitioner_id=practitioner.id))
    return practitioner_page(practitioner, form)


@bp.post("/practitioners/<int:practitioner_id>/reinstate")
@role_required("admin")
def reinstate(practitioner_id):
    """Lift a practitioner's suspension."""
    practitioner = get_or_404(Practitioner, practitioner_id)
    form = ReasonForm()
    if form.validate_on_submit() and decide(form, lambda: services.reinstate(practitioner, current_user,
                                                                             form.reason.data),
                                            f"{practitioner.name} is reinstated and has been told."):
        return redirect(url_for(".practitioner", practitioner_id=practitioner.id))
    return practitioner_page(practitioner, form)


def audit_filter(form) -> services.AuditFilter:
    """The audit filter the query string asks for (nothing, when it does not validate)."""
    form.action.choices += options((a, a) for a in services.audit_actions())
    if not form.validate():
        return services.AuditFilter()
    return services.AuditFilter(**{name: form[name].data for name in (
        "action", "actor", "practitioner_id", "subject_type", "subject_id", "since", "until")
        if form[name].data not in (None, "")})


@bp.get("/audit")
@role_required("admin")
def audit():
    """The audit trail, newest first, with filters; read-only."""
    form = AuditFilterForm(request.args)
    result = services.paginate(services.audit_query(audit_filter(form)), page_number())
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/audit.html", form=form, result=result, args=args)


@bp.get("/audit.csv")
@role_required("admin")
def audit_csv():
    """The filtered audit trail as a CSV download."""
    text = "".join(services.audit_csv(audit_filter(AuditFilterForm(request.args))))
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="verity-audit-{clock.today():%Y-%m-%d}.csv"'})
