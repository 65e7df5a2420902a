"""The patient's "report a problem": urgent signs first, then what happened; and the report's own page.

Only the booking's own patient may report (another's booking answers 404, like one that does not exist).
A step the form never sends, or input it cannot read, goes back to the first step with a message.
"""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.roles import role_required
from booking import queries as booking_queries
from complications import queries, rules, services
from complications.forms import DETAILS, SIGNS, ProblemDetailsForm, UrgentSignsForm
from core import clock
from core.forms import carry_out
from core.refusal import Refusal, put_on_form

bp = Blueprint("complications", __name__)
START_AGAIN = "Something went wrong with the form. Please start again: do you have any of these signs now?"
SENT = "Your report is sent to {practitioner} and the Verity team."


def _own(booking_id: int):
    """The logged-in patient's booking, or 404."""
    return booking_queries.patients_booking(current_user, booking_id) or abort(404)


@bp.route("/bookings/<int:booking_id>/problem", methods=["GET", "POST"])
@role_required("patient")
def report(booking_id: int):
    """Ask about the urgent signs; any of them stores the report at once, none asks what happened."""
    booking = _own(booking_id)
    step = request.form.get("step") if request.method == "POST" else None
    if step == DETAILS:
        return _details(booking)
    if step == SIGNS:
        return _signs(booking)
    form = UrgentSignsForm(formdata=None)
    if request.method == "POST":
        form.form_errors.append(START_AGAIN)
    return _signs_page(booking, form)


def _signs_page(booking, form):
    """Step 1: the urgent signs."""
    return render_template("complications/signs.html", booking=booking, form=form)


def _details_page(booking, form):
    """Step 2: what happened and since when."""
    return render_template("complications/details.html", booking=booking, form=form)


def _stored(booking, form):
    """Store the report from a form; its page on success, else None (the refusal is on the form)."""
    made = {}

    def change():
        made["report"] = services.report(booking, current_user, form.entry(), clock.now())
        return made["report"]

    if carry_out(form, change, SENT.format(practitioner=booking.practitioner.name)):
        return redirect(url_for(".problem", report_id=made["report"].id))
    return None


def _signs(booking):
    """Step 1 answered: urgent signs are stored at once; none moves on to what happened."""
    form = UrgentSignsForm()
    if not form.validate_on_submit():  # only the form's token can fail here
        form.form_errors.append(START_AGAIN)
        return _signs_page(booking, form)
    try:
        signs = services.check_signs(form.urgent_signs.data or ())
    except Refusal as refusal:
        put_on_form(form, refusal)
        return _signs_page(booking, form)
    if not signs:
        return _details_page(booking, ProblemDetailsForm(formdata=None))
    return _stored(booking, form) or _signs_page(booking, form)


def _details(booking):
    """Step 2 answered: store the report, or show what to correct."""
    form = ProblemDetailsForm()
    if form.validate_on_submit():
        return _stored(booking, form) or _details_page(booking, form)
    return _details_page(booking, form)


@bp.get("/problems/<int:report_id>")
@role_required("patient")
def problem(report_id: int):
    """The patient's report: who to call now if it is urgent, where it stands, and the regulator's form summary."""
    found = queries.patients_report(current_user, report_id) or abort(404)
    booking = found.booking
    phone = booking.clinic.phone if booking.clinic is not None else ""
    return render_template("complications/report.html", booking=booking, problem=found,
                           route=rules.route_for(found.country), phone=phone, tel=rules.tel_href(phone),
                           signs=rules.signs_named(found.urgent_signs),
                           regulator_text=rules.regulator_summary(found, booking, services.appointment_day(booking)))
