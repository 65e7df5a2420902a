"""The patient's health questions: before booking a prescription-only treatment, and for a booking made.

Only the patient reaches these pages (another patient's booking is 404); the booking's practitioner
reads the answers under /practice (practice/intake_views.py). Every page is private, no-store.
"""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from accounts.roles import role_required
from booking import flow
from booking import queries as bookings
from core import clock
from core.extensions import db
from core.refusal import Refusal, put_on_form
from intake import crypto, queries, services
from intake.forms import QuestionnaireForm
from intake.pages import UNREADABLE_STATUS, private, rows

bp = Blueprint("intake", __name__)


def _save(form, service, *args) -> bool:
    """Call one service and commit; a refusal goes on the form."""
    try:
        service(*args)
    except Refusal as refusal:
        db.session.rollback()
        put_on_form(form, refusal)
        return False
    db.session.commit()
    return True


def _prefill(form, row) -> tuple[dict | None, str | None]:
    """Fill the form from saved answers (an audited read): the answers, or why they cannot be read."""
    try:
        data = services.read(row, current_user)
    except crypto.Unreadable as error:
        return None, str(error)
    form.fill(data["answers"])
    db.session.commit()
    return data, None


@bp.route("/practitioners/<slug>/book/health", methods=["GET", "POST"])
@role_required("patient")
def before_booking(slug: str):
    """Answer (or check) the health questions, then go back to confirm the chosen slot."""
    now = clock.now()
    practitioner = bookings.listed_practitioner(slug, now.date()) or abort(404)
    choice = flow.choose(practitioner, request.args.get("treatment"), request.args.get("clinic", type=int), None,
                         current_user, now)
    starts_at = flow.parse_instant(request.args.get("start"))
    if choice is None or starts_at is None:
        flash("Please choose a time from the list.", "error")
        return redirect(url_for("booking.start", slug=slug))
    back, form = flow.confirm_url(choice, starts_at), QuestionnaireForm()
    if form.validate_on_submit() and _save(form, services.save_draft, current_user, practitioner, form.answers(),
                                           now):
        flash("Thank you: your answers are saved. Now check the details and book.", "success")
        return redirect(back)
    last = queries.latest_of(current_user.id, practitioner.id)
    _, problem = _prefill(form, last) if request.method == "GET" and last is not None else (None, None)
    return private("intake/questionnaire.html", form=form, practitioner=practitioner, choice=choice, back=back,
                   checking=last is not None, problem=problem)


@bp.route("/bookings/<int:booking_id>/health", methods=["GET", "POST"])
@role_required("patient")
def booking_answers(booking_id: int):
    """The answers given for one of the patient's bookings; they can change them until the appointment."""
    now = clock.now()
    booking = bookings.patients_booking(current_user, booking_id) or abort(404)
    row, form = queries.of_booking(booking.id), QuestionnaireForm()
    editable = booking.is_active and booking.starts_at > now
    if request.method == "POST" and not editable:
        abort(409)
    if form.validate_on_submit() and _save(form, services.update_for_booking, booking, form.answers(), current_user,
                                           now):
        flash("Your health answers are saved. Your practitioner sees the new ones.", "success")
        return redirect(url_for("booking.detail", booking_id=booking.id))
    data, problem = _prefill(form, row) if request.method == "GET" and row is not None else (None, None)
    return private("intake/booking_answers.html", UNREADABLE_STATUS if problem else 200, form=form, booking=booking,
                   editable=editable, answered=row is not None, problem=problem, rows=rows(data))
