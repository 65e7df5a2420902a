"""Patient booking pages: choose a time, confirm, 'My bookings', cancel and move (also by emailed link).

Another patient's booking answers 404, exactly like one that does not exist.
"""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core import clock

from booking import display, flow, ics, links, manage, pages, rules
from booking.forms import DetailsForm
from accounts.roles import role_required

bp = Blueprint("booking", __name__)
display.install(bp)


@bp.get("/practitioners/<slug>/book")
def start(slug: str):
    """Choose a treatment and clinic, then a time from a week of free slots in the clinic's local time."""
    now = clock.now()
    practitioner = flow.listed_practitioner(slug, now.date()) or abort(404)
    choice = flow.choose(practitioner, request.args.get("treatment"), request.args.get("clinic", type=int),
                         request.args.get("from"), current_user, now)
    return pages.start_page(practitioner, choice, now)


@bp.route("/practitioners/<slug>/book/confirm", methods=["GET", "POST"])
def confirm(slug: str):
    """Give details and confirm one slot; visitors are asked to log in or register, keeping the slot."""
    now = clock.now()
    practitioner = flow.listed_practitioner(slug, now.date()) or abort(404)
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
        return pages.book_slot(choice, form, starts_at, now)
    return pages.confirm_page(choice, form, starts_at, state, now)


@bp.get("/bookings")
@role_required("patient")
def my_bookings():
    """The patient's upcoming and past bookings."""
    upcoming, past = manage.patient_bookings(current_user, clock.now())
    return render_template("booking/my_bookings.html", upcoming=upcoming, past=past, now=clock.now(),
                           pending=flow.remembered(), can_change=manage.can_change)


def _own(booking_id: int):
    """The logged-in patient's booking, or 404."""
    return manage.patients_booking(current_user, booking_id) or abort(404)


@bp.get("/bookings/<int:booking_id>")
@role_required("patient")
def detail(booking_id: int):
    """One of the patient's bookings, with cancel and move."""
    booking = _own(booking_id)
    return render_template("booking/detail.html", booking=booking, can_change=manage.can_change(booking, clock.now()),
                           deadline=manage.change_deadline(booking))


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@role_required("patient")
def cancel(booking_id: int):
    """Ask, then cancel one of the patient's bookings (before the cut-off)."""
    booking = _own(booking_id)
    return pages.cancel_page(booking, current_user, url_for(".my_bookings"))


@bp.get("/bookings/<int:booking_id>/reschedule")
@role_required("patient")
def reschedule(booking_id: int):
    """Free times to move one of the patient's bookings to."""
    booking = _own(booking_id)
    return pages.reschedule_page(booking, ".reschedule", ".reschedule_confirm", {"booking_id": booking.id})


@bp.route("/bookings/<int:booking_id>/reschedule/confirm", methods=["GET", "POST"])
@role_required("patient")
def reschedule_confirm(booking_id: int):
    """Confirm moving one of the patient's bookings to the chosen time."""
    booking = _own(booking_id)
    return pages.reschedule_confirm_page(booking, current_user, ".reschedule_confirm", {"booking_id": booking.id},
                                         url_for(".detail", booking_id=booking.id),
                                         url_for(".reschedule", booking_id=booking.id))


def _linked(token: str, purpose: str):
    """The booking a signed link names, or the page explaining why the link cannot be used."""
    try:
        return links.read_token(token, purpose, clock.now()), None
    except links.LinkInvalid as error:
        return None, (render_template("booking/link_invalid.html", message=str(error)), 400)


def _after_link() -> str:
    """Where to go after acting on an emailed link: 'My bookings' for a logged-in patient, else home."""
    if current_user.is_authenticated and current_user.has_role("patient"):
        return url_for(".my_bookings")
    return url_for("directory.home")


@bp.route("/bookings/link/<token>/cancel", methods=["GET", "POST"])
def link_cancel(token: str):
    """Cancel from the signed link in a booking email, without logging in."""
    booking, refusal = _linked(token, "cancel")
    return refusal or pages.cancel_page(booking, booking.patient, _after_link())


@bp.get("/bookings/link/<token>/reschedule")
def link_reschedule(token: str):
    """Free times to move a booking to, from the signed link in a booking email."""
    booking, refusal = _linked(token, "reschedule")
    return refusal or pages.reschedule_page(booking, ".link_reschedule", ".link_reschedule_confirm", {"token": token})


@bp.route("/bookings/link/<token>/reschedule/confirm", methods=["GET", "POST"])
def link_reschedule_confirm(token: str):
    """Confirm a move from the signed link in a booking email."""
    booking, refusal = _linked(token, "reschedule")
    return refusal or pages.reschedule_confirm_page(booking, booking.patient, ".link_reschedule_confirm",
                                                    {"token": token}, _after_link(),
                                                    url_for(".link_reschedule", token=token))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str):
    """A practitioner's private calendar feed; the secret token in the URL is the only key."""
    now = clock.now()
    found = rules.feed_bookings(token, now) or abort(404)
    practitioner, bookings = found
    return Response(ics.feed(practitioner, bookings, now), mimetype="text/calendar",
                    headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"})
