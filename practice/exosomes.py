"""The practitioner's exosome declarations: their badge, a new declaration, and a check of their wording."""
from flask import render_template
from flask_login import current_user

from accounts.roles import role_required
from compliance import queries, services
from compliance.badge import badge_for
from compliance.claims import check_text
from compliance.forms import DeclarationForm, WordingForm, initial_data
from core import clock
from directory.queries import practitioner_of
from practice.access import profile_required
from practice.blueprint import bp
from practice.pages import form_page


@bp.get("/exosomes")
@role_required("practitioner")
@profile_required
def exosomes(practitioner):
    """The practitioner's badge, their current declaration and its history."""
    return render_template("practice/exosomes.html", practitioner=practitioner,
                           badge=badge_for(practitioner, clock.today()), declarations=queries.history(practitioner))


@bp.route("/exosomes/declare", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def declare_exosomes(practitioner):
    """Make a new declaration, starting from the current one; the old one stays in history."""
    form = DeclarationForm(practitioner, data=initial_data(queries.current_declaration(practitioner)))
    return form_page("practice/declare_exosomes.html", form, lambda: services.declare_from_form(
        practitioner, form.uses_exosomes.data == "yes", form.rows(), form.attested.data, form.statement.data or "",
        current_user), lambda _: "Your declaration is saved. Your badge now shows: " + badge_for(practitioner).label,
        ".exosomes", DeclarationForm.show_refusal, practitioner=practitioner)


@bp.route("/exosomes/check-wording", methods=["GET", "POST"])
@role_required("practitioner")
def check_wording():
    """Run text through the claims checker and show any flagged sentence highlighted (changes nothing)."""
    form = WordingForm()
    practitioner = practitioner_of(current_user)
    countries = sorted({c.country for c in practitioner.clinics}) if practitioner else None
    verdict = check_text(form.text.data, countries) if form.validate_on_submit() else None
    return render_template("practice/check_wording.html", form=form, verdict=verdict, countries=countries)
