"""The practitioner's clinics: add one, change one, delete one (never the last)."""
from flask import abort
from flask_login import current_user

from accounts.roles import role_required
from core.refusal import put_on_form
from directory import services
from directory.queries import own_clinic
from practice.access import profile_required
from practice.blueprint import bp
from practice.forms import ClinicForm
from practice.pages import confirmed, form_page


def clinic_page(practitioner, clinic=None):
    """Show the clinic form, or save it and go back to the dashboard; a place not found offers suggestions."""
    form = ClinicForm(obj=clinic)
    suggestions = []

    def show(form, refusal):
        """Put the refusal on the form, and keep the places it suggests instead."""
        put_on_form(form, refusal)
        suggestions.extend(refusal.extra.get("suggestions", ()))

    return form_page("practice/clinic_form.html", form,
                     lambda: services.save_clinic(practitioner, form.details(), clinic, actor=current_user), saved,
                     show=show, clinic=clinic, suggestions=suggestions)


def saved(result) -> tuple[str, str]:
    """The message after a clinic is saved: a warning when its pin is only roughly placed."""
    clinic, note = result
    return (note, "warning") if note else (f"{clinic.name} is saved.", "success")


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
