"""The health questionnaire form: for each question a yes or no, and details when the answer is yes."""
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from intake.questions import DETAIL_MAX, QUESTIONS

YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]


class QuestionnaireForm(FlaskForm):
    """The health questions (fields `<key>` and `<key>_detail` for each of intake.questions.QUESTIONS)."""

    def validate(self, extra_validators=None) -> bool:
        """Every question answered, and details given for each yes."""
        valid = super().validate(extra_validators)
        for question in QUESTIONS:
            detail = self[f"{question.key}_detail"]
            if self[question.key].data == "yes" and not (detail.data or "").strip():
                detail.errors = [*detail.errors, f"{question.detail}."]
                valid = False
        return valid

    def answers(self) -> dict:
        """The answers typed, for intake.services."""
        return {q.key: {"answer": self[q.key].data, "detail": self[f"{q.key}_detail"].data or ""} for q in QUESTIONS}

    def fill(self, answers: dict) -> None:
        """Show saved answers in the form (for checking or changing them)."""
        for key, item in answers.items():
            if key in self:
                self[key].data, self[f"{key}_detail"].data = item.get("answer"), item.get("detail", "")

    def pairs(self):
        """(question, yes/no field, detail field) in the order asked."""
        return [(q, self[q.key], self[f"{q.key}_detail"]) for q in QUESTIONS]


for _question in QUESTIONS:
    # Named fields per question, so a detail can never land on another question.
    setattr(QuestionnaireForm, _question.key, RadioField(
        _question.text, choices=YES_NO, description=_question.hint,
        validators=[InputRequired("Answer yes or no.")]))
    setattr(QuestionnaireForm, f"{_question.key}_detail", TextAreaField(
        _question.detail, validators=[Optional(), Length(max=DETAIL_MAX, message=f"Keep this to {DETAIL_MAX:,} "
                                                                                   "characters.")],
        render_kw={"rows": 3, "maxlength": DETAIL_MAX}))
