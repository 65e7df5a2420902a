"""The practitioner's licences (ENG-LICENCE): send one with its evidence, see what each treatment's tier needs.

Another practitioner's licence answers 404, exactly like one that does not exist.
"""
from flask import abort, render_template
from flask_login import current_user

from accounts.roles import role_required
from core import clock
from core.uploads import send_document
from licensing import queries, services
from licensing.forms import LicenceForm
from licensing.standing import standing
from practice.access import profile_required
from practice.blueprint import bp
from practice.pages import form_page

SENT = "Thank you. Verity's admins will check the licence against its evidence."


@bp.route("/licences/", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def licences(practitioner):
    """The practitioner's licences, what each offered treatment needs at each clinic, and the form to send one."""
    today = clock.today()
    form = LicenceForm(clinics=practitioner.clinics, today=today)
    needs = [(clinic, standing(practitioner, clinic, offering.treatment, today))
             for clinic in practitioner.clinics for offering in practitioner.offerings]
    return form_page("practice/licences.html", form, lambda: services.submit(
        practitioner, form.entry(), form.upload(), current_user, today), SENT, ".licences",
        licences=queries.licences_of(practitioner), needs=needs, today=today)


@bp.get("/licences/<int:licence_id>/document")
@role_required("practitioner")
@profile_required
def licence_document(practitioner, licence_id):
    """Download the evidence of one's own licence; nobody else's."""
    licence = queries.owned_licence(practitioner, licence_id)
    if licence is None:
        abort(404)
    return send_document(licence.document_name, licence.document_original_name or "licence",
                         licence.document_mime_type)
