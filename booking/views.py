"""Patient booking pages: choose a time, confirm, 'My bookings', cancel and move (also by emailed link).

Each change calls one service, queues its emails and commits once. Another patient's booking answers 404,
exactly like one that does not exist.
"""
from datetime import datetime
from functools import partial

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.roles import role_required
from booking import display, flow, ics, links, pages, queries, services
from booking.emails import announce, search_elsewhere_url
from booking.forms import ActionForm, CancelForm, DetailsForm
from booking.schedule import can_change, change_deadline
from booking.services import SlotTaken
from core import clock, faults
from core.extensions import db
from core.refusal import Refusal, put_on_form

bp = Blueprint("booking", __name__)
display.install(bp)
bp.add_app_template_filter(search_elsewhere_url, "search_elsewhere")


@bp.get("/practitioners/<slug>/book")
def start(slug: str):
    """Choose a treatment and clinic, then a time from a week of free slots in the clinic's local time."""
    now = clock.now()
    practitioner = queries.listed_practitioner(slug, now.date()) or abort(404)
    return pages.not_bookable_page(practitioner) or pages.start_page(practitioner, flow.choose(
        practitioner, request.args.get("treatment"), request.args.get("clinic", type=int), request.args.get("from"),
        current_user, now), now)


@bp.route("/practitioners/<slug>/book/confirm", methods=["GET", "POST"])
def confirm(slug: str):
    """Give details and confirm one slot; visitors are asked to log in or register, keeping the slot."""
    now = clock.now()
    practitioner = queries.listed_practitioner(slug, now.date()) or abort(404)
    closed = pages.not_bookable_page(practitioner)
    if closed:
        return closed
    choice = flow.choose(practitioner, request.args.get("treatment"), request.args.get("clinic", type=int),
                         None, current_user, now)
    starts_at = flow.parse_instant(request.args.get("start"))
    if choice is None or starts_at is None:
        flash("Please choose a time from the list.", "error")
        return redirect(url_for(".start", slug=slug))
    flow.remember(request.full_path)
    form = DetailsForm(patient_name=getattr(current_user, "name", ""))
    state = flow.patient_state(current_user)
    if state == "ready" and form.validate_on_submit():
        return _book(choice, form, starts_at, now)
    return pages.confirm_page(choice, form, starts_at, state, now)


def _book(choice, form, starts_at: datetime, now: datetime):
    """Book the chosen slot for the logged-in patient, then email; a clash shows the nearest free times."""
    try:
        booking = services.book(current_user, flow.request_from(choice, form, starts_at), now)
    except SlotTaken as taken:
        return pages.confirm_page(choice, form, starts_at, "ready", now, taken=taken), 409
    except Refusal as refusal:
        db.session.rollback()
        put_on_form(form, refusal)
        return pages.confirm_page(choice, form, starts_at, "ready", now)
    announce(booking, "created", now, to_practitioner=True)
    faults.pause("booking.commit")  # tests only: the crash tests kill the worker here
    db.session.commit()
    flow.forget()
    flash("Your booking is made. We have emailed you the details and a calendar file.", "success")
    return redirect(url_for(".detail", booking_id=booking.id))


@bp.get("/bookings")
@role_required("patient")
def my_bookings():
    """The patient's upcoming and past bookings."""
    upcoming, past = queries.patient_bookings(current_user, clock.now())
    return render_template("booking/my_bookings.html", upcoming=upcoming, past=past, now=clock.now(),
                           pending=flow.remembered(), can_change=can_change)


def _own(booking_id: int):
    """The logged-in patient's booking, or 404."""
    return queries.patients_booking(current_user, booking_id) or abort(404)


@bp.get("/bookings/<int:booking_id>")
@role_required("patient")
def detail(booking_id: int):
    """One of the patient's bookings, with cancel and move."""
    booking = _own(booking_id)
    return render_template("booking/detail.html", booking=booking, can_change=can_change(booking, clock.now()),
                           deadline=change_deadline(booking))


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@role_required("patient")
def cancel(booking_id: int):
    """Ask, then cancel one of the patient's bookings (before the cut-off)."""
    booking = _own(booking_id)
    return _cancel(booking, current_user, url_for(".my_bookings"))


def _cancel(booking, actor, back: str):
    """Ask, then cancel and email: refused with a clear message past the cut-off."""
    now, form = clock.now(), CancelForm()
    problem = pages.change_problem(booking, now, "cancelled")
    if problem is None and form.validate_on_submit():
        try:
            services.cancel_by_patient(booking, actor, now, form.reason.data or "")
        except Refusal as refusal:  # cancelled meanwhile (by Verity, say): say so, change nothing
            db.session.rollback()
            return pages.cancel_page(booking, form, refusal.message)
        announce(booking, "cancelled", now, to_practitioner=True)
        db.session.commit()
        flash("Your booking is cancelled. We have emailed you a confirmation.", "success")
        return redirect(back)
    return pages.cancel_page(booking, form, problem)


