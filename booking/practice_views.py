"""The practitioner's booking pages under /practice/booking: rules, hours, time off, agenda, feed.

Another practitioner's clinic, treatment, date, time off or booking answers 404, like one that
does not exist. Every change is a POST with a CSRF token.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.views import safe_next
from booking import agenda_pages, manage, rules
from core import clock
from booking.bookings import BookingError
from booking.forms import ActionForm, ClinicBookingForm, OfferingRulesForm, OverrideForm, TimeOffForm
from booking.rules import WEEKDAYS, RulesError
from core.extensions import db
from accounts.roles import role_required
from practice.access import profile_required

bp = Blueprint("booking_practice", __name__, url_prefix="/practice/booking")


def practitioner_required(view):
    """Allow practitioners with a profile; pass the profile to the view."""
    return role_required("practitioner")(profile_required(view))


def _refused(form, error: RulesError) -> None:
    """Show a refused rule beside its field, or above the form, and drop the half-made change."""
    db.session.rollback()
    field = getattr(form, error.field, None) if error.field else None
    (field.errors if field is not None and isinstance(getattr(field, "errors", None), list)
     else form.form_errors).append(error.message)


@bp.get("/")
@practitioner_required
def settings(practitioner):
    """Booking overview: clinics and their hours, treatments and their rules, time off, calendar feed."""
    return render_template("booking/practice/settings.html", **agenda_pages.settings_context(practitioner, clock.now()))


@bp.route("/clinics/<int:clinic_id>", methods=["GET", "POST"])
@practitioner_required
def clinic_hours(practitioner, clinic_id: int):
    """A clinic's weekly opening hours with breaks, notice, horizon and cancellation cut-off."""
    clinic = rules.own_clinic(practitioner, clinic_id) or abort(404)
    form = ClinicBookingForm(data=agenda_pages.clinic_form_data(clinic))
    if form.validate_on_submit():
        try:
            rules.save_clinic_booking(clinic, [day.form.hours() for day in form.days], form.min_notice_hours.data,
                                      form.horizon_days.data, form.cancellation_cutoff_hours.data, current_user)
        except RulesError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(f"Booking hours for {clinic.name} are saved.", "success")
            return redirect(url_for(".clinic_hours", clinic_id=clinic.id))
    return render_template("booking/practice/clinic_hours.html", clinic=clinic, form=form, weekdays=WEEKDAYS,
                           overrides=agenda_pages.upcoming_overrides(clinic, clock.now()), action_form=ActionForm())


@bp.route("/clinics/<int:clinic_id>/dates/new", methods=["GET", "POST"])
@practitioner_required
def add_override(practitioner, clinic_id: int):
    """Close a clinic on a date, or give it different hours that day."""
    clinic = rules.own_clinic(practitioner, clinic_id) or abort(404)
    form = OverrideForm()
    if form.validate_on_submit():
        try:
            rules.add_override(clinic, form.day.data, form.hours(), form.note.data, current_user,
                               agenda_pages.clinic_today(clinic, clock.now()))
        except RulesError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(f"Special hours on {form.day.data.strftime('%-d %B %Y')} are saved.", "success")
            return redirect(url_for(".clinic_hours", clinic_id=clinic.id))
    return render_template("booking/practice/override_form.html", clinic=clinic, form=form)


@bp.post("/dates/<int:override_id>/delete")
@practitioner_required
def remove_override(practitioner, override_id: int):
    """Remove a date's special hours."""
    override = rules.own_override(practitioner, override_id) or abort(404)
    if ActionForm().validate_on_submit():
        clinic_id = override.clinic_id
        rules.remove_override(override, current_user, practitioner.id)
        db.session.commit()
        flash("The special hours are removed; the usual weekly hours apply that day.", "success")
        return redirect(url_for(".clinic_hours", clinic_id=clinic_id))
    abort(400)


