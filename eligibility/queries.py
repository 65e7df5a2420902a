"""Reading what eligibility stores: a patient's date of birth."""
from __future__ import annotations

from datetime import date

from core.extensions import db
from eligibility.models import BirthDate


def birth_date_of(user_id: int | None) -> date | None:
    """The date of birth the patient gave, or None."""
    row = db.session.get(BirthDate, user_id) if user_id is not None else None
    return row.born_on if row is not None else None
