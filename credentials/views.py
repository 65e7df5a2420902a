"""The practitioner's credentials: add one with evidence, change it (a new version), see its history.

Another practitioner's credential answers 404, exactly like one that does not exist.
"""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from credentials import services
from credentials.forms import CredentialForm
from credentials.issuers import US_BOARD_TYPES
from core.uploads import send_document
from core.extensions import db
from accounts.roles import role_required
from practice.access import profile_required
from core import clock

bp = Blueprint("credentials", __name__, url_prefix="/practice/credentials")


def own_or_404(practitioner, credential_id: int):
    """The practitioner's own credential, or a 404 for anything else."""
    credential = services.owned_credential(practitioner, credential_id)
    if credential is None:
        abort(404)
    return credential


def save(form, change):
    """Run a submit or revise, putting a refusal on its field; return the credential or None."""
    try:
        credential = change()
    except services.CredentialError as error:
        db.session.rollback()
        (form[error.field].errors if error.field in form else form.form_errors).append(error.message)
        return None
    db.session.commit()
    flash("Thank you. Verity's admins will check the evidence; we email you when they have.", "success")
    return credential


@bp.get("/")
@role_required("practitioner")
@profile_required
def index(practitioner):
    """The latest version of each credential, with its review state."""
    return render_template("credentials/index.html", practitioner=practitioner,
                           credentials=services.latest_versions(practitioner), today=clock.today())


@bp.route("/new", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def add(practitioner):
    """Declare a new credential and upload its evidence."""
    form = CredentialForm()
    if form.validate_on_submit() and save(form, lambda: services.submit(
            practitioner, form.declaration(), form.upload(), current_user, clock.today())):
        return redirect(url_for(".index"))
    return render_template("credentials/form.html", form=form, credential=None, board_types=US_BOARD_TYPES)


@bp.route("/<int:credential_id>/change", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def change(practitioner, credential_id):
    """Change a credential: the change is a new version for review, the old one is kept."""
    credential = own_or_404(practitioner, credential_id)
    if services.successor_of(credential) is not None:
        flash("That is an older version; this is the latest.", "info")
        return redirect(url_for(".detail", credential_id=services.latest_of(credential).id))
    form = CredentialForm(data=services.declaration_of(credential), document_required=False)
    if form.validate_on_submit() and save(form, lambda: services.revise(
            credential, form.declaration(), form.upload(), current_user, clock.today())):
        return redirect(url_for(".index"))
    return render_template("credentials/form.html", form=form, credential=credential, board_types=US_BOARD_TYPES)


@bp.get("/<int:credential_id>")
@role_required("practitioner")
@profile_required
def detail(practitioner, credential_id):
    """Every version of a credential, newest first, with what was decided about each."""
    credential = services.latest_of(own_or_404(practitioner, credential_id))
    return render_template("credentials/detail.html", credential=credential,
                           versions=services.history(credential), today=clock.today())


@bp.get("/<int:credential_id>/document")
@role_required("practitioner")
@profile_required
def document(practitioner, credential_id):
    """Download the evidence of one's own credential; nobody else's."""
    credential = own_or_404(practitioner, credential_id)
    if not credential.document_name:
        abort(404)
    return send_document(credential.document_name, services.download_name(credential),
                         credential.document_mime_type)
