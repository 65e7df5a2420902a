"""The treatments a practitioner lists: add one from the catalogue, change its terms, stop offering it."""
from flask import abort, flash, redirect, url_for
from flask_login import current_user

from accounts.roles import role_required
from compliance.consistency import ProposedOffering, refuse_conflicts
from core.extensions import db
from directory import offerings, services
from directory.models import Offering, Practitioner, Treatment
from directory.queries import own_offering, treatment_choices
from licensing.restriction import refuse_unlicensed
from practice.access import profile_required
from practice.blueprint import bp
from practice.forms import NewOfferingForm, OfferingForm, countries_of
from practice.pages import confirmed, form_page


def _add(practitioner: Practitioner, treatment: Treatment, details: offerings.OfferingDetails) -> Offering:
    """Add the offering unless it contradicts the practitioner's exosome declaration (compliance/consistency.py)."""
    refuse_conflicts(practitioner, offering=ProposedOffering(treatment, details.description))
    refuse_unlicensed(practitioner, treatment)
    return services.add_offering(practitioner, treatment, details, actor=current_user)


def _update(offering: Offering, details: offerings.OfferingDetails) -> Offering:
    """Save the offering's terms unless its text contradicts the practitioner's exosome declaration."""
    refuse_conflicts(offering.practitioner, offering=ProposedOffering(
        offering.treatment, details.description, offering.includes_exosome_adjunct))
    return services.update_offering(offering, details, actor=current_user)


@bp.route("/treatments/new", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def add_offering(practitioner):
    """List a treatment from the catalogue with a price and duration."""
    if not practitioner.clinics:
        flash("Add a clinic first: its country decides whether your prices are in pounds or dollars.", "info")
        return redirect(url_for(".add_clinic"))
    form = NewOfferingForm(currency=offerings.currency_for(practitioner), countries=countries_of(practitioner))
    form.offer(treatment_choices(practitioner))
    return form_page("practice/offering_form.html", form, lambda: _add(
        practitioner, db.get_or_404(Treatment, form.treatment.data), form.details()),
        lambda offering: f"{offering.treatment.name} is added to your treatments.", offering=None,
        practitioner=practitioner)


@bp.route("/treatments/<int:offering_id>", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def edit_offering(practitioner, offering_id):
    """Change the price, duration or notes of a listed treatment."""
    offering = own_offering(practitioner, offering_id) or abort(404)
    form = OfferingForm(currency=offering.currency, obj=offering, countries=countries_of(practitioner),
                        price=offerings.money_input(offering.price_from_minor))
    return form_page("practice/offering_form.html", form,
                     lambda: _update(offering, form.details()),
                     f"{offering.treatment.name} is saved.", offering=offering, practitioner=practitioner)


@bp.route("/treatments/<int:offering_id>/delete", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def remove_offering(practitioner, offering_id):
    """Ask, then stop offering a treatment."""
    offering = own_offering(practitioner, offering_id) or abort(404)
    name = offering.treatment.name
    return confirmed(lambda: services.remove_offering(offering, actor=current_user),
                     f"{name} is removed from your treatments.", "Remove", name,
                     "Patients will no longer see this treatment on your profile.")