@bp.get("/bookings/<int:booking_id>/reschedule")
@role_required("patient")
def reschedule(booking_id: int):
    """Free times to move one of the patient's bookings to."""
    booking = _own(booking_id)
    return pages.reschedule_page(booking, clock.now(), ".reschedule", ".reschedule_confirm", {"booking_id": booking.id})


@bp.route("/bookings/<int:booking_id>/reschedule/confirm", methods=["GET", "POST"])
@role_required("patient")
def reschedule_confirm(booking_id: int):
    """Confirm moving one of the patient's bookings to the chosen time."""
    booking = _own(booking_id)
    return _move(booking, current_user, ".reschedule_confirm", {"booking_id": booking.id},
                 url_for(".detail", booking_id=booking.id), url_for(".reschedule", booking_id=booking.id))


def _move(booking, actor, endpoint: str, args: dict, back: str, list_url: str):
    """Confirm moving a booking to the chosen time, then email; a taken time shows the nearest free ones."""
    now, form = clock.now(), ActionForm()
    starts_at = flow.parse_instant(request.args.get("start"))
    if starts_at is None:
        flash("Please choose a new time from the list.", "error")
        return redirect(back)
    page = partial(pages.reschedule_confirm_page, booking, form, starts_at, endpoint, args, list_url)
    if request.method == "GET":
        refusal = pages.move_refusal(booking, now, starts_at)
        return page(problem=refusal.message, status=pages.refused_status(refusal)) if refusal else page()
    if not form.validate_on_submit():
        return page()
    try:
        services.reschedule(booking, starts_at, actor, now)
    except SlotTaken as taken:
        return page(problem=taken.message, alternatives=taken.alternatives, status=409)
    except Refusal as refusal:
        db.session.rollback()
        return page(problem=refusal.message, status=pages.refused_status(refusal, 400))
    announce(booking, "changed", now, to_practitioner=True)
    db.session.commit()
    flash("Your booking is moved. We have emailed you the new details and calendar file.", "success")
    return redirect(back)


def _linked(token: str, purpose: str):
    """The booking a signed link names, or the page explaining why the link cannot be used.

    A genuine link to a booking that has since been cancelled still shows where it stands and why,
    with a 409: it can no longer move or cancel it.
    """
    try:
        return links.read_token(token, purpose, clock.now()), None
    except links.LinkOutdated as error:
        if error.booking.is_active:
            return None, (render_template("booking/link_invalid.html", message=str(error)), 400)
        return None, pages.link_status_page(error.booking, clock.now(), status=200 if purpose == "view" else 409)
    except links.LinkInvalid as error:
        return None, (render_template("booking/link_invalid.html", message=str(error)), 400)


@bp.get("/bookings/link/<token>")
def link_view(token: str):
    """Where a booking stands, from the signed link in an email: its status, why it was cancelled, what is left to do."""
    booking, refusal = _linked(token, "view")
    return refusal or pages.link_status_page(booking, clock.now())


def _after_link() -> str:
    """Where to go after acting on an emailed link: 'My bookings' for a logged-in patient, else home."""
    if current_user.is_authenticated and current_user.has_role("patient"):
        return url_for(".my_bookings")
    return url_for("directory.home")


@bp.route("/bookings/link/<token>/cancel", methods=["GET", "POST"])
def link_cancel(token: str):
    """Cancel from the signed link in a booking email, without logging in."""
    booking, refusal = _linked(token, "cancel")
    return refusal or _cancel(booking, booking.patient, _after_link())


@bp.get("/bookings/link/<token>/reschedule")
def link_reschedule(token: str):
    """Free times to move a booking to, from the signed link in a booking email."""
    booking, refusal = _linked(token, "reschedule")
    return refusal or pages.reschedule_page(booking, clock.now(), ".link_reschedule", ".link_reschedule_confirm",
                                            {"token": token})


@bp.route("/bookings/link/<token>/reschedule/confirm", methods=["GET", "POST"])
def link_reschedule_confirm(token: str):
    """Confirm a move from the signed link in a booking email."""
    booking, refusal = _linked(token, "reschedule")
    return refusal or _move(booking, booking.patient, ".link_reschedule_confirm", {"token": token}, _after_link(),
                            url_for(".link_reschedule", token=token))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str):
    """A practitioner's private calendar feed; the secret token in the URL is the only key."""
    now = clock.now()
    found = queries.feed_bookings(token, now) or abort(404)
    practitioner, bookings = found
    return Response(ics.feed(practitioner, bookings, now), mimetype="text/calendar",
                    headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"})
