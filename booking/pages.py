"""Page builders shared by the patient's booking views, logged in or arriving by an emailed link."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from core import clock

from booking import emails, flow, manage
from booking.bookings import BookingError, SlotTaken, book, check_slot, offering_of, reschedule
from booking.display import slot_days
from booking.forms import ActionForm, CancelForm, ChooseForm
from booking.slots import Visit, bookable_slots, nearest_slots, zone_of
from directory.services import money
from core.extensions import db


def form_error(form, error: BookingError) -> None:
    """Show a refusal beside the field it concerns, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    (field.errors if field is not None and hasattr(field, "errors") and isinstance(field.errors, list)
     else form.form_errors).append(error.message)


def announce(booking, event: str, now: datetime, reason: str = "", to_practitioner: bool = False) -> None:
    """Email the patient (and, for their own changes, the practitioner) once the change is committed."""
    if not emails.deliver(emails.send_booking_email, booking, event, now, reason):
        flash("We could not send the confirmation email just now; your booking details are below.", "warning")
    if to_practitioner:
        emails.deliver(emails.notify_practitioner, booking, event)


def _choose_form(practitioner, choice) -> ChooseForm:
    """The treatment and clinic pickers, set to the current choice."""
    form = ChooseForm(treatment=choice.offering.treatment.slug, clinic=choice.clinic.id)
    form.treatment.choices = [(o.treatment.slug, f"{o.treatment.name} (from {money(o.price_from_minor, o.currency)}, "
                                                 f"{o.duration_minutes} min)") for o in flow.offerings_of(practitioner)]
    form.clinic.choices = [(c.id, f"{c.name}, {c.city}") for c in practitioner.clinics]
    return form


def start_page(practitioner, choice, now: datetime):
    """The slot picker for a practitioner."""
    if choice is None:
        return render_template("booking/start.html", practitioner=practitioner, choice=None)
    slots = flow.week_of_slots(choice, now)
    week = timedelta(days=flow.WEEK)
    last_day = choice.today + timedelta(days=choice.clinic.horizon_days)
    return render_template(
        "booking/start.html", practitioner=practitioner, choice=choice, form=_choose_form(practitioner, choice),
        days=slot_days(slots, choice.zone), slot_url=lambda slot: flow.confirm_url(choice, slot.starts_at),
        online=flow.takes_online_bookings(choice.clinic),
        earlier=(choice.args(**{"from": max(choice.first_day - week, choice.today).isoformat()})
                 if choice.first_day > choice.today else None),
        later=choice.args(**{"from": (choice.first_day + week).isoformat()}) if choice.first_day + week <= last_day
        else None)


def _slot_problem(choice, starts_at: datetime, now: datetime) -> str | None:
    """Why a chosen time cannot be booked now ('taken' when someone else has it), or None."""
    try:
        check_slot(choice.practitioner, choice.offering, choice.clinic, starts_at, now, choice.needs.kind)
    except BookingError as error:
        return error.message
    day = starts_at.astimezone(zone_of(choice.zone)).date()
    free = bookable_slots(choice.practitioner, choice.offering, choice.clinic, day, 1, now, kind=choice.needs.kind)
    return None if any(s.starts_at == starts_at for s in free) else "taken"


def confirm_page(choice, form, starts_at: datetime, state: str, now: datetime, taken: SlotTaken | None = None):
    """The summary of a chosen slot with what the visitor must do next to book it."""
    problem = "taken" if taken else (choice.needs.refusal or _slot_problem(choice, starts_at, now))
    alternatives = taken.alternatives if taken else []
    if problem and not taken:
        alternatives = nearest_slots(choice.practitioner, choice.offering, choice.clinic, starts_at, now,
                                     kind=choice.needs.kind)
    if choice.needs.consent:
        form.consent_version.data = choice.needs.consent[0]
    here = request.full_path
    return render_template(
        "booking/confirm.html", choice=choice, form=form, starts_at=starts_at, state=state, problem=problem,
        ends_at=starts_at + timedelta(minutes=Visit.of(choice.offering, choice.needs.kind).minutes),
        alternatives=[(slot, flow.confirm_url(choice, slot.starts_at)) for slot in alternatives],
        login_url=url_for("accounts.login", next=here), register_url=url_for("accounts.register", next=here),
        back_url=url_for("booking.start", **choice.args(**{"from": starts_at.date().isoformat()})))


