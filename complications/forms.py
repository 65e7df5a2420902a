"""Problem report forms: the urgent signs first, then what happened (the patient's); closing a report (an admin's)."""
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from complications import rules
from complications.services import ProblemEntry

SIGNS, DETAILS = "signs", "details"


class UrgentSignsForm(FlaskForm):
    """Step 1: which of the signs that need help at once the patient has, if any."""

    step = HiddenField(default=SIGNS)
    urgent_signs = SelectMultipleField("Do you have any of these now?",
                                       choices=[SelectChoice(key, label) for key, label in rules.URGENT_SIGNS.items()],
                                       validate_choice=False,  # the service refuses an unknown sign on its field
                                       description="Tick every one that applies. Leave them all unticked if none do.")

    def entry(self) -> ProblemEntry:
        """The signs ticked, for the service."""
        return ProblemEntry(urgent_signs=tuple(self.urgent_signs.data or ()))


class ProblemDetailsForm(FlaskForm):
    """Step 2 (no urgent sign): what happened and the day it started."""

    step = HiddenField(default=DETAILS)
    what_happened = TextAreaField("What happened?", validators=[DataRequired("Say what happened."),
                                                              Length(max=rules.WHAT_MAX)],
                                  description="Where on your body, what you noticed, and whether it is getting "
                                              "better or worse.",
                                  render_kw={"rows": 6, "maxlength": rules.WHAT_MAX})
    started_on = DateField("When did it start?", validators=[DataRequired("Enter the date the problem started.")])

    def entry(self) -> ProblemEntry:
        """What was typed, for the service."""
        return ProblemEntry(what_happened=self.what_happened.data or "", started_on=self.started_on.data)


class ProblemCloseForm(FlaskForm):
    """An admin closes a report: what was done."""

    note = TextAreaField("Closing note", validators=[DataRequired("Say what was done before closing the report."),
                                                     Length(max=rules.NOTE_MAX)],
                         description="For example: the practitioner saw the patient the same day; resolved.",
                         render_kw={"rows": 4, "maxlength": rules.NOTE_MAX})
