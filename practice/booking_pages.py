"""Page builders for the practitioner's booking pages: settings overview, hours form, agenda, flash messages."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import flash, request, url_for

from booking import queries
from booking.forms import ActionForm
from booking.policy import policy_of
from booking.schedule import WEEKDAYS, zone_of
from core import clock

DEFAULT_ZONE = "Europe/London"


def clinic_today(clinic, now: datetime) -> date:
    """Today's date on the clinic's clocks."""
    return now.astimezone(zone_of(clinic.time_zone)).date()


def home_zone(practitioner) -> str:
    """The zone the practitioner's agenda dates are counted in: their first clinic's."""
    return practitioner.clinics[0].time_zone if practitioner.clinics else DEFAULT_ZONE


def zone_choices(practitioner) -> list[tuple[str, str]]:
    """The distinct zones of the practitioner's clinics, oldest clinic first, for entering time off."""
    clinics = sorted(practitioner.clinics, key=lambda c: c.id)  # the database's order differs: PostgreSQL's is not SQLite's
    zones = list(dict.fromkeys(c.time_zone for c in clinics)) or [DEFAULT_ZONE]
    return [(z, z.replace("_", " ")) for z in zones]


def clinic_form_data(clinic) -> dict:
    """The hours form's starting values from what is stored."""
    week = queries.weekly_hours(clinic)
    days = [{"is_open": d in week, "opens": week[d].opens if d in week else None,
             "closes": week[d].closes if d in week else None,
             "break_starts": week[d].break_starts if d in week else None,
             "break_ends": week[d].break_ends if d in week else None} for d in range(7)]
    return {**{f"day{d}": day for d, day in enumerate(days)}, "min_notice_hours": (clinic.min_notice_minutes or 0) // 60,
            "horizon_days": clinic.horizon_days, "cancellation_cutoff_hours": clinic.cancellation_cutoff_hours}


def upcoming_overrides(clinic, now: datetime):
    """The clinic's special dates from its today on."""
    return queries.upcoming_overrides(clinic, clinic_today(clinic, now))


def settings_context(practitioner, now: datetime) -> dict:
    """What the booking overview shows."""
    feed = queries.feed_of(practitioner)
    return {"practitioner": practitioner, "hours": {c.id: queries.weekly_hours(c) for c in practitioner.clinics},
            "weekdays": WEEKDAYS, "time_off": queries.upcoming_time_off(practitioner, now),
            "action_form": ActionForm(), "offerings": sorted(practitioner.offerings, key=lambda o: o.treatment.name),
            "feed_url": url_for("booking.calendar_feed", token=feed.token, _external=True) if feed else None,
            "policy": policy_of(practitioner.id)}


def time_off_saved_message(clashes: int) -> None:
    """Flash that time off is saved, warning about bookings already inside it."""
    flash("Your time off is saved: patients cannot book you then at any clinic.", "success")
    if clashes:
        flash(f"You already have {clashes} booking{'s' if clashes != 1 else ''} in that time. They stay booked: "
              "cancel them from your agenda if you cannot see those patients.", "warning")


def _first_day(practitioner, day_text: str | None, view: str, now: datetime) -> date:
    """The first date the agenda shows: the chosen or current day, or the Monday of its week."""
    try:
        day = date.fromisoformat(day_text) if day_text else None
    except ValueError:
        day = None
    day = day or now.astimezone(zone_of(home_zone(practitioner))).date()
    return day - timedelta(days=day.weekday()) if view == "week" else day


def agenda_context(practitioner, day_text: str | None, view: str | None, now: datetime) -> dict:
    """What the agenda shows: a day or a week of bookings, with links either side."""
    view = "day" if view == "day" else "week"
    first = _first_day(practitioner, day_text, view, now)
    span = 7 if view == "week" else 1
    return {"practitioner": practitioner, "view": view, "first": first, "last": first + timedelta(days=span - 1),
            "days": queries.agenda(practitioner, first, span), "now": now, "action_form": ActionForm(),
            "previous": (first - timedelta(days=span)).isoformat(), "next": (first + timedelta(days=span)).isoformat(),
            "today": now.astimezone(zone_of(home_zone(practitioner))).date(),
            "back": request.full_path}


def after_action(booking, done: str) -> None:
    """Tell the practitioner an agenda action worked (the patient's email is queued with a confirmation)."""
    if done == "confirmed":
        flash(f"The booking of {booking.patient_name} is confirmed; we have emailed them.", "success")
    elif done == "attended" and booking.is_prescriber_consultation:
        flash(f"The consultation of {booking.patient_name} is marked done: they can now book "
              f"{booking.treatment.name.lower()}.", "success")
    elif done == "attended":
        flash(f"{booking.patient_name} is marked as attended. We will ask them for a review, as we ask every "
              "patient who attended.", "success")
    else:
        flash(f"{booking.patient_name} is marked as not attended.", "success")


def agenda_day_url(booking) -> str:
    """The agenda on the booking's local date."""
    return url_for("booking_practice.agenda",
                   day=booking.starts_at.astimezone(zone_of(booking.time_zone)).date().isoformat())
