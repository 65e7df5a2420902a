"""The practitioner's reviews: read them, reply once to each, or report one to an admin under the written policy.

There is no delete or hide: a practitioner answers a review, or asks an admin to check it. Another
practitioner's review answers 404, like one that does not exist.
"""
from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from accounts.roles import role_required
from core import clock
from core.forms import carry_out
from practice.access import profile_required
from practice.blueprint import bp
from reviews import queries, services
from reviews.forms import ReplyForm, ReportForm
from reviews.queries import ratings_for


@bp.get("/reviews")
@role_required("practitioner")
@profile_required
def reviews(practitioner):
    """Every review of the practice, newest first, each with a link to reply or report."""
    return render_template("practice/reviews.html", practitioner=practitioner,
                           reviews=queries.practitioner_reviews(practitioner.id),
                           rating=ratings_for([practitioner.id])[practitioner.id])


@bp.get("/reviews/<int:review_id>")
@role_required("practitioner")
@profile_required
def review(practitioner, review_id: int):
    """One review, with the reply form (until replied) and the report form."""
    return _review_page(queries.own_review(practitioner, review_id) or abort(404))


def _review_page(found, reply_form=None, report_form=None):
    """A review's page; a refused form is shown again with its problems."""
    return render_template("practice/review.html", review=found, reply_form=reply_form or ReplyForm(),
                           report_form=report_form or ReportForm())


def _act(practitioner, review_id: int, form, name: str, change, success: str):
    """Carry out a reply or report on the practitioner's own review, or show its page again with the refusal."""
    found = queries.own_review(practitioner, review_id) or abort(404)
    if form.validate_on_submit() and carry_out(form, lambda: change(found), success):
        return redirect(url_for(".review", review_id=found.id))
    return _review_page(found, **{name: form})


@bp.post("/reviews/<int:review_id>/reply")
@role_required("practitioner")
@profile_required
def reply_review(practitioner, review_id: int):
    """Reply once, publicly, under a review."""
    form = ReplyForm()
    return _act(practitioner, review_id, form, "reply_form", lambda review: services.reply(
        review, practitioner, current_user, form.text.data, clock.now()), "Your reply is published under the review.")


@bp.post("/reviews/<int:review_id>/report")
@role_required("practitioner")
@profile_required
def report_review(practitioner, review_id: int):
    """Ask an admin to check a review against the policy; it stays shown until they decide."""
    form = ReportForm()
    return _act(practitioner, review_id, form, "report_form", lambda review: services.report(
        review, practitioner, current_user, form.reason.data, form.note.data, clock.now()),
        "Thank you: an admin will check the review against the policy. It stays shown until they decide.")
