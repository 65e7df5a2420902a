"""The practitioner's credential form; its checks are the rules in credentials/rules.py."""
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from core import clock
from credentials import issuers, rules
from credentials.models import CredentialKind


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


STATE_CHOICES = options([("", "Choose a state")] + sorted(issuers.US_STATES.items(), key=lambda item: item[1]))


class CredentialForm(FlaskForm):
    """One credential as the practitioner declares it, with its evidence document."""

    kind = SelectField("What is it?", choices=options((k.value, k.label) for k in CredentialKind))
    issuer_choice = SelectField("Who issued it?", choices=options(issuers.issuer_choices()),
                                description="Registrations come from a UK register or a US state board; "
                                            "training certificates and insurance from the body named on them.")
    state = SelectField("State (US boards only)", choices=STATE_CHOICES, validators=[Optional()])
    issuer_name = StringField("Name of the board, training provider or insurer", validators=[Length(max=120)],
                              description="For a US board, such as Medical Board or Board of Nursing. "
                                          "For training or insurance, the name on the certificate or policy.",
                              render_kw={"list": "us-board-types"})
    number = StringField("Registration, certificate or policy number", validators=[Length(max=60)],
                         description="GMC: 7 digits. NMC PIN: such as 12A3456E. GDC: digits. "
                                     "Required for a registration.")
    issued_on = DateField("Date issued", validators=[Optional()])
    expires_on = DateField("Expiry date", validators=[Optional()],
                           description="Leave empty if it does not expire. Insurance always has an end date.")
    document = FileField("Evidence document",
                         description="A PDF, JPEG or PNG of up to 5 MB: the certificate, policy schedule or "
                                     "register entry. Only you and Verity's admins can open it.",
                         render_kw={"accept": "application/pdf,image/jpeg,image/png"})

    def __init__(self, *args, today: date | None = None, document_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or clock.today()
        self.document_required = document_required

    def declaration(self) -> rules.Declaration:
        """The typed declaration, ready for the services."""
        return rules.Declaration(
            kind=self.kind.data, issuer_choice=self.issuer_choice.data, state=self.state.data or "",
            issuer_name=self.issuer_name.data or "", number=self.number.data or "",
            issued_on=self.issued_on.data, expires_on=self.expires_on.data)

    def upload(self):
        """The uploaded document, or None when none was chosen."""
        return self.document.data if self.document.data and self.document.data.filename else None

    def validate(self, extra_validators=None) -> bool:
        """Run the field checks, then every declaration rule, so all problems show at once."""
        valid = super().validate(extra_validators)
        for name, message in rules.declaration_problems(self.declaration(), self.today):
            if not self[name].errors:
                self[name].errors.append(message)
            valid = False
        if self.document_required and self.upload() is None:
            self.document.errors.append(rules.EVIDENCE_REQUIRED)
            valid = False
        return valid
