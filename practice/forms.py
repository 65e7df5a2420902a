"""Forms for the practitioner's profile, clinics and treatments.

Field validators call the rules in directory/profiles.py, clinics.py and offerings.py, so every
problem shows at once on the form while the rules stay in one place.
"""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, FloatField, IntegerField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.fields import TelField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from compliance.claims import NoDrugClaims
from core.refusal import Refusal, put_on_form
from directory import clinics, offerings, profiles
from directory.models import Profession

PHONE = r"^\+?[0-9 ()\-]{6,39}$"  # what a tel: link may carry, typed as people write numbers
COUNTRY_CHOICES = [SelectChoice("GB", "United Kingdom"), SelectChoice("US", "United States")]


def countries_of(practitioner) -> list[str]:
    """The countries of the practitioner's clinics: their advertising rules judge the bio and treatment notes."""
    return sorted({clinic.country for clinic in practitioner.clinics})


def _form_countries(form):
    """The countries a form's text is judged for (given by the view; every country when none)."""
    return getattr(form, "countries", None)


def _apply(rule, *args, **kwargs):
    """Run a service rule, turning its refusal into a form validation error."""
    try:
        return rule(*args, **kwargs)
    except Refusal as refusal:
        raise ValidationError(refusal.message) from refusal


class CoordinateField(FloatField):
    """A latitude or longitude typed as a decimal number, with a message people understand."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Enter a decimal number, such as 53.4794 or -2.2453.") from None


class ProfileForm(FlaskForm):
    """Who the practitioner is, as patients will see it."""

    name = StringField("Name as patients will see it", validators=[DataRequired("Enter your name."), Length(max=120)],
                       description="Include your title if you use one, such as Dr Amelia Smith.")
    profession = SelectField("Profession", choices=[SelectChoice(p.value, p.label) for p in Profession],
                             validators=[DataRequired("Choose your profession.")],
                             description="Your profession decides which treatments you can list.")
    registration_body = StringField("Registration body", validators=[DataRequired("Enter your registration body."),
                                                                     Length(max=60)],
                                    description="Such as GMC, NMC, GDC, GPhC, or your state board.",
                                    render_kw={"list": "registration-bodies"})
    registration_number = StringField("Registration number",
                                      validators=[DataRequired("Enter your registration number."), Length(max=40)])
    practising_since = DateField("Date of first registration", validators=[Optional()],
                                 description="Patients see how many years you have been practising.")
    bio = TextAreaField("About you", validators=[Length(max=profiles.BIO_MAX_LENGTH,
                                                        message="Keep your bio to 2,000 characters."),
                                                 NoDrugClaims(_form_countries)],
                        description="Up to 2,000 characters: your experience and how you work, in your own words.",
                        render_kw={"maxlength": profiles.BIO_MAX_LENGTH, "rows": 7})
    languages = StringField("Languages you consult in", default="English", validators=[Length(max=200)],
                            description="Separate languages with commas, such as English, Spanish.")
    photo = FileField("Choose a photo file", description="A JPEG, PNG or WebP of up to 5 MB. We resize it to fit 600 × 600 pixels "
                                           "and remove its hidden details, such as where it was taken.",
                      render_kw={"accept": "image/jpeg,image/png,image/webp"})
    remove_photo = BooleanField("Remove my current photo")

    def __init__(self, *args, countries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.countries = countries

    def validate_practising_since(self, field):
        _apply(profiles.check_practising_since, field.data)

    def details(self) -> profiles.ProfileDetails:
        """The typed profile, ready for the services."""
        return profiles.ProfileDetails(
            name=self.name.data, profession=self.profession.data, registration_body=self.registration_body.data,
            registration_number=self.registration_number.data, practising_since=self.practising_since.data,
            bio=self.bio.data or "", languages=self.languages.data or "")

    def upload(self):
        """The uploaded photo file, or None when none was chosen."""
        return self.photo.data if self.photo.data and self.photo.data.filename else None


class ClinicForm(FlaskForm):
    """A clinic's address, with an optional hand-placed map pin."""

    name = StringField("Clinic name", validators=[DataRequired("Enter the clinic's name."), Length(max=120)])
    address = StringField("Street address", validators=[Length(max=200)],
                          description="Building and street, such as 12 Portland Street.")
    city = StringField("Town or city", validators=[DataRequired("Enter the town or city."), Length(max=80)])
    country = SelectField("Country", choices=COUNTRY_CHOICES, default="GB")
    postcode = StringField("Postcode or ZIP code", validators=[DataRequired("Enter the postcode or ZIP code."),
                                                                Length(max=12)],
                           description="A UK postcode such as M1 1AE, or a US ZIP code such as 90210.")
    blurb = TextAreaField("About this clinic", validators=[Length(max=1000),
                                                           NoDrugClaims(lambda form: [form.country.data])],
                          description="Optional: parking, access, how to find you. Up to 1,000 characters.",
                          render_kw={"maxlength": 1000, "rows": 4})
    phone = TelField("Phone number for patients", validators=[Optional(), Length(max=40), Regexp(
        PHONE, message="Use digits, spaces, brackets, dashes and a leading +, such as 0161 496 0000.")],
                        description="Optional: patients with a problem after treatment are told to call it.")
    pin_lat = CoordinateField("Latitude", validators=[Optional()], description="Such as 53.4794; north is positive.")
    pin_lon = CoordinateField("Longitude", validators=[Optional()],
                              description="Such as -2.2453; west of Greenwich is negative.")
    check = SubmitField("Check address")

    def validate_country(self, field):
        _apply(clinics.check_country, field.data)

    def validate_postcode(self, field):
        if self.country.data in clinics.COUNTRIES:
            field.data = _apply(clinics.normalise_postcode, field.data, self.country.data)

    def validate(self, extra_validators=None):
        """Check the fields, then that a hand-placed pin is complete and inside the chosen country."""
        if not super().validate(extra_validators) or self.pin_lat.errors or self.pin_lon.errors:
            return False
        try:
            clinics.check_pin(self.pin_lat.data, self.pin_lon.data, self.country.data)
        except Refusal as refusal:
            put_on_form(self, refusal)
            return False
        return True

    def details(self) -> clinics.ClinicDetails:
        """The typed clinic, ready for the services."""
        return clinics.ClinicDetails(
            name=self.name.data, address=self.address.data or "", city=self.city.data, postcode=self.postcode.data,
            country=self.country.data, blurb=self.blurb.data or "", lat=self.pin_lat.data, lon=self.pin_lon.data,
            phone=(self.phone.data or "").strip())


