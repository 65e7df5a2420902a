"""An admin's review of exosome declarations: the queue, one declaration, and marking it reviewed or sending it back."""
from flask import render_template, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.pages import decision_made
from compliance import queries, services
from compliance.badge import badge_for
from compliance.forms import DecisionForm, ReturnForm
from compliance.models import ExosomeDeclaration
from core import clock
from core.extensions import db


@bp.get("/declarations")
def declarations():
    """Declarations of exosome products waiting for review, oldest first, and recent decisions."""
    return render_template("admin/declarations.html", waiting=queries.waiting(), decided=queries.recently_decided())


@bp.get("/declarations/<int:declaration_id>", endpoint="declaration")
def declaration_page(declaration_id, return_form=None, decision_form=None):
    """One declaration, for review: products, evidence, badge, history and the decision forms."""
    declaration = db.get_or_404(ExosomeDeclaration, declaration_id)
    practitioner = declaration.practitioner
    return render_template("admin/declaration.html", declaration=declaration, practitioner=practitioner,
                           badge=badge_for(practitioner, clock.today()), history=queries.history(practitioner),
                           missing=queries.missing_evidence(declaration), return_form=return_form or ReturnForm(),
                           decision_form=decision_form or DecisionForm())


@bp.post("/declarations/<int:declaration_id>/review")
def review_declaration(declaration_id):
    """Mark a declaration's evidence reviewed; the practitioner is emailed."""
    declaration, form = db.get_or_404(ExosomeDeclaration, declaration_id), DecisionForm()
    return decision_made(form, lambda: services.mark_reviewed(declaration, current_user),
                         f"Marked reviewed; {declaration.practitioner.name} has been told.", url_for(".declarations"),
                         lambda form: declaration_page(declaration_id, decision_form=form))


@bp.post("/declarations/<int:declaration_id>/return")
def return_declaration(declaration_id):
    """Send a declaration back; the reason is emailed to the practitioner."""
    declaration, form = db.get_or_404(ExosomeDeclaration, declaration_id), ReturnForm()
    return decision_made(form, lambda: services.send_back(declaration, current_user, form.reason.data),
                         f"Sent back to {declaration.practitioner.name}; the reason was emailed.",
                         url_for(".declarations"), lambda form: declaration_page(declaration_id, return_form=form))
