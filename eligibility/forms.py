"""The date-of-birth form: one date, read leniently and checked by eligibility.rules (message beside the field)."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import StringField


class BirthDateForm(FlaskForm):
    """A date of birth as YYYY-MM-DD (the browser's date picker sends that)."""

    born_on = StringField("Date of birth", description="For example 2001-03-27. We check it against the date of "
                                                       "each appointment for treatments with a minimum age.",
                          render_kw={"type": "date", "autocomplete": "bday"})

    def born(self) -> date | None:
        """The date typed, or None when it is not a date."""
        try:
            return date.fromisoformat((self.born_on.data or "").strip()[:10])
        except ValueError:
            return None
