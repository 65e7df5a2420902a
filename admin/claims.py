"""The claims moderation queue: texts the claims checker was unsure of, and an admin's approval or refusal."""
from flask import render_template, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.forms import ClaimApproveForm, ClaimRefuseForm
from admin.pages import decision_made
from compliance import moderation
from compliance.claims import REVIEW_AT, check_text
from compliance.models import ClaimReview
from core.extensions import db


@bp.get("/claims")
def claims():
    """Texts waiting for an admin, oldest first."""
    return render_template("admin/claims.html", waiting=moderation.waiting(), names=moderation.KIND_NAMES)


@bp.get("/claims/<int:review_id>", endpoint="claim")
def claim_page(review_id, approve_form=None, refuse_form=None):
    """One text: the phrases found highlighted, their rules and suggestions, the model's score, and the decision."""
    review = db.get_or_404(ClaimReview, review_id)
    countries = sorted({c.country for c in review.practitioner.clinics})
    approve_form = approve_form or ClaimApproveForm(seen=review.text_hash)
    refuse_form = refuse_form or ClaimRefuseForm(seen=review.text_hash)
    return render_template("admin/claim.html", review=review, verdict=check_text(review.text, countries),
                           countries=countries, names=moderation.KIND_NAMES, review_at=REVIEW_AT, approve_form=approve_form,
                           refuse_form=refuse_form)


@bp.post("/claims/<int:review_id>/approve")
def approve_claim(review_id):
    """Let patients read the text; the practitioner is emailed."""
    return _decision(review_id, ClaimApproveForm(), moderation.approve, "Approved; {name} has been told.",
                     "approve_form")


@bp.post("/claims/<int:review_id>/refuse")
def refuse_claim(review_id):
    """Keep the text hidden; the reason is emailed to the practitioner."""
    return _decision(review_id, ClaimRefuseForm(), moderation.refuse,
                     "Refused; the reason was emailed to {name}.", "refuse_form")


def _decision(review_id, form, decide, success: str, form_name: str):
    """Carry out an admin's decision on one text, or show its page again with the form's problems."""
    review = db.get_or_404(ClaimReview, review_id)
    return decision_made(form, lambda: decide(review, current_user, form.seen.data, form.reason.data),
                         success.format(name=review.practitioner.name), url_for(".claims"),
                         lambda form: claim_page(review_id, **{form_name: form}))
