"""The practitioner's booking pages under /practice/booking: rules, hours, time off, agenda, feed.

Each change calls one booking service and commits once; a refusal is shown on the form. Another
practitioner's clinic, treatment, date, time off or booking answers 404, like one that does not
exist. Every change is a POST with a CSRF token.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.roles import role_required
from accounts.views import safe_next
from booking import queries, services
from booking.emails import announce
from booking.forms import ActionForm, CancellationPolicyForm, ClinicBookingForm, OfferingRulesForm, OverrideForm, \
    PractitionerCancelForm, TimeOffForm
from booking.policy import policy_of
from booking.schedule import WEEKDAYS, time_off_range
from core import clock
from core.extensions import db
from core.refusal import Refusal, put_on_form
from practice import booking_pages as pages
from practice.access import profile_required
from directory.queries import own_clinic, own_offering

bp = Blueprint("booking_practice", __name__, url_prefix="/practice/booking")
REFUSED = object()  # what `_run` returns when the rules said no


def practitioner_required(view):
    """Allow practitioners with a profile; pass the profile to the view."""
    return role_required("practitioner")(profile_required(view))


def _run(form, service, *args):
    """Call one service and commit; on a refusal drop the half-made change, show why on the form, return REFUSED."""
    try:
        result = service(*args)
    except Refusal as refusal:
        db.session.rollback()
        put_on_form(form, refusal)
        return REFUSED
    db.session.commit()
    return result


def _button(back: str, done: str, service, *args):
    """A one-button POST (remove, rotate): check its token, call the service, commit and go back."""
    if not ActionForm().validate_on_submit():
        abort(400)
    service(*args)
    db.session.commit()
    flash(done, "success")
    return redirect(back)


@bp.get("/")
@practitioner_required
def settings(practitioner):
    """Booking overview: clinics and their hours, treatments and their rules, time off, calendar feed."""
    return render_template("booking/practice/settings.html", **pages.settings_context(practitioner, clock.now()))


@bp.route("/cancellation-policy", methods=["GET", "POST"])
@practitioner_required
def cancellation_policy(practitioner):
    """The notice the practitioner asks for and the fee for a late cancellation, shown to patients before booking."""
    policy = policy_of(practitioner.id)
    form = CancellationPolicyForm(data={"notice_hours": policy.notice_hours, "fee_text": policy.fee_text})
    if form.validate_on_submit() and _run(form, services.save_policy, practitioner, form.notice_hours.data,
                                          form.fee_text.data, current_user, clock.now()) is not REFUSED:
        flash("Your cancellation policy is saved. Patients see it before they book.", "success")
        return redirect(url_for(".settings"))
    return render_template("booking/practice/cancellation_policy.html", form=form)


@bp.route("/clinics/<int:clinic_id>", methods=["GET", "POST"])
@practitioner_required
def clinic_hours(practitioner, clinic_id: int):
    """A clinic's weekly opening hours with breaks, notice, horizon and cancellation cut-off."""
    clinic = own_clinic(practitioner, clinic_id) or abort(404)
    form = ClinicBookingForm(data=pages.clinic_form_data(clinic))
    if form.validate_on_submit() and _run(
            form, services.save_clinic_booking, clinic, [day.form.hours() for day in form.days],
            form.min_notice_hours.data, form.horizon_days.data, form.cancellation_cutoff_hours.data,
            current_user) is not REFUSED:
        flash(f"Booking hours for {clinic.name} are saved.", "success")
        return redirect(url_for(".clinic_hours", clinic_id=clinic.id))
    return render_template("booking/practice/clinic_hours.html", clinic=clinic, form=form, weekdays=WEEKDAYS,
                           overrides=pages.upcoming_overrides(clinic, clock.now()), action_form=ActionForm())


@bp.route("/clinics/<int:clinic_id>/dates/new", methods=["GET", "POST"])
@practitioner_required
def add_override(practitioner, clinic_id: int):
    """Close a clinic on a date, or give it different hours that day."""
    clinic = own_clinic(practitioner, clinic_id) or abort(404)
    form = OverrideForm()
    if form.validate_on_submit() and _run(form, services.add_override, clinic, form.day.data, form.hours(),
                                          form.note.data, current_user, clock.now()) is not REFUSED:
        flash(f"Special hours on {form.day.data.strftime('%-d %B %Y')} are saved.", "success")
        return redirect(url_for(".clinic_hours", clinic_id=clinic.id))
    return render_template("booking/practice/override_form.html", clinic=clinic, form=form)


@bp.post("/dates/<int:override_id>/delete")
@practitioner_required
def remove_override(practitioner, override_id: int):
    """Remove a date's special hours."""
    override = queries.own_override(practitioner, override_id) or abort(404)
    return _button(url_for(".clinic_hours", clinic_id=override.clinic_id),
                   "The special hours are removed; the usual weekly hours apply that day.",
                   services.remove_override, override, current_user, practitioner.id)


