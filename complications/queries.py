"""Read-side helpers for the complication screens: a booking's reports, one report, the admin's lists."""
from __future__ import annotations

from sqlalchemy import select

from complications import rules
from complications.models import ProblemReport
from core.extensions import db


def reports_of(booking) -> list[ProblemReport]:
    """The problems reported about a booking, oldest first."""
    return list(db.session.scalars(select(ProblemReport).where(ProblemReport.booking_id == booking.id)
                                   .order_by(ProblemReport.created_at, ProblemReport.id)))


def patients_report(patient, report_id: int) -> ProblemReport | None:
    """The patient's own report, or None (another's is as missing as one that is not)."""
    return db.session.scalar(select(ProblemReport).where(ProblemReport.id == report_id,
                                                         ProblemReport.patient_id == patient.id))


def open_reports():
    """Reports not closed yet, urgent or not, oldest first: the admin's queue."""
    return select(ProblemReport).where(ProblemReport.status == rules.OPEN).order_by(ProblemReport.created_at,
                                                                                     ProblemReport.id)


def closed_reports(limit: int = 100):
    """The most recently closed reports, newest first."""
    return select(ProblemReport).where(ProblemReport.status == rules.CLOSED).order_by(
        ProblemReport.closed_at.desc(), ProblemReport.id.desc()).limit(limit)