class OfferingForm(FlaskForm):
    """The practitioner's price, duration and notes for a treatment they already list."""

    price = StringField("Price from", validators=[DataRequired("Enter the starting price.")],
                        description="The lowest price you charge, such as 250 or 250.00.",
                        render_kw={"inputmode": "decimal"})
    duration_minutes = IntegerField("Appointment length in minutes",
                                    validators=[InputRequired("Enter the appointment length in minutes.")],
                                    description="Between 5 and 480 minutes.", render_kw={"inputmode": "numeric"})
    description = TextAreaField("What patients should know",
                                validators=[Length(max=1000), NoDrugClaims(_form_countries)],
                                description="Optional: what is included, aftercare, review appointments.",
                                render_kw={"maxlength": 1000, "rows": 4})

    def __init__(self, *args, currency: str = "GBP", countries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency, self.countries = currency, countries
        self.price.description = (f"In {offerings.CURRENCY_NAMES[currency]}: the lowest price you charge, "
                                  "such as 250 or 250.00.")

    def validate_price(self, field):
        field.minor = _apply(offerings.parse_money, field.data, self.currency)

    def validate_duration_minutes(self, field):
        _apply(offerings.check_duration, field.data)

    def details(self) -> offerings.OfferingDetails:
        """The typed terms, ready for the services."""
        return offerings.OfferingDetails(price_from_minor=self.price.minor,
                                        duration_minutes=self.duration_minutes.data,
                                        description=(self.description.data or "").strip())


class NewOfferingForm(OfferingForm):
    """A catalogue treatment to list, with its price and duration."""

    treatment = SelectField("Treatment", coerce=int, validators=[InputRequired("Choose a treatment.")],
                            invalid_choice_message="Choose a treatment from the list.")

    def offer(self, choices: list[tuple[int, str, str]]) -> None:
        """Fill the treatment list from (id, name, group) triples, grouped under their headings."""
        self.treatment.choices = [SelectChoice(value, label, optgroup=group) for value, label, group in choices]


class ConfirmForm(FlaskForm):
    """A single button that confirms a deletion, so no GET changes state."""