@bp.route("/time-off/new", methods=["GET", "POST"])
@practitioner_required
def add_time_off(practitioner):
    """Take time off at every clinic."""
    form = TimeOffForm()
    form.time_zone.choices = agenda_pages.zone_choices(practitioner)
    if form.validate_on_submit():
        try:
            start, end = rules.time_off_range(form.starts_on.data, form.starts_time.data, form.ends_on.data,
                                              form.ends_time.data, form.time_zone.data)
            _, clashes = rules.add_time_off(practitioner, start, end, form.time_zone.data, form.reason.data,
                                            current_user)
        except RulesError as error:
            _refused(form, error)
        else:
            db.session.commit()
            agenda_pages.time_off_saved_message(clashes)
            return redirect(url_for(".settings"))
    return render_template("booking/practice/time_off_form.html", form=form)


@bp.post("/time-off/<int:time_off_id>/delete")
@practitioner_required
def remove_time_off(practitioner, time_off_id: int):
    """Remove a range of time off."""
    time_off = rules.own_time_off(practitioner, time_off_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    rules.remove_time_off(time_off, current_user)
    db.session.commit()
    flash("The time off is removed.", "success")
    return redirect(url_for(".settings"))


@bp.route("/treatments/<int:offering_id>", methods=["GET", "POST"])
@practitioner_required
def offering_rules(practitioner, offering_id: int):
    """Buffers, consultation first, and the exosome adjunct flag of one treatment."""
    offering = rules.own_offering(practitioner, offering_id) or abort(404)
    form = OfferingRulesForm(obj=offering)
    if form.validate_on_submit():
        try:
            rules.save_offering_rules(offering, form.buffer_before_minutes.data, form.buffer_after_minutes.data,
                                      form.requires_consultation.data, form.includes_exosome_adjunct.data,
                                      current_user)
        except RulesError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(f"Booking rules for {offering.treatment.name} are saved.", "success")
            return redirect(url_for(".settings"))
    return render_template("booking/practice/offering_rules.html", offering=offering, form=form)


@bp.get("/agenda")
@practitioner_required
def agenda(practitioner):
    """The practitioner's bookings by day or week, each in its clinic's local time."""
    return render_template("booking/practice/agenda.html", **agenda_pages.agenda_context(
        practitioner, request.args.get("day"), request.args.get("view"), clock.now()))


def _act(practitioner, booking_id: int, action, done: str):
    """Run one agenda button (confirm or no-show) on the practitioner's own booking."""
    booking = manage.practitioners_booking(practitioner, booking_id) or abort(404)
    back = safe_next(request.form.get("next")) or url_for(".agenda")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        action(booking, current_user, clock.now())
    except BookingError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        agenda_pages.after_action(booking, done)
    return redirect(back)


@bp.post("/bookings/<int:booking_id>/confirm")
@practitioner_required
def confirm_booking(practitioner, booking_id: int):
    """Confirm a booking."""
    return _act(practitioner, booking_id, manage.confirm, "confirmed")


@bp.post("/bookings/<int:booking_id>/no-show")
@practitioner_required
def no_show(practitioner, booking_id: int):
    """Record that the patient did not come."""
    return _act(practitioner, booking_id, manage.mark_no_show, "no_show")


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@practitioner_required
def cancel_booking(practitioner, booking_id: int):
    """Cancel a booking with a reason that is emailed to the patient."""
    booking = manage.practitioners_booking(practitioner, booking_id) or abort(404)
    return agenda_pages.practitioner_cancel_page(booking, current_user)


@bp.post("/calendar/rotate")
@practitioner_required
def rotate_feed(practitioner):
    """Give the calendar feed a new secret URL; the old one stops working."""
    if not ActionForm().validate_on_submit():
        abort(400)
    rules.rotate_feed(practitioner, current_user, clock.now())
    db.session.commit()
    flash("Your calendar feed has a new address. Subscribe to it again; the old one no longer works.", "success")
    return redirect(url_for(".settings") + "#calendar-feed")
