"""Licence forms: the practitioner's submission with its evidence, and an admin's verification or rejection."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from credentials.forms import options
from licensing.models import LicenceKind
from licensing.services import ISSUER_MAX, NUMBER_MAX, SLUG_MAX, LicenceEntry, entry_problems


class LicenceForm(FlaskForm):
    """A licence as the practitioner declares it: kind, clinic, issuer, number, expiry and the evidence."""

    kind = SelectField("Which licence?", choices=options((k.value, k.label) for k in LicenceKind),
                       description="A CQC registration is needed only for clinics offering red-tier treatments.")
    clinic_id = SelectField("Clinic (premises licences and CQC registrations)", coerce=int, validators=[Optional()],
                            validate_choice=False)
    issuer = StringField("Issuing council", validators=[Length(max=ISSUER_MAX)],
                         description="As on the licence, for example “Leeds City Council”. Not needed for CQC.")
    number = StringField("Licence number or CQC provider ID", validators=[Length(max=NUMBER_MAX)])
    expires_on = DateField("Expiry date", validators=[Optional()],
                           description="As on the licence. A CQC registration has none: leave it empty.")
    document = FileField("Evidence", description="A PDF, JPEG or PNG of up to 5 MB: the licence, or the register "
                                                 "entry. Only you and Verity's admins can open it.",
                         render_kw={"accept": "application/pdf,image/jpeg,image/png"})

    def __init__(self, *args, clinics=(), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic_id.choices = options([(0, "Not for a clinic (personal licence)")] + [(c.id, c.name) for c in clinics])
        self.today = today

    def entry(self) -> LicenceEntry:
        """What was typed, for the service."""
        return LicenceEntry(self.kind.data or "", self.clinic_id.data or None, self.issuer.data or "",
                            self.number.data or "", self.expires_on.data)

    def upload(self):
        """The uploaded evidence, or None when none was chosen."""
        return self.document.data if self.document.data and getattr(self.document.data, "filename", "") else None

    def validate(self, extra_validators=None) -> bool:
        """The field checks, then every licence rule, so all problems show at once."""
        valid = super().validate(extra_validators)
        problems = entry_problems(self.entry(), self.today) if valid else []
        for name, message in problems:
            self[name].errors = [*self[name].errors, message]
        if valid and self.upload() is None:
            self.document.errors = [*self.document.errors, "Upload the licence, or the register entry, as evidence."]
            return False
        return valid and not problems


class LicenceApproveForm(FlaskForm):
    """Verify a licence: the expiry the evidence shows."""

    expires_on = DateField("Expiry date shown on the evidence", validators=[Optional()],
                           description="Correct it if the document shows another date; empty only for CQC.")


class LicenceRejectForm(FlaskForm):
    """Reject a licence with a reason the practitioner reads on their licences page."""

    reason = TextAreaField("Reason", validators=[DataRequired("Give a reason."), Length(min=10, max=1000, message=(
        "Give a reason of 10 to 1,000 characters."))],
        description="The practitioner reads this on their licences page, in these words.", render_kw={"rows": 4})


class OverseerForm(FlaskForm):
    """Name the healthcare professional on Verity who oversees one's amber-tier work."""

    profile = StringField("Your overseer's Verity profile address", validators=[
        DataRequired("Give your overseer's Verity profile address."), Length(max=SLUG_MAX)],
        description="For example https://verity.example/practitioners/dr-jane-smith, or its last part. They must be "
                    "a doctor, dentist, nurse or pharmacist listed on Verity; they accept from their own account.")


class OversightAnswerForm(FlaskForm):
    """The overseer's answer to a request: accept or decline."""

    accept = SubmitField("Accept")
    decline = SubmitField("Decline")
