"""Compliance pages: a practitioner's exosome declarations, the admin review, and the public badge page."""
import smtplib
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from compliance import review, services
from compliance.badge import badge_for
from compliance.claims import check_text, rules_for, segments
from compliance.forms import DecisionForm, DeclarationForm, ReturnForm, WordingForm, initial_data
from compliance.models import ComplianceDocument, ExosomeDeclaration, Route, Source
from compliance.rules import RULES, rules_for_countries
from directory.services import listed_profile_or_404
from core.uploads import send_document
from core.extensions import db
from practice.services import practitioner_of
from accounts.roles import role_required
from practice.access import profile_required as own_profile
from core import clock

bp = Blueprint("compliance", __name__)
bp.add_app_template_global(segments, "claim_segments")
bp.add_app_template_global(rules_for, "claim_rules")
MAIL_FAILED = "The email to the practitioner could not be sent, so nothing was changed. Please try again."


def put_on_form(form, error: services.ComplianceError) -> None:
    """Show a refusal beside the field it concerns, or at the top of the form."""
    db.session.rollback()
    target = form.field_named(error.field) if hasattr(form, "field_named") else form._fields.get(error.field or "")
    (target.errors if target is not None else form.form_errors).append(error.message)


@bp.get("/practice/exosomes")
@role_required("practitioner")
@own_profile
def practice_overview(practitioner):
    """The practitioner's badge, their current declaration and its history."""
    return render_template("compliance/practice_overview.html", practitioner=practitioner,
                           badge=badge_for(practitioner, clock.today()), declarations=services.history(practitioner))


@bp.route("/practice/exosomes/declare", methods=["GET", "POST"])
@role_required("practitioner")
@own_profile
def declare(practitioner):
    """Make a new declaration, starting from the current one; the old one stays in history."""
    form = DeclarationForm(practitioner, data=initial_data(services.current_declaration(practitioner)))
    if form.validate_on_submit():
        try:
            services.declare_from_form(practitioner, form.uses_exosomes.data == "yes", form.rows(),
                                       form.attested.data, form.statement.data or "", current_user)
        except services.ComplianceError as error:
            put_on_form(form, error)
        else:
            db.session.commit()
            flash("Your declaration is saved. Your badge now shows: " + badge_for(practitioner).label, "success")
            return redirect(url_for(".practice_overview"))
    return render_template("compliance/declare.html", form=form, practitioner=practitioner)


@bp.route("/practice/exosomes/check-wording", methods=["GET", "POST"])
@role_required("practitioner")
def check_wording():
    """Run text through the claims checker and show any flagged sentence highlighted (changes nothing)."""
    form = WordingForm()
    verdict = check_text(form.text.data) if form.validate_on_submit() else None
    practitioner = practitioner_of(current_user)
    countries = sorted({c.country for c in practitioner.clinics}) if practitioner else None
    return render_template("compliance/check_wording.html", form=form, verdict=verdict, countries=countries)


@bp.get("/compliance/documents/<int:document_id>")
@role_required("practitioner", "admin")
def document(document_id):
    """Download an evidence document: its owner and admins only; anyone else gets a 404."""
    document = db.session.get(ComplianceDocument, document_id)
    if document is None or not review.may_download(current_user, document):
        abort(404)
    return send_document(document.stored_name, document.original_name, document.mime_type)


@bp.get("/admin/declarations")
@role_required("admin")
def admin_queue():
    """Declarations of exosome products waiting for review, oldest first, and recent decisions."""
    return render_template("compliance/admin_queue.html", waiting=review.waiting(),
                           decided=review.recently_decided())


def declaration_page(declaration, return_form=None, decision_form=None):
    """The admin's view of a declaration: products, evidence, badge, history and decision forms."""
    practitioner = declaration.practitioner
    return render_template("compliance/admin_declaration.html", declaration=declaration, practitioner=practitioner,
                           badge=badge_for(practitioner, clock.today()), history=services.history(practitioner),
                           missing=review.missing_evidence(declaration), return_form=return_form or ReturnForm(),
                           decision_form=decision_form or DecisionForm())


@bp.get("/admin/declarations/<int:declaration_id>")
@role_required("admin")
def admin_declaration(declaration_id):
    """One declaration, for review."""
    return declaration_page(db.get_or_404(ExosomeDeclaration, declaration_id))


def decide(form, decision, success: str) -> bool:
    """Carry out a decision and commit it, or show its refusal on the form; True when it was made."""
    try:
        decision()
    except services.ComplianceError as error:
        put_on_form(form, error)
        return False
    except (OSError, smtplib.SMTPException):
        db.session.rollback()
        form.form_errors.append(MAIL_FAILED)
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.post("/admin/declarations/<int:declaration_id>/review")
@role_required("admin")
def admin_review(declaration_id):
    """Mark a declaration's evidence reviewed; the practitioner is emailed."""
    declaration = db.get_or_404(ExosomeDeclaration, declaration_id)
    form = DecisionForm()
    if form.validate_on_submit() and decide(form, lambda: review.mark_reviewed(declaration, current_user),
                                            f"Marked reviewed; {declaration.practitioner.name} has been told."):
        return redirect(url_for(".admin_queue"))
    return declaration_page(declaration, decision_form=form)


@bp.post("/admin/declarations/<int:declaration_id>/return")
@role_required("admin")
def admin_return(declaration_id):
    """Send a declaration back; the reason is emailed to the practitioner."""
    declaration = db.get_or_404(ExosomeDeclaration, declaration_id)
    form = ReturnForm()
    if form.validate_on_submit() and decide(form, lambda: review.send_back(declaration, current_user, form.reason.data),
                                            f"Sent back to {declaration.practitioner.name}; the reason was emailed."):
        return redirect(url_for(".admin_queue"))
    return declaration_page(declaration, return_form=form)


@bp.get("/practitioners/<slug>/compliance")
def explanation(slug: str):
    """What a practitioner's badge means: each rule in plain words, what they declared, and when."""
    today = clock.today()
    practitioner = listed_profile_or_404(slug, today)
    badge = badge_for(practitioner, today)
    return render_template("compliance/explanation.html", practitioner=practitioner, badge=badge,
                           rules=rules_for_countries(badge.countries), all_rules=RULES)


@bp.app_template_filter("source_label")
def source_label(value: str) -> str:
    """'human' -> 'Human-derived'."""
    return Source(value).label


@bp.app_template_filter("route_label")
def route_label(value: str) -> str:
    """'iv' -> 'Intravenous (IV) infusion'."""
    return Route(value).label
