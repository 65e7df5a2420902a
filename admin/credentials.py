"""The verification queue and an admin's decision on a credential: verify it with its dates, or reject it."""
from flask import abort, render_template, request, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.forms import ApproveForm, QueueFilterForm, ReasonForm
from admin.pages import cancelled_note, decision_made, page_number, paginate
from booking.services.delisting import CREDENTIAL_REVOKED, cancel_for_delisting
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
def credential_page(credential_id, approve_form=None, reject_form=None, revoke_form=None):
    """Everything the practitioner declared, the evidence, earlier versions, and the decision forms."""
    credential = db.get_or_404(Credential, credential_id)
    return render_template("admin/credential.html", credential=credential, versions=queries.history(credential),
                           approve_form=approve_form or ApproveForm(expires_on=credential.expires_on),
                           reject_form=reject_form or ReasonForm(), today=clock.today(),
                           revoke_form=revoke_form or ReasonForm(),
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


@bp.post("/credentials/<int:credential_id>/revoke")
def revoke(credential_id):
    """Revoke a verified credential with a written reason; bookings the listing then no longer allows are cancelled."""
    credential, form = db.get_or_404(Credential, credential_id), ReasonForm()
    return decision_made(form, lambda: _revoke_and_cancel(credential, form.reason.data),
                         lambda delisting: f"Revoked {describe(credential)}; the practitioner has been told."
                         + cancelled_note(delisting), url_for(".credential", credential_id=credential.id),
                         lambda form: credential_page(credential_id, revoke_form=form))


def _revoke_and_cancel(credential, reason: str):
    """Revoke, then cancel what the practitioner's listing no longer allows, in the one transaction."""
    services.revoke(credential, current_user, reason)
    return cancel_for_delisting(credential.practitioner, CREDENTIAL_REVOKED, clock.now(), actor=current_user)


@bp.get("/credentials/<int:credential_id>/document")
def document(credential_id):
    """Download a credential's evidence document."""
    credential = db.get_or_404(Credential, credential_id)
    if not credential.document_name:
        abort(404)
    return send_document(credential.document_name, queries.download_name(credential), credential.document_mime_type)
