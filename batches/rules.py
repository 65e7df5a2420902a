"""The batch rules as pure functions: how batch numbers compare, when a product counts as expired, the edit window.

Nothing here reads or writes the database; batches/services.py applies these rules.

Expiry (decided for issue 17): a product whose expiry date is before the appointment's date on the
clinic's clocks is refused with a message saying so, because most such dates are typing slips. If the
practitioner really did use an expired product, they tick "used after its expiry date" and the record is
kept, flagged "Expired before the appointment" on their page and the patient's: a safety record that
refuses the truth is worse than one that shows it. A product used on its expiry date is in date.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from booking.schedule import zone_of

NAME_MAX, BATCH_MAX, QUANTITY_MAX = 120, 60, 40
REASON_MAX, URL_MAX = 2000, 500
# The practitioner may add, change or remove products for 14 days after the appointment; later, the record
# stands as it is (a recall must be able to rely on it).
EDIT_WINDOW = timedelta(days=14)
# An expiry this far after the appointment is a slip (a year typed wrong), not a product.
LONGEST_SHELF_LIFE_YEARS = 10
# Everything but letters and digits goes: spaces, dashes (every kind), dots and slashes.
SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def batch_key(number: str) -> str:
    """A batch or lot number as compared: case, spaces, dashes and other separators ignored ("ab-12 3" = "AB123")."""
    folded = unicodedata.normalize("NFKC", number or "").casefold()
    return SEPARATORS.sub("", folded).upper()


def appointment_date(starts_at: datetime, time_zone: str) -> date:
    """The appointment's date on its clinic's clocks."""
    return starts_at.astimezone(zone_of(time_zone)).date()


def expired_on_the_day(expires_on: date, appointment_on: date) -> bool:
    """Whether the product was past its expiry date on the appointment date (the expiry date itself is in date)."""
    return expires_on < appointment_on


def implausible_expiry(expires_on: date, appointment_on: date) -> bool:
    """Whether the expiry is so far after the appointment that it must be a typing slip."""
    return expires_on.year - appointment_on.year > LONGEST_SHELF_LIFE_YEARS


def editable_until(starts_at: datetime) -> datetime:
    """Until when the practitioner may change what was recorded for an appointment."""
    return starts_at + EDIT_WINDOW


def tidy(text: str | None) -> str:
    """Text as stored: trimmed, inner runs of spaces made one."""
    return " ".join((text or "").split())
