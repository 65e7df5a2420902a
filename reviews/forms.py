"""Review forms: the patient's review, the practitioner's reply and report, an admin's decisions."""
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from credentials.forms import options
from reviews import rules

STAR_CHOICES = options([(n, f"{n} star{'s' if n > 1 else ''}") for n in reversed(rules.STARS)])


def reason_choices(include_patient_request: bool = True) -> list:
    """The written list of removal reasons, as select options."""
    return options([("", "Choose a reason")] + [(code, text) for code, text in rules.REMOVAL_REASONS.items()
                                                if include_patient_request or code != "patient_request"])


class ReviewForm(FlaskForm):
    """Stars and words about an attended appointment."""

    stars = RadioField("Your rating", coerce=int, choices=STAR_CHOICES,
                       validators=[InputRequired("Choose from 1 to 5 stars.")])
    text = TextAreaField("Your review", validators=[DataRequired("Write your review."), Length(max=rules.TEXT_MAX)],
                         description=f"What was the visit like? {rules.TEXT_MIN} to {rules.TEXT_MAX:,} characters. "
                                     "Please leave out names of other people, phone numbers and email addresses.",
                         render_kw={"rows": 6, "maxlength": rules.TEXT_MAX})


class ReplyForm(FlaskForm):
    """The practitioner's one public reply."""

    text = TextAreaField("Your reply", validators=[DataRequired("Write your reply."), Length(max=rules.REPLY_MAX)],
                         description=f"Shown under the review. One reply per review, up to {rules.REPLY_MAX:,} "
                                     "characters; it cannot be changed later.",
                         render_kw={"rows": 3, "maxlength": rules.REPLY_MAX})


def _note(label: str) -> TextAreaField:
    """A policy decision's note."""
    return TextAreaField(label, validators=[DataRequired("Explain in a sentence or two."), Length(max=rules.NOTE_MAX)],
                         render_kw={"rows": 3})


class ReportForm(FlaskForm):
    """A practitioner asks an admin to check a review against the policy."""

    reason = SelectField("Reason", choices=reason_choices(False), validators=[DataRequired("Choose a reason.")])
    note = _note("What is wrong with it")


class RemoveForm(FlaskForm):
    """An admin removes a review, for a reason on the list; the note is emailed to the patient."""

    reason = SelectField("Reason", choices=reason_choices(), validators=[DataRequired("Choose a reason.")])
    note = _note("Note (emailed to the patient)")


class DecisionForm(FlaskForm):
    """An admin publishes a held review or keeps a reported one, with an optional note for the trail."""

    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=rules.NOTE_MAX)], render_kw={"rows": 2})


class ReplyRefuseForm(FlaskForm):
    """An admin refuses a held reply, telling the practitioner why."""

    note = TextAreaField("Why (emailed to the practitioner)", validators=[
        DataRequired("Tell the practitioner why."), Length(max=rules.NOTE_MAX)], render_kw={"rows": 2})
