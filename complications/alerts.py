"""Telling the practitioner and every admin of a problem report at once: outbox rows at the highest priority."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import url_for
from sqlalchemy import select

from accounts.models import User
from accounts.models import Role
from complications import rules
from core import mail, outbox
from core.extensions import db


def subject_of(problem, booking) -> str:
    """The email subject: URGENT first when the patient ticked a sign that needs help at once."""
    start = "URGENT: possible complication" if problem.urgent else "Problem reported"
    return f"{start} after {booking.title} with {booking.practitioner.name} ({booking.patient_name})"


def _context(problem, booking) -> dict:
    """What both emails say."""
    return {"problem": problem, "booking": booking, "signs": rules.signs_named(problem.urgent_signs),
            "route": rules.route_for(problem.country), "patient_phone": booking.patient_phone,
            "patient_email": booking.patient.email if booking.patient else ""}


def tell_at_once(problem, booking) -> int:
    """Queue the practitioner's email and one email to all admins, both URGENT priority; returns how many."""
    subject, queued = subject_of(problem, booking), 0
    context = _context(problem, booking)
    practitioner = booking.practitioner
    if practitioner.user is not None:
        day = booking.starts_at.astimezone(ZoneInfo(booking.time_zone)).date().isoformat()
        mail.queue(practitioner.user.email, subject, "complications/practitioner",
                   {**context, "link": url_for("booking_practice.agenda", day=day, _external=True)},
                   priority=outbox.URGENT)
        queued += 1
    admins = list(db.session.scalars(select(User.email).where(User.role == Role.ADMIN.value).order_by(User.id)))
    if admins:
        mail.queue(", ".join(admins), subject, "complications/admins",
                   {**context, "link": url_for("admin.problem", report_id=problem.id, _external=True)},
                   priority=outbox.URGENT)
        queued += 1
    return queued
