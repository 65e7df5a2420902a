"""Compliance pages for everyone: the public page explaining a badge, and evidence downloads for its owner and admins.

The practitioner's own exosome pages are in practice/exosomes.py, the admins' review in admin/declarations.py.
"""
from flask import Blueprint, abort, render_template
from flask_login import current_user

from accounts.roles import role_required
from compliance.badge import badge_for
from compliance.claims import rules_for, segments
from compliance.moderation import held_texts, may_show, review_of
from compliance.models import ComplianceDocument, Route, Source
from compliance.queries import may_download
from compliance.rules import RULES, rules_for_countries
from core import clock
from core.extensions import db
from core.uploads import send_document
from directory.services import listed_profile_or_404

bp = Blueprint("compliance", __name__)
bp.add_app_template_global(segments, "claim_segments")
bp.add_app_template_global(rules_for, "claim_rules")
bp.add_app_template_global(may_show, "text_shown")  # patients read a text only when this says so
bp.add_app_template_global(held_texts, "held_texts")
bp.add_app_template_global(review_of, "text_review")  # a practitioner's texts waiting for review or refused


@bp.get("/compliance/documents/<int:document_id>")
@role_required("practitioner", "admin")
def document(document_id):
    """Download an evidence document: its owner and admins only; anyone else gets a 404."""
    document = db.session.get(ComplianceDocument, document_id)
    if document is None or not may_download(current_user, document):
        abort(404)
    return send_document(document.stored_name, document.original_name, document.mime_type)


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
