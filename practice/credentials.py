"""The practitioner's credentials: add one with evidence, change it (a new version), see its history.

Another practitioner's credential answers 404, exactly like one that does not exist.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from accounts.roles import role_required
from core import clock
from core.uploads import send_document
from credentials import queries, services
from credentials.forms import CredentialForm
from credentials.issuers import US_BOARD_TYPES
from practice.access import profile_required
from practice.blueprint import bp
from practice.pages import form_page

SENT = "Thank you. Verity's admins will check the evidence; we email you when they have."


def own_or_404(practitioner, credential_id: int):
    """The practitioner's own credential, or a 404 for anything else."""
    credential = queries.owned_credential(practitioner, credential_id)
    if credential is None:
        abort(404)
    return credential


@bp.get("/credentials/")
@role_required("practitioner")
@profile_required
def credentials(practitioner):
    """The latest version of each credential, with its review state."""
    return render_template("practice/credentials.html", practitioner=practitioner,
                           credentials=queries.latest_versions(practitioner), today=clock.today())


@bp.route("/credentials/new", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def add_credential(practitioner):
    """Declare a new credential and upload its evidence."""
    form = CredentialForm()
    return form_page("practice/credential_form.html", form, lambda: services.submit(
        practitioner, form.declaration(), form.upload(), current_user, clock.today()), SENT, ".credentials",
        credential=None, board_types=US_BOARD_TYPES)


@bp.route("/credentials/<int:credential_id>/change", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def change_credential(practitioner, credential_id):
    """Change a credential: the change is a new version for review, the old one is kept."""
    credential = own_or_404(practitioner, credential_id)
    if queries.successor_of(credential) is not None:
        flash("That is an older version; this is the latest.", "info")
        return redirect(url_for(".credential", credential_id=queries.latest_of(credential).id))
    form = CredentialForm(data=queries.declaration_of(credential), document_required=False)
    return form_page("practice/credential_form.html", form, lambda: services.revise(
        credential, form.declaration(), form.upload(), current_user, clock.today()), SENT, ".credentials",
        credential=credential, board_types=US_BOARD_TYPES)


@bp.get("/credentials/<int:credential_id>")
@role_required("practitioner")
@profile_required
def credential(practitioner, credential_id):
    """Every version of a credential, newest first, with what was decided about each."""
    credential = queries.latest_of(own_or_404(practitioner, credential_id))
    return render_template("practice/credential.html", credential=credential,
                           versions=queries.history(credential), today=clock.today())


@bp.get("/credentials/<int:credential_id>/document")
@role_required("practitioner")
@profile_required
def credential_document(practitioner, credential_id):
    """Download the evidence of one's own credential; nobody else's."""
    credential = own_or_404(practitioner, credential_id)
    if not credential.document_name:
        abort(404)
    return send_document(credential.document_name, queries.download_name(credential), credential.document_mime_type)
