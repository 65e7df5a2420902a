"""Reviews an admin must look at: held for a medical claim, or reported by the practitioner; and the decisions.

An admin publishes a held review, keeps a reported one, or removes either for a reason from the written
policy list with a note; every decision is in the audit trail shown on the review's page, and a removal
is emailed to the patient.
"""
from flask import render_template, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.pages import decision_made
from core import clock
from core.extensions import db
from reviews import queries, services
from reviews.forms import DecisionForm, RemoveForm, ReplyRefuseForm
from reviews.models import Review
from reviews.rules import REMOVAL_REASONS


@bp.get("/reviews")
def reviews():
    """Held and reported reviews, oldest first."""
    return render_template("admin/reviews.html", waiting=queries.waiting(), reasons=REMOVAL_REASONS)


@bp.get("/reviews/<int:review_id>", endpoint="review")
def review_page(review_id, **forms):
    """One review with its booking facts, its audit trail and the decisions open to an admin."""
    review = db.get_or_404(Review, review_id)
    blank = {name: DecisionForm() for name in ("publish_form", "keep_form", "reply_publish_form")}
    blank.update(remove_form=RemoveForm(), reply_refuse_form=ReplyRefuseForm())
    return render_template("admin/review.html", review=review, trail=queries.trail(review.id),
                           reasons=REMOVAL_REASONS, **{**blank, **forms})


def _decide(review_id, form, change, success: str, form_name: str):
    """Carry out one decision on a review, or show its page again with the form's problems."""
    review = db.get_or_404(Review, review_id)
    return decision_made(form, lambda: change(review, form), success, url_for(".reviews"),
                         lambda form: review_page(review_id, **{form_name: form}))


@bp.post("/reviews/<int:review_id>/publish")
def publish_review(review_id):
    """Publish a held review: it is about the patient's experience, not a claim to keep from patients."""
    return _decide(review_id, DecisionForm(), lambda r, f: services.publish(r, current_user, f.note.data, clock.now()),
                   "Published; the patient has been told.", "publish_form")


@bp.post("/reviews/<int:review_id>/keep")
def keep_review(review_id):
    """Close a report: the review is within the policy and stays."""
    return _decide(review_id, DecisionForm(), lambda r, f: services.keep(r, current_user, f.note.data, clock.now()),
                   "Kept; the report is closed.", "keep_form")


@bp.post("/reviews/<int:review_id>/remove")
def remove_review(review_id):
    """Remove a review for a reason on the written list, with a note; the patient is emailed why."""
    return _decide(review_id, RemoveForm(), lambda r, f: services.remove(r, current_user, f.reason.data, f.note.data,
                                                                          clock.now()),
                   "Removed; the patient has been emailed the reason.", "remove_form")


@bp.post("/reviews/<int:review_id>/reply/publish")
def publish_reply(review_id):
    """Publish a held reply."""
    return _decide(review_id, DecisionForm(), lambda r, f: services.publish_reply(r, current_user, f.note.data,
                                                                                   clock.now()),
                   "The reply is published.", "reply_publish_form")


@bp.post("/reviews/<int:review_id>/reply/refuse")
def refuse_reply(review_id):
    """Refuse a held reply; the practitioner is emailed why and may write another."""
    return _decide(review_id, ReplyRefuseForm(), lambda r, f: services.refuse_reply(r, current_user, f.note.data,
                                                                                     clock.now()),
                   "The reply is refused; the practitioner has been emailed why.", "reply_refuse_form")
