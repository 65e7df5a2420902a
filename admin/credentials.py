"""The verification queue and an admin's decision on a credential: verify it with its dates, or reject it."""
from flask import abort, render_template, request, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.forms import ApproveForm, DuplicateForm, QueueFilterForm, ReasonForm
from admin.pages import cancelled_note, decision_made, page_number, paginate
from booking.services.delisting import CREDENTIAL_REVOKED, cancel_for_delisting
from core import clock
from core.extensions import db
from core.uploads import send_document
from credentials import issuers, queries, services
from credentials.forms import options
from credentials.models import Credential, CredentialKind
from credentials.rules import describe

bp.add_app_template_filter(issuers.register_label, "register_label")


@bp.get("/credentials")
def queue():
    """Credentials waiting for review, oldest first, with filters."""
    form = QueueFilterForm(request.args)
    form.issuer.choices += options((name, name) for name in queries.pending_issuers())
    filters = {name: form[name].data or "" for name in ("kind", "issuer", "country", "show")} if form.validate() else {}
    return render_template("admin/queue.html", form=form, filters=filters,
                           result=paginate(queries.pending(**filters), page_number()))


@bp.get("/credentials/<int:credential_id>", endpoint="credential")
def credential_page(credential_id, approve_form=None, reject_form=None, duplicate_form=None, revoke_form=None):
    """Everything the practitioner declared, the evidence, earlier versions, and the decision forms."""
    credential = db.get_or_404(Credential, credential_id)
    return render_template("admin/credential.html", credential=credential, versions=queries.history(credential),
                           approve_form=approve_form or _approve_form(credential),
                           reject_form=reject_form or ReasonForm(), today=clock.today(),
                           revoke_form=revoke_form or ReasonForm(),
                           duplicates=queries.same_number_elsewhere(credential),
                           held=queries.held_elsewhere(credential),
                           unresolved=queries.unresolved_duplicates(credential),
                           resolutions=queries.resolutions(credential),
                           duplicate_form=duplicate_form or DuplicateForm())


def _approve_form(credential):
    """The approve form with the evidence's expiry and, for a registration, the register it must be checked on."""
    register = issuers.expected_register(credential.issuer, credential.issuer_state) \
        if credential.kind == CredentialKind.REGISTRATION.value else None
    return ApproveForm(expires_on=credential.expires_on, register=register)


@bp.post("/credentials/<int:credential_id>/approve")
def approve(credential_id):
    """Verify a credential with its expiry and next-check date."""
    credential, form = db.get_or_404(Credential, credential_id), ApproveForm()
    return decision_made(form, lambda: services.approve(credential, current_user, form.next_check_on.data,
                                                        form.expires_on.data, clock.today(), form.register_check()),
                         f"Verified {describe(credential)}; the practitioner has been told.", url_for(".queue"),
                         lambda form: credential_page(credential_id, approve_form=form))


@bp.post("/credentials/<int:credential_id>/resolve-duplicate")
def resolve_duplicate(credential_id):
    """Let a registration be verified although another practitioner holds its number, with a written reason."""
    credential, form = db.get_or_404(Credential, credential_id), DuplicateForm()
    page = url_for(".credential", credential_id=credential_id)
    return decision_made(form, lambda: services.resolve_duplicate(credential, current_user, form.resolution.data),
                         "Duplicate resolved; you can now verify this credential.", page,
                         lambda form: credential_page(credential_id, duplicate_form=form))


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
