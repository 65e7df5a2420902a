"""The only code that writes a date of birth: given once by the patient, corrected only by support with a reason.

Why not changeable by the patient: the date of birth decides whether the law lets them book toxin
or filler (ENG-UNDER18). If a patient could edit it, a 17-year-old refused today could simply type
another year. A real mistake is corrected by support (`flask eligibility correct-birth-date`), who
see evidence, and the change is audited with its reason.
"""
from __future__ import annotations

from datetime import date, datetime

from audit.services import record
from core.extensions import db
from core.refusal import Refusal
from eligibility.models import BirthDate
from eligibility.rules import check_birth_date

REASON_MAX = 300


def give_birth_date(user, born: date | None, today: date, now: datetime) -> BirthDate:
    """Store the patient's date of birth the first time they give it; a second time is refused."""
    check_birth_date(born, today)
    if db.session.get(BirthDate, user.id) is not None:
        raise Refusal("birth_date_given", "You have already given your date of birth. If it is wrong, contact us "
                                          "and we will correct it.", "born_on", status=409)
    row = BirthDate(user_id=user.id, born_on=born, recorded_at=now)
    db.session.add(row)
    db.session.flush()
    record(user, "eligibility.birth_date_given", "user", user.id)
    return row


def correct_birth_date(user, born: date | None, reason: str, actor, today: date, now: datetime) -> BirthDate:
    """Support corrects a patient's date of birth, saying why (kept with the row and in the audit trail)."""
    check_birth_date(born, today)
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > REASON_MAX:
        raise Refusal("reason_missing", f"Say why the date of birth is corrected (up to {REASON_MAX} characters).",
                      "reason")
    row = db.session.get(BirthDate, user.id) or BirthDate(user_id=user.id, recorded_at=now)
    row.born_on, row.corrected_at, row.correction_reason = born, now, reason
    db.session.add(row)
    db.session.flush()
    record(actor, "eligibility.birth_date_corrected", "user", user.id, reason=reason)
    return row


def export_for_patient(user) -> dict:
    """The patient's date of birth, for their 'download my data' file."""
    row = db.session.get(BirthDate, user.id)
    if row is None:
        return {}
    return {"date_of_birth": {"born_on": row.born_on.isoformat(), "given_at": row.recorded_at.isoformat(),
                              "correction_reason": row.correction_reason or None}}


def erase_for_patient(user, now: datetime) -> None:
    """Delete the patient's date of birth (inside the delete-account transaction)."""
    row = db.session.get(BirthDate, user.id)
    if row is not None:
        db.session.delete(row)
