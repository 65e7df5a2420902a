"""The practitioner's licences (ENG-LICENCE): send one with its evidence, see what each treatment's tier needs,
name an overseer for amber-tier work, and answer requests to oversee someone else's.

Another practitioner's licence or request answers 404, exactly like one that does not exist. A POST that
cannot act shows the licences page again (200) with the reason.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from accounts.roles import role_required
from core import clock
from core.forms import carry_out
from core.uploads import send_document
from licensing import queries, services
from licensing.forms import LicenceForm, OversightAnswerForm, OverseerForm
from licensing.standing import standing
from practice.access import profile_required
from practice.blueprint import bp

SENT = "Thank you. Verity's admins will check the licence against its evidence."


def _page(practitioner, form=None, overseer_form=None):
    """The licences page, with a form as typed (and its problems) after a refusal."""
    today, known = clock.today(), {}
    needs = [(clinic, standing(practitioner, clinic, offering.treatment, today, known))
             for clinic in practitioner.clinics for offering in practitioner.offerings]
    return render_template(
        "practice/licences.html", form=form or LicenceForm(clinics=practitioner.clinics, today=today),
        overseer_form=overseer_form or OverseerForm(), answer_form=OversightAnswerForm(),
        licences=queries.licences_of(practitioner), needs=needs, today=today,
        oversight=queries.oversight_of(practitioner.id), asks=queries.oversight_asks(practitioner))


@bp.route("/licences/", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def licences(practitioner):
    """The practitioner's licences, what each offered treatment needs at each clinic, and the form to send one."""
    form = LicenceForm(clinics=practitioner.clinics, today=clock.today())
    if form.validate_on_submit() and carry_out(form, lambda: services.submit(
            practitioner, form.entry(), form.upload(), current_user, clock.today()), SENT):
        return redirect(url_for(".licences"))
    return _page(practitioner, form=form)


@bp.post("/licences/overseer")
@role_required("practitioner")
@profile_required
def name_overseer(practitioner):
    """Name an overseer for amber-tier work; it counts once they accept."""
    form = OverseerForm()
    if form.validate_on_submit() and carry_out(form, lambda: services.ask_overseer(
            practitioner, form.profile.data, current_user, clock.today()),
            lambda link: f"We have asked {link.overseer.name}; it counts once they accept."):
        return redirect(url_for(".licences"))
    return _page(practitioner, overseer_form=form)


@bp.post("/licences/oversight/<int:oversight_id>")
@role_required("practitioner")
@profile_required
def answer_oversight(practitioner, oversight_id):
    """Accept or decline a request to oversee someone's amber-tier work (requests made to oneself only)."""
    link = queries.asked_of(practitioner, oversight_id)
    if link is None:
        abort(404)
    form = OversightAnswerForm()
    accept = bool(form.accept.data)
    if form.validate_on_submit() and carry_out(form, lambda: services.answer_oversight(link, current_user, accept),
                                               "Thank you: your answer is saved."):
        return redirect(url_for(".licences"))
    flash(" ".join(form.form_errors) or "Your answer could not be saved; please try again.", "error")
    return _page(practitioner)


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
