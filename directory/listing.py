"""What "listed" means, once: in Python for one row, in SQL for a query, on the search index's arrays.

A practitioner is listed on a day when they hold a verified professional registration that has not
expired by that day (listed on the expiry date itself, gone the day after) and are not suspended.
Compliance hides no one: a "not compliant" badge is shown on a listed profile, never used to hide it.

Why here, on directory's floor: the readers are search and its in-memory index, the profile page,
booking, the API (and a sitemap, should one come); directory is the lowest of them, so every one
imports this module downward. The inputs live higher up (credentials, suspension), so the decision is
expressed on the listing fact directory stores: `listed_until` on each practitioner and each of
their clinics, the last day listed, NULL when not listed at all. credentials/listing.py keeps it up
to date after every flush that touches a credential, a practitioner or a clinic: the latest expiry
of a verified registration (NO_EXPIRY when it never expires), NULL when suspended or holding none,
and NULL on a clinic whose address the address check (geo.addresses) has not confirmed.
Expiry then takes effect on its own, at read time, by the one comparison below.
"""
from datetime import date

from sqlalchemy import ColumnElement

NO_EXPIRY = date(9999, 12, 31)  # listed_until of a verified registration without an expiry date


def covers(listed_until, today):
    """The rule itself: listed through `listed_until`, inclusive (a date, a column, or day-number arrays)."""
    return listed_until >= today


def is_listed(holder, today: date) -> bool:
    """Python: is this practitioner (or clinic) shown to the public on `today`?"""
    return holder.listed_until is not None and covers(holder.listed_until, today)


def listed(model, today: date) -> ColumnElement[bool]:
    """SQL: the same test on `model` (Practitioner or Clinic); NULL >= today is not true, so unlisted."""
    return covers(model.listed_until, today)


def may_be_listed(model) -> ColumnElement[bool]:
    """SQL: rows listed on some day (the search index loads these and checks the day per search)."""
    return model.listed_until.is_not(None)
