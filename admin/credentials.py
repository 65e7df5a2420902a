"""The verification queue and an admin's decision on a credential: verify it with its dates, or reject it."""
from flask import abort, render_template, request, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.forms import ApproveForm, QueueFilterForm, ReasonForm
from admin.pages import decision_made, page_number, paginate
from core import clock
from core.extensions import db
from core.uploads import send_document
from credentials import queries, services
from credentials.forms import options
from credentials.models import Credential
from credentials.rules import describe


@bp.get("/credentials")
def queue():
    """Credentials waiting for review, oldest first, with filters."""
    form = QueueFilterForm(request.args)
    form.issuer.choices += options((name, name) for name in queries.pending_issuers())
    filters = {name: form[name].data or "" for name in ("kind", "issuer", "country")} if form.validate() else {}
    return render_template("admin/queue.html", form=form, filters=filters,
                           result=paginate(queries.pending(**filters), page_number()))


@bp.get("/credentials/<int:credential_id>", endpoint="credential")
def credential_page(credential_id, approve_form=None, reject_form=None):
    """Everything the practitioner declared, the evidence, earlier versions, and the decision forms."""
    credential = db.get_or_404(Credential, credential_id)
    return render_template("admin/credential.html", credential=credential, versions=queries.history(credential),
                           approve_form=approve_form or ApproveForm(expires_on=credential.expires_on),
                           reject_form=reject_form or ReasonForm(), today=clock.today(),
                           duplicates=queries.same_number_elsewhere(credential))


@bp.post("/credentials/<int:credential_id>/approve")
def approve(credential_id):
    """Verify a credential with its expiry and next-check date."""
    credential, form = db.get_or_404(Credential, credential_id), ApproveForm()
    return decision_made(form, lambda: services.approve(credential, current_user, form.next_check_on.data,
                                                        form.expires_on.data, clock.today()),
                         f"Verified {describe(credential)}; the practitioner has been told.", url_for(".queue"),
                         lambda form: credential_page(credential_id, approve_form=form))


@bp.post("/credentials/<int:credential_id>/reject")
def reject(credential_id):
    """Reject a credential; the reason is emailed to the practitioner."""
    credential, form = db.get_or_404(Credential, credential_id), ReasonForm()
    return decision_made(form, lambda: services.reject(credential, current_user, form.reason.data),
                         f"Rejected {describe(credential)}; the reason was emailed.", url_for(".queue"),
                         lambda form: credential_page(credential_id, reject_form=form))


@bp.get("/credentials/<int:credential_id>/document")
def document(credential_id):
    """Download a credential's evidence document."""
    credential = db.get_or_404(Credential, credential_id)
    if not credential.document_name:
        abort(404)
    return send_document(credential.document_name, queries.download_name(credential), credential.document_mime_type)
