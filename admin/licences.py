"""The licence queue (ENG-LICENCE): an admin verifies a licence against its evidence with its expiry, or rejects it."""
from flask import abort, render_template, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.pages import decision_made, page_number, paginate
from core import clock
from core.extensions import db
from core.uploads import send_document
from licensing import queries, services
from licensing.forms import LicenceApproveForm, LicenceRejectForm
from licensing.models import Licence


@bp.get("/licences")
def licences():
    """Licences waiting for review, oldest first."""
    return render_template("admin/licences.html", result=paginate(queries.pending(), page_number()))


@bp.get("/licences/<int:licence_id>", endpoint="licence")
def licence_page(licence_id, approve_form=None, reject_form=None):
    """What the practitioner sent, the evidence, and the decision forms."""
    licence = db.get_or_404(Licence, licence_id)
    return render_template("admin/licence.html", licence=licence, today=clock.today(),
                           approve_form=approve_form or LicenceApproveForm(expires_on=licence.expires_on),
                           reject_form=reject_form or LicenceRejectForm())


@bp.post("/licences/<int:licence_id>/approve")
def approve_licence(licence_id):
    """Verify a licence with the expiry its evidence shows."""
    licence, form = db.get_or_404(Licence, licence_id), LicenceApproveForm()
    return decision_made(form, lambda: services.approve(licence, current_user, form.expires_on.data, clock.today()),
                         f"Verified {licence.title}.", url_for(".licences"),
                         lambda form: licence_page(licence_id, approve_form=form))


@bp.post("/licences/<int:licence_id>/reject")
def reject_licence(licence_id):
    """Reject a licence; the practitioner reads the reason on their licences page."""
    licence, form = db.get_or_404(Licence, licence_id), LicenceRejectForm()
    return decision_made(form, lambda: services.reject(licence, current_user, form.reason.data),
                         f"Rejected {licence.title}.", url_for(".licences"),
                         lambda form: licence_page(licence_id, reject_form=form))


@bp.get("/licences/<int:licence_id>/document")
def licence_document(licence_id):
    """Download a licence's evidence."""
    licence = db.get_or_404(Licence, licence_id)
    if not licence.document_name:
        abort(404)
    return send_document(licence.document_name, licence.document_original_name or "licence",
                         licence.document_mime_type)
