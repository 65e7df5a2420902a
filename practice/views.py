"""The practitioner's own pages: profile, photo, clinics and treatments.

Another practitioner's clinic or treatment answers 404, exactly like one that does not exist,
so ids in URLs reveal nothing. Deletions show a confirmation page; only its POST deletes.
"""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, send_from_directory, url_for
from flask_login import current_user

from directory.models import Treatment
from credentials.services import current_credentials, registration_since
from directory.listing import is_listed
from directory.services import whole_years
from core.extensions import db
from practice import clinics, offerings, photos, services
from practice.forms import ClinicForm, ConfirmForm, NewOfferingForm, OfferingForm, ProfileForm
from accounts.roles import role_required
from practice.access import profile_required
from core import clock

bp = Blueprint("practice", __name__, url_prefix="/practice")


@bp.context_processor
def practice_helpers():
    """Helpers the practice templates share."""
    return {"money": offerings.format_money}


def show_refusal(form, error: services.PracticeError) -> None:
    """Put a refused change's message on the field it concerns, or on the form."""
    fields = {"lat": "pin_lat", "lon": "pin_lon"}
    name = fields.get(error.field, error.field)
    (form[name].errors if name in form else form.form_errors).append(error.message)
    db.session.rollback()


@bp.get("/")
@role_required("practitioner")
def dashboard():
    """The practitioner's overview: what to finish, their clinics and their treatments."""
    practitioner = services.practitioner_of(current_user)
    if practitioner is None:
        return render_template("practice/welcome.html")
    today = clock.today()
    return render_template("practice/dashboard.html", practitioner=practitioner,
                           checklist=services.completeness(practitioner),
                           years=whole_years(registration_since(practitioner, today), today),
                           listed=is_listed(practitioner, today),
                           credentials=current_credentials(practitioner, today))


@bp.route("/profile/new", methods=["GET", "POST"])
@role_required("practitioner")
def create_profile():
    """Create the practitioner's profile."""
    if services.practitioner_of(current_user) is not None:
        return redirect(url_for(".edit_profile"))
    form = ProfileForm(name=current_user.name)
    if form.validate_on_submit():
        try:
            services.create_profile(current_user, form.details(), form.upload())
        except services.PracticeError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your profile is created. Next, add the clinic where you see patients.", "success")
            return redirect(url_for(".dashboard"))
    return render_template("practice/profile_form.html", form=form, practitioner=None)


@bp.route("/profile", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def edit_profile(practitioner):
    """Change the practitioner's profile and photo."""
    form = ProfileForm(obj=practitioner)
    if form.validate_on_submit():
        try:
            unused_photo = services.update_profile(practitioner, form.details(), form.upload(),
                                                   form.remove_photo.data, actor=current_user)
        except services.PracticeError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            photos.discard(unused_photo)
            flash("Your profile is saved.", "success")
            return redirect(url_for(".dashboard"))
    return render_template("practice/profile_form.html", form=form, practitioner=practitioner)


@bp.get("/photos/<filename>")
def photo(filename):
    """Serve a practitioner photo; only names this site generated are served."""
    if not photos.is_photo_name(filename):
        abort(404)
    return send_from_directory(photos.folder(), filename, mimetype="image/jpeg", max_age=30 * 24 * 3600)


def clinic_page(practitioner, clinic=None):
    """Show the clinic form, or save it and go back to the dashboard."""
    form = ClinicForm(obj=clinic)
    suggestions = []
    if form.validate_on_submit():
        try:
            clinic, note = clinics.save_clinic(practitioner, form.details(), clinic, actor=current_user)
        except services.PracticeError as error:
            show_refusal(form, error)
            suggestions = error.suggestions
        else:
            db.session.commit()
            flash(note or f"{clinic.name} is saved.", "warning" if note else "success")
            return redirect(url_for(".dashboard"))
    return render_template("practice/clinic_form.html", form=form, clinic=clinic, suggestions=suggestions)


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
    return clinic_page(practitioner, clinics.own_clinic(practitioner, clinic_id) or abort(404))


@bp.route("/clinics/<int:clinic_id>/delete", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def delete_clinic(practitioner, clinic_id):
    """Ask, then delete one of the practitioner's clinics."""
    clinic = clinics.own_clinic(practitioner, clinic_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            clinics.delete_clinic(clinic, actor=current_user)
        except services.PracticeError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"{clinic.name} is deleted.", "success")
        return redirect(url_for(".dashboard"))
    return render_template("practice/confirm_delete.html", form=form, verb="Delete", thing=clinic.name,
                           consequence="Patients will no longer find you at this address.")


@bp.route("/treatments/new", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def add_offering(practitioner):
    """List a treatment from the catalogue with a price and duration."""
    if not practitioner.clinics:
        flash("Add a clinic first: its country decides whether your prices are in pounds or dollars.", "info")
        return redirect(url_for(".add_clinic"))
    form = NewOfferingForm(currency=offerings.currency_for(practitioner))
    form.offer(offerings.treatment_choices(practitioner))
    if form.validate_on_submit():
        try:
            offering = offerings.add_offering(practitioner, db.get_or_404(Treatment, form.treatment.data),
                                             form.details(), actor=current_user)
        except services.PracticeError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{offering.treatment.name} is added to your treatments.", "success")
            return redirect(url_for(".dashboard"))
    return render_template("practice/offering_form.html", form=form, offering=None, practitioner=practitioner)


@bp.route("/treatments/<int:offering_id>", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def edit_offering(practitioner, offering_id):
    """Change the price, duration or notes of a listed treatment."""
    offering = offerings.own_offering(practitioner, offering_id) or abort(404)
    form = OfferingForm(currency=offering.currency, obj=offering, price=offerings.money_input(offering.price_from_minor))
    if form.validate_on_submit():
        try:
            offerings.update_offering(offering, form.details(), actor=current_user)
        except services.PracticeError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{offering.treatment.name} is saved.", "success")
            return redirect(url_for(".dashboard"))
    return render_template("practice/offering_form.html", form=form, offering=offering, practitioner=practitioner)


@bp.route("/treatments/<int:offering_id>/delete", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def remove_offering(practitioner, offering_id):
    """Ask, then stop offering a treatment."""
    offering = offerings.own_offering(practitioner, offering_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = offering.treatment.name
        offerings.remove_offering(offering, actor=current_user)
        db.session.commit()
        flash(f"{name} is removed from your treatments.", "success")
        return redirect(url_for(".dashboard"))
    return render_template("practice/confirm_delete.html", form=form, verb="Remove",
                           thing=offering.treatment.name,
                           consequence="Patients will no longer see this treatment on your profile.")
