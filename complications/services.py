"""Complication services: the only code that stores a problem report or closes one. Every change is audited.

Nothing here commits; the screen does once the whole change is accepted, so the report, its audit row and
its emails (queued in the outbox at the highest priority) are kept or lost together.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from audit.services import record, snapshot
from complications import alerts, rules
from complications.models import ProblemReport
from core import clock
from core.extensions import db
from core.refusal import Refusal

AUDITED = ("status", "urgent_signs", "started_on", "closing_note")


@dataclass(frozen=True)
class ProblemEntry:
    """What the patient said: the urgent signs ticked, what happened, and the day it started."""

    urgent_signs: tuple[str, ...] = ()
    what_happened: str = ""
    started_on: date | None = None


def appointment_day(booking) -> date:
    """The appointment's date on the clinic's clocks."""
    return booking.starts_at.astimezone(ZoneInfo(booking.time_zone)).date()


def check_signs(signs) -> tuple[str, ...]:
    """The signs ticked, in the order asked, or a Refusal for one the form never offered."""
    unknown = set(signs) - set(rules.URGENT_SIGNS)
    if unknown:
        raise Refusal("sign_unknown", "Choose the signs from the list.", "urgent_signs")
    return tuple(key for key in rules.URGENT_SIGNS if key in set(signs))


def _checked(entry: ProblemEntry, booking) -> dict:
    """The entry checked and tidied into column values, or a Refusal naming the field."""
    signs = check_signs(entry.urgent_signs)
    what = (entry.what_happened or "").strip()
    if not what and not signs:
        raise Refusal("what_happened_missing", "Say what happened.", "what_happened")
    if len(what) > rules.WHAT_MAX:
        raise Refusal("what_happened_too_long", f"Keep it to {rules.WHAT_MAX:,} characters.", "what_happened")
    if entry.started_on is not None or not signs:  # an urgent report may leave the date for later
        problem = rules.started_problem(entry.started_on, appointment_day(booking),
                                        clock.local_today(booking.time_zone))
        if problem:
            raise Refusal("started_on_invalid", problem, "started_on")
    return {"urgent_signs": list(signs), "what_happened": what, "started_on": entry.started_on}


def report(booking, patient, entry: ProblemEntry, now: datetime) -> ProblemReport:
    """Store the patient's report with their booking, and tell the practitioner and the admins at once."""
    if patient is None or booking.patient_id != patient.id:
        raise Refusal("not_your_booking", "You can report a problem only about your own appointment.", status=404)
    country = booking.clinic.country if booking.clinic is not None else "GB"
    problem = ProblemReport(booking_id=booking.id, practitioner_id=booking.practitioner_id, patient_id=patient.id,
                            country=country, status=rules.OPEN, created_at=now, **_checked(entry, booking))
    db.session.add(problem)
    db.session.flush()
    record(patient, "complication.reported", "problem_report", problem.id, practitioner_id=booking.practitioner_id,
           after=snapshot(problem, AUDITED), reason=f"Booking {booking.id}")
    alerts.tell_at_once(problem, booking)
    return problem


def close(problem: ProblemReport, admin, note: str, now: datetime) -> ProblemReport:
    """Close an open report with the admin's note on what was done."""
    if problem.status == rules.CLOSED:
        raise Refusal("already_closed", "This report is already closed.")
    note = (note or "").strip()
    if not note:
        raise Refusal("note_missing", "Say what was done before closing the report.", "note")
    if len(note) > rules.NOTE_MAX:
        raise Refusal("note_too_long", f"Keep the note to {rules.NOTE_MAX:,} characters.", "note")
    before = snapshot(problem, AUDITED)
    problem.status, problem.closing_note, problem.closed_at = rules.CLOSED, note, now
    problem.closed_by_id = getattr(admin, "id", None)
    record(admin, "complication.closed", "problem_report", problem.id, practitioner_id=problem.practitioner_id,
           before=before, after=snapshot(problem, AUDITED), reason=note[:1000])
    return problem


def _own_reports(user) -> list[ProblemReport]:
    """The problems a patient reported, oldest first."""
    return list(db.session.scalars(select(ProblemReport).where(ProblemReport.patient_id == user.id)
                                   .order_by(ProblemReport.created_at, ProblemReport.id)))


def export_for_patient(user) -> dict:
    """The problems the patient reported, for their 'download my data' file."""
    reports = [{"booking_id": p.booking_id, "reported_at": p.created_at.isoformat(),
                "urgent_signs": rules.signs_named(p.urgent_signs), "what_happened": p.what_happened,
                "started_on": p.started_on.isoformat() if p.started_on else None, "status": p.status,
                "closed_at": p.closed_at.isoformat() if p.closed_at else None} for p in _own_reports(user)]
    return {"problem_reports": reports} if reports else {}


def erase_for_patient(user, now: datetime) -> None:
    """Blank what the patient wrote in their reports (inside the delete-account transaction).

    The reports stay, without the patient's words, so the practitioner's safety record and the
    published monthly counts do not change when an account is deleted.
    """
    for problem in _own_reports(user):
        if problem.what_happened:
            problem.what_happened = ""
            record(user, "complication.erased", "problem_report", problem.id,
                   practitioner_id=problem.practitioner_id, reason="Deleted with the account.")
