"""The patient's review pages: write a review from the emailed link, and the reviews policy.

The signed, single-use link is the key, like booking's emailed links: it names the attended booking,
and the review is the booking's patient's. Posting it uses the link up.
"""
from flask import Blueprint, flash, redirect, render_template, url_for

from booking.models import Booking
from core import clock
from core.extensions import db
from core.refusal import Refusal, put_on_form
from reviews import links, rules, services
from reviews.forms import ReviewForm

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
THANKS = {
    True: ("Thank you: your review is published below.", "success"),
    False: ("Thank you. Your review is held, not yet published: part of it reads like a medical claim about a "
            "treatment, which we may publish only after a person has checked it. We will email you when we have "
            "decided.", "info"),
}


@bp.route("/write/<token>", methods=["GET", "POST"])
def write(token: str):
    """The review form for the booking the link names; posting publishes it, or holds it for an admin."""
    now = clock.now()
    try:
        request = links.read_token(token, now)
    except links.LinkInvalid as invalid:
        return render_template("reviews/link_invalid.html", message=str(invalid)), 410
    booking = db.session.get(Booking, request.booking_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            review = services.post_review(booking, booking.patient, form.stars.data, form.text.data, now)
        except Refusal as refusal:
            db.session.rollback()
            put_on_form(form, refusal)
        else:
            db.session.commit()
            flash(*THANKS[review.shown])
            return redirect(url_for("directory.profile", slug=booking.practitioner.slug) + "#reviews")
    return render_template("reviews/write.html", form=form, booking=booking,
                           month=rules.local_date(booking.starts_at, booking.time_zone))


@bp.get("/policy")
def policy():
    """How reviews work on Verity: who may write one, what we check, what we remove and why, and what we never do."""
    return render_template("reviews/policy.html", reasons=rules.REMOVAL_REASONS, link_days=rules.LINK_DAYS,
                           text_min=rules.TEXT_MIN, text_max=rules.TEXT_MAX)
