"""Page builders for the patient's booking views, logged in or arriving by an emailed link.

They read and render only: the views in booking/views.py call the service and commit.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import render_template, request, url_for
from flask_login import current_user

from booking import flow, prerequisites
from booking.bookable import bookability
from booking.display import slot_days
from booking.forms import ChooseForm
from booking.queries import listed_clinics, offering_of, takes_online_bookings
from booking.links import link_for
from booking.policy import policy_of
from booking.schedule import (Visit, bookable_slots, check_changeable, check_movable, check_slot, nearest_slots,
                              zone_of)
from booking.services import SlotTaken
from compliance.badge import badge_for
from core.refusal import Refusal
from directory.services import money


def _choose_form(practitioner, choice) -> ChooseForm:
    """The treatment and clinic pickers, set to the current choice."""
    form = ChooseForm(treatment=choice.offering.treatment.slug, clinic=choice.clinic.id)
    form.treatment.choices = [(o.treatment.slug, f"{o.treatment.name} (from {money(o.price_from_minor, o.currency)}, "
                                                 f"{o.duration_minutes} min)") for o in flow.offerings_of(practitioner)]
    form.clinic.choices = [(c.id, f"{c.name}, {c.city}") for c in listed_clinics(practitioner, choice.today)]
    return form


def not_bookable_page(practitioner):
    """The page (409) for a practitioner who takes no new bookings, saying why; None when they take them."""
    badge = badge_for(practitioner)
    verdict = bookability(badge)
    if verdict.bookable:
        return None
    return render_template("booking/not_bookable.html", practitioner=practitioner, message=verdict.reason,
                           badge=badge), 409


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
        online=takes_online_bookings(choice.clinic),
        earlier=(choice.args(**{"from": max(choice.first_day - week, choice.today).isoformat()})
                 if choice.first_day > choice.today else None),
        later=choice.args(**{"from": (choice.first_day + week).isoformat()}) if choice.first_day + week <= last_day
        else None)


def _slot_problem(choice, starts_at: datetime, now: datetime) -> str | None:
    """Why a chosen time cannot be booked now ('taken' when someone else has it), or None."""
    try:
        check_slot(choice.practitioner, choice.offering, choice.clinic, starts_at, now, choice.needs.kind)
    except Refusal as refusal:
        return refusal.message
    day = starts_at.astimezone(zone_of(choice.zone)).date()
    free = bookable_slots(choice.practitioner, choice.offering, choice.clinic, day, 1, now, kind=choice.needs.kind)
    return None if any(s.starts_at == starts_at for s in free) else "taken"


def _steps(choice, starts_at: datetime, now: datetime) -> tuple[list, str | None]:
    """The steps the patient has still to do before booking this slot, or why they may not book it at all."""
    args = choice.args(start=flow.url_instant(starts_at))
    try:
        return (prerequisites.pending(current_user, choice.offering, now, args)
                + prerequisites.visit_steps(current_user, choice.offering, choice.clinic, starts_at, args)), None
    except Refusal as refusal:
        return [], refusal.message


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
    steps, refused = _steps(choice, starts_at, now) if state == "ready" else ([], None)
    return render_template(
        "booking/confirm.html", choice=choice, form=form, starts_at=starts_at, state=state, problem=problem,
        steps=steps, refused=refused, policy=policy_of(choice.practitioner.id),
        ends_at=starts_at + timedelta(minutes=Visit.of(choice.offering, choice.needs.kind).minutes),
        alternatives=[(slot, flow.confirm_url(choice, slot.starts_at)) for slot in alternatives],
        login_url=url_for("accounts.login", next=here), register_url=url_for("accounts.register", next=here),
        back_url=url_for("booking.start", **choice.args(**{"from": starts_at.date().isoformat()})))


def change_problem(booking, now: datetime, verb: str) -> str | None:
    """Why the patient can no longer change this booking online ('cancelled' or 'moved'), or None."""
    try:
        check_changeable(booking, now, verb)
    except Refusal as refusal:
        return refusal.message
    return None


def cancel_page(booking, form, problem: str | None):
    """The question before cancelling, or why it cannot be cancelled online (400 after a refused POST)."""
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


GONE = ("booking_inactive", "not_listed")  # refusals that no later visit can change: 409, not a page to retry


def refused_status(refusal: Refusal, otherwise: int = 200) -> int:
    """409 for a booking that can no longer move at all (cancelled, practitioner unlisted), else `otherwise`."""
    return 409 if refusal.code in GONE else otherwise


def move_refusal(booking, now: datetime, starts_at: datetime | None = None) -> Refusal | None:
    """Why the patient can no longer move this booking online (cancelled, past the cut-off, not listed), or None."""
    try:
        check_changeable(booking, now, "moved")
        check_movable(booking, starts_at, now)
    except Refusal as refusal:
        return refusal
    return None


def link_status_page(booking, now: datetime, status: int = 200):
    """Where a booking reached by an emailed link stands, with why it was cancelled and where to look instead."""
    refusal = move_refusal(booking, now)
    return render_template(
        "booking/link_status.html", booking=booking,
        move_url=link_for(booking, "reschedule", now) if refusal is None else None,
        cancel_url=link_for(booking, "cancel", now) if change_problem(booking, now, "cancelled") is None else None,
        problem=refusal.message if refusal and status != 200 else None), status


def reschedule_page(booking, now: datetime, list_endpoint: str, confirm_endpoint: str, args: dict):
    """A week of free times to move a booking to; a cancelled booking or an unlisted practitioner answers 409."""
    found, refusal = None, move_refusal(booking, now)
    problem = refusal.message if refusal else None
    if problem is None:
        found, problem = _move_choices(booking, now, request.args.get("from"))
    if problem:
        status = refused_status(refusal) if refusal is not None else 200
        return render_template("booking/reschedule.html", booking=booking, problem=problem), status
    first_day, today, slots = found
    week = timedelta(days=flow.WEEK)
    return render_template(
        "booking/reschedule.html", booking=booking, problem=None, days=slot_days(slots, booking.time_zone),
        slot_url=lambda slot: url_for(confirm_endpoint, start=flow.url_instant(slot.starts_at), **args),
        earlier=url_for(list_endpoint, **args, **{"from": (first_day - week).isoformat()})
        if first_day > today else None,
        later=url_for(list_endpoint, **args, **{"from": (first_day + week).isoformat()}))


def reschedule_confirm_page(booking, form, starts_at: datetime, endpoint: str, args: dict, list_url: str,
                            problem: str | None = None, alternatives=(), status: int = 200):
    """The question before moving a booking to the chosen time, or why it cannot move there."""
    return render_template(
        "booking/reschedule_confirm.html", booking=booking, form=form, starts_at=starts_at, problem=problem,
        alternatives=[(s, url_for(endpoint, start=flow.url_instant(s.starts_at), **args)) for s in alternatives],
        ends_at=starts_at + (booking.ends_at - booking.starts_at), list_url=list_url), status