@bp.route("/time-off/new", methods=["GET", "POST"])
@practitioner_required
def add_time_off(practitioner):
    """Take time off at every clinic."""
    form = TimeOffForm()
    form.time_zone.choices = pages.zone_choices(practitioner)
    if form.validate_on_submit():
        saved = _run(form, _take_time_off, practitioner, form)
        if saved is not REFUSED:
            pages.time_off_saved_message(clashes=saved[1])
            return redirect(url_for(".settings"))
    return render_template("booking/practice/time_off_form.html", form=form)


def _take_time_off(practitioner, form):
    """The typed local range as instants (refused when a time does not exist), stored as time off."""
    start, end = time_off_range(form.starts_on.data, form.starts_time.data, form.ends_on.data, form.ends_time.data,
                                form.time_zone.data)
    return services.add_time_off(practitioner, start, end, form.time_zone.data, form.reason.data, current_user)


@bp.post("/time-off/<int:time_off_id>/delete")
@practitioner_required
def remove_time_off(practitioner, time_off_id: int):
    """Remove a range of time off."""
    time_off = queries.own_time_off(practitioner, time_off_id) or abort(404)
    return _button(url_for(".settings"), "The time off is removed.", services.remove_time_off, time_off, current_user)


@bp.route("/treatments/<int:offering_id>", methods=["GET", "POST"])
@practitioner_required
def offering_rules(practitioner, offering_id: int):
    """Buffers, consultation first, and the exosome adjunct flag of one treatment."""
    offering = own_offering(practitioner, offering_id) or abort(404)
    form = OfferingRulesForm(obj=offering)
    if form.validate_on_submit() and _run(
            form, services.save_offering_rules, offering, form.buffer_before_minutes.data,
            form.buffer_after_minutes.data, form.requires_consultation.data, form.includes_exosome_adjunct.data,
            current_user) is not REFUSED:
        flash(f"Booking rules for {offering.treatment.name} are saved.", "success")
        return redirect(url_for(".settings"))
    return render_template("booking/practice/offering_rules.html", offering=offering, form=form)


@bp.get("/agenda")
@practitioner_required
def agenda(practitioner):
    """The practitioner's bookings by day or week, each in its clinic's local time."""
    return render_template("booking/practice/agenda.html", **pages.agenda_context(
        practitioner, request.args.get("day"), request.args.get("view"), clock.now()))


def _act(practitioner, booking_id: int, service, done: str):
    """Run one agenda button (confirm, attended or no-show) on the practitioner's own booking."""
    booking = queries.practitioners_booking(practitioner, booking_id) or abort(404)
    back = safe_next(request.form.get("next")) or url_for(".agenda")
    if not ActionForm().validate_on_submit():
        abort(400)
    now = clock.now()
    try:
        service(booking, current_user, now)
    except Refusal as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
    else:
        if done == "confirmed":
            announce(booking, "confirmed", now)
        db.session.commit()
        pages.after_action(booking, done)
    return redirect(back)


@bp.post("/bookings/<int:booking_id>/confirm")
@practitioner_required
def confirm_booking(practitioner, booking_id: int):
    """Confirm a booking."""
    return _act(practitioner, booking_id, services.confirm, "confirmed")


@bp.post("/bookings/<int:booking_id>/no-show")
@practitioner_required
def no_show(practitioner, booking_id: int):
    """Record that the patient did not come."""
    return _act(practitioner, booking_id, services.mark_no_show, "no_show")


@bp.post("/bookings/<int:booking_id>/attended")
@practitioner_required
def attended(practitioner, booking_id: int):
    """Record that the patient came (the patient is then asked for a review, like every attended patient)."""
    return _act(practitioner, booking_id, services.mark_attended, "attended")


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@practitioner_required
def cancel_booking(practitioner, booking_id: int):
    """Ask for a reason, then cancel the booking and email the patient."""
    booking = queries.practitioners_booking(practitioner, booking_id) or abort(404)
    now, form, back = clock.now(), PractitionerCancelForm(), pages.agenda_day_url(booking)
    if form.validate_on_submit() and _run(form, _cancel_and_tell, booking, now, form.reason.data) is not REFUSED:
        flash(f"The booking of {booking.patient_name} is cancelled; we have emailed them your reason.", "success")
        return redirect(back)
    return render_template("booking/practice/cancel.html", booking=booking, form=form, back=back)


def _cancel_and_tell(booking, now, reason: str) -> None:
    """Cancel the booking and queue the patient's email with the practitioner's reason."""
    services.cancel_by_practitioner(booking, current_user, now, reason)
    announce(booking, "cancelled", now, reason=booking.cancellation_reason)


@bp.post("/calendar/rotate")
@practitioner_required
def rotate_feed(practitioner):
    """Give the calendar feed a new secret URL; the old one stops working."""
    return _button(url_for(".settings") + "#calendar-feed",
                   "Your calendar feed has a new address. Subscribe to it again; the old one no longer works.",
                   services.rotate_feed, practitioner, current_user, clock.now())
