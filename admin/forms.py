"""Admin forms: queue and audit filters (GET, no CSRF), and the decisions (POST, with CSRF)."""
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from credentials import issuers
from credentials.forms import options
from credentials.rules import RegisterCheck
from credentials.models import CredentialKind
from core.extensions import MAX_ID

COUNTRIES = options([("", "Any country"), ("GB", "United Kingdom"), ("US", "United States")])


class FilterForm(FlaskForm):
    """A form read from the query string: filters change nothing, so they carry no CSRF token."""

    class Meta:
        csrf = False


class QueueFilterForm(FilterForm):
    """Narrow the verification queue."""

    kind = SelectField("Kind", validators=[Optional()],
                       choices=options([("", "Any kind")] + [(k.value, k.label) for k in CredentialKind]))
    issuer = SelectField("Issuer", choices=options([("", "Any issuer")]), validators=[Optional()],
                         validate_choice=False)
    country = SelectField("Clinic country", choices=COUNTRIES, validators=[Optional()])
    show = SelectField("Show", validators=[Optional()], choices=options([
        ("", "Waiting for review"), ("duplicates", "Waiting: number held by another practitioner"),
        ("checks_due", "Verified: check due")]))


class PractitionerFilterForm(FilterForm):
    """Find a practitioner."""

    q = StringField("Name or email", validators=[Optional(), Length(max=120)])
    state = SelectField("Status", validators=[Optional()],
                        choices=options([("", "All"), ("active", "Active"), ("suspended", "Suspended"),
                                         ("held", "Bookings held (compliance)")]))


class AuditFilterForm(FilterForm):
    """Narrow the audit trail: who acted, what kind of event, about whom or what, and between which days."""

    actor = StringField("Who acted (name or email)", validators=[Optional(), Length(max=254)])
    action = SelectField("What happened", choices=options([("", "Any kind of event")]), validators=[Optional()],
                         validate_choice=False)
    practitioner = StringField("Practitioner (name)", validators=[Optional(), Length(max=120)])
    practitioner_id = IntegerField("Practitioner number", validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    subject_type = SelectField("About", choices=options([
        ("", "Anything"), ("credential", "A credential"), ("practitioner", "A practitioner"),
        ("exosome_declaration", "An exosome declaration"), ("claim_review", "Wording checked"),
        ("clinic", "A clinic"), ("offering", "A treatment offered"), ("booking", "A booking"),
        ("outbox_message", "An email")]),
                               validators=[Optional()])
    subject_id = IntegerField("Its number", validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])

    def validate_until(self, field):
        """A range that ends before it starts is a typing slip: say so rather than show nothing."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date is before the start date.")


class ApproveForm(FlaskForm):
    """Verify a credential: the expiry the evidence shows and when to check again."""

    expires_on = DateField("Expiry date shown on the evidence", validators=[Optional()],
                           description="Correct it if the document shows another date; empty if it does not expire.")
    next_check_on = DateField("Check again on", validators=[DataRequired("Enter when to check this again.")],
                              description="On or before the expiry date.")
    register = SelectField("Register checked", choices=options([("", "Choose where you checked")]
                                                                + issuers.register_choices()),
                           validators=[Optional()], validate_choice=False)
    register_reference = StringField("Reference the register shows", validators=[Optional(), Length(max=200)],
                                     description="Such as the entry's number, name and status, or the page address.")
    register_checked_on = DateField("Date checked", validators=[Optional()])

    def register_check(self) -> RegisterCheck:
        """The register check as typed; an empty one when the admin relies on the document."""
        return RegisterCheck(self.register.data or "", self.register_reference.data or "",
                             self.register_checked_on.data)


class DuplicateForm(FlaskForm):
    """Resolve a registration number held by another practitioner: why both records may stand."""

    resolution = TextAreaField("Why both records may stand", validators=[
        DataRequired("Write why these records may both stand."),
        Length(min=10, max=1000, message="Write a reason of 10 to 1,000 characters.")],
        description="Kept in the audit trail with your name; not sent to anyone.", render_kw={"rows": 3})


class ReasonForm(FlaskForm):
    """A decision that needs a reason: a rejection, a suspension or a reinstatement."""

    reason = TextAreaField("Reason", validators=[DataRequired("Give a reason."), Length(min=10, max=1000, message=(
        "Give a reason of 10 to 1,000 characters."))],
        description="The practitioner receives this by email, in these words.", render_kw={"rows": 4})


class ClaimApproveForm(FlaskForm):
    """Let patients read a text the claims checker was unsure of; `seen` is the fingerprint of the words read."""

    seen = HiddenField()
    reason = TextAreaField("Note to the practitioner (optional)", validators=[Length(max=1000)],
                           render_kw={"rows": 2})


class ClaimRefuseForm(FlaskForm):
    """Keep a text hidden, with what to change; the reason is emailed to the practitioner."""

    seen = HiddenField()
    reason = TextAreaField("What to change, emailed to the practitioner",
                           validators=[DataRequired("Tell the practitioner what to change."),
                                       Length(min=10, max=1000, message="Give a reason of 10 to 1,000 characters.")],
                           render_kw={"rows": 4})