def book_slot(choice, form, starts_at: datetime, now: datetime):
    """Book the chosen slot for the logged-in patient, then email; a clash shows the nearest free times."""
    try:
        booking = book(current_user, flow.request_from(choice, form, starts_at), now)
    except SlotTaken as taken:
        return confirm_page(choice, form, starts_at, "ready", now, taken=taken), 409
    except BookingError as error:
        db.session.rollback()
        form_error(form, error)
        return confirm_page(choice, form, starts_at, "ready", now)
    db.session.commit()
    flow.forget()
    announce(booking, "created", now, to_practitioner=True)
    flash("Your booking is made. We have emailed you the details and a calendar file.", "success")
    return redirect(url_for("booking.detail", booking_id=booking.id))


def cancel_page(booking, actor, back: str):
    """Ask, then cancel: refused with a clear message past the cut-off."""
    now, form = clock.now(), CancelForm()
    problem = None
    try:
        manage.check_changeable(booking, now, "cancelled")
    except BookingError as error:
        problem = error.message
    if problem is None and form.validate_on_submit():
        manage.cancel_by_patient(booking, actor, now, form.reason.data or "")
        db.session.commit()
        announce(booking, "cancelled", now, to_practitioner=True)
        flash("Your booking is cancelled. We have emailed you a confirmation.", "success")
        return redirect(back)
    status = 400 if problem and request.method == "POST" else 200
    return render_template("booking/cancel.html", booking=booking, form=form, problem=problem), status


def _move_choices(booking, now: datetime, first: str | None):
    """The offering, clinic, first date and free slots a booking can move to, or a refusal message."""
    offering, clinic = offering_of(booking), booking.clinic
    if offering is None or clinic is None:
        return None, "This booking cannot be moved online any more. Please cancel it and book again."
    today = now.astimezone(zone_of(clinic.time_zone)).date()
    first_day = max(flow.parse_day(first) or today, today)
    slots = bookable_slots(booking.practitioner, offering, clinic, first_day, flow.WEEK, now, kind=booking.kind,
                           ignore_booking_id=booking.id)
    return (first_day, today, [s for s in slots if s.starts_at != booking.starts_at]), None


def reschedule_page(booking, list_endpoint: str, confirm_endpoint: str, args: dict):
    """A week of free times to move a booking to."""
    now = clock.now()
    try:
        manage.check_changeable(booking, now, "moved")
        found, problem = _move_choices(booking, now, request.args.get("from"))
    except BookingError as error:
        found, problem = None, error.message
    if problem:
        return render_template("booking/reschedule.html", booking=booking, problem=problem), 200
    first_day, today, slots = found
    week = timedelta(days=flow.WEEK)
    return render_template(
        "booking/reschedule.html", booking=booking, problem=None, days=slot_days(slots, booking.time_zone),
        slot_url=lambda slot: url_for(confirm_endpoint, start=flow.url_instant(slot.starts_at), **args),
        earlier=url_for(list_endpoint, **args, **{"from": (first_day - week).isoformat()})
        if first_day > today else None,
        later=url_for(list_endpoint, **args, **{"from": (first_day + week).isoformat()}))


def reschedule_confirm_page(booking, actor, endpoint: str, args: dict, back: str, list_url: str):
    """Confirm moving a booking to the chosen time; a taken time shows the nearest free ones."""
    now, form = clock.now(), ActionForm()
    starts_at = flow.parse_instant(request.args.get("start"))
    if starts_at is None:
        flash("Please choose a new time from the list.", "error")
        return redirect(back)
    problem, alternatives, status = None, [], 200
    if request.method == "GET":
        try:
            manage.check_changeable(booking, now, "moved")
        except BookingError as error:
            problem = error.message
    elif form.validate_on_submit():
        try:
            reschedule(booking, starts_at, actor, now)
        except SlotTaken as taken:
            problem, alternatives, status = taken.message, taken.alternatives, 409
        except BookingError as error:
            db.session.rollback()
            problem, status = error.message, 400
        else:
            db.session.commit()
            announce(booking, "changed", now, to_practitioner=True)
            flash("Your booking is moved. We have emailed you the new details and calendar file.", "success")
            return redirect(back)
    return render_template(
        "booking/reschedule_confirm.html", booking=booking, form=form, starts_at=starts_at, problem=problem,
        alternatives=[(s, url_for(endpoint, start=flow.url_instant(s.starts_at), **args)) for s in alternatives],
        ends_at=starts_at + (booking.ends_at - booking.starts_at), list_url=list_url), status

