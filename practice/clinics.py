"""The practitioner's clinics: check an address on a map preview, add one, change one, delete one (never the last)."""
from flask import abort, render_template, request
from flask_login import current_user

from accounts.roles import role_required
from core.refusal import Refusal, put_on_form
from directory import clinics, services
from directory.queries import own_clinic
from practice.access import profile_required
from practice.blueprint import bp
from practice.forms import ClinicForm
from practice.pages import confirmed, form_page
from practice.pin_map import pin_map

TEMPLATE = "practice/clinic_form.html"


def clinic_page(practitioner, clinic=None):
    """Show the clinic form; "Check address" previews the pin, "Save clinic" saves and goes back to the dashboard."""
    form = ClinicForm(obj=clinic)
    suggestions = []

    def show(form, refusal):
        """Put the refusal on the form, and keep the places it suggests instead."""
        put_on_form(form, refusal)
        suggestions.extend(refusal.extra.get("suggestions", ()))

    context = {"clinic": clinic, "suggestions": suggestions}
    if form.check.data:  # "Check address": nothing is saved
        preview = form.validate_on_submit() and previewed(form, clinic, show)
        return render_template(TEMPLATE, form=form, preview=preview or None, **context)
    preview = previewed(form, clinic, show) if clinic is not None and request.method == "GET" else None
    return form_page(TEMPLATE, form, lambda: services.save_clinic(practitioner, form.details(), clinic,
                                                                 actor=current_user),
                     lambda saved: f"{saved.name} is saved.", show=show, preview=preview, **context)


def previewed(form, clinic, show):
    """The map preview of the address on the form, or None with the address check's refusal shown on it."""
    try:
        return pin_map(clinics.checked_address(clinics.tidy(form.details()), clinic))
    except Refusal as refusal:
        show(form, refusal)
        return None


@bp.route("/clinics/new", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def add_clinic(practitioner):
    """Add a clinic."""
    return clinic_page(practitioner)


@bp.route("/clinics/<int:clinic_id>", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def edit_clinic(practitioner, clinic_id):
    """Change one of the practitioner's clinics."""
    return clinic_page(practitioner, own_clinic(practitioner, clinic_id) or abort(404))


@bp.route("/clinics/<int:clinic_id>/delete", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def delete_clinic(practitioner, clinic_id):
    """Ask, then delete one of the practitioner's clinics; refused for the last one."""
    clinic = own_clinic(practitioner, clinic_id) or abort(404)
    return confirmed(lambda: services.delete_clinic(clinic, actor=current_user), f"{clinic.name} is deleted.",
                     "Delete", clinic.name, "Patients will no longer find you at this address.")
