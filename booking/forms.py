"""Forms for booking (patient side) and for a practitioner's booking rules and agenda."""
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, Form, FormField, HiddenField, IntegerField, RadioField,
                     SelectField, StringField, TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from booking.schedule import LIMITS, WEEKDAYS, DayHours

NUMBER = {"inputmode": "numeric"}


class ChooseForm(FlaskForm):
    """Which treatment at which clinic; a GET form, so it changes nothing and needs no token."""

    class Meta:
        csrf = False

    treatment = SelectField("Treatment", validators=[Optional()])
    clinic = SelectField("Clinic", coerce=int, validators=[Optional()])


class DetailsForm(FlaskForm):
    """The patient's details and confirmations for a booking."""

    patient_name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=120)])
    patient_phone = StringField("Phone number", validators=[Optional(), Length(max=40)],
                                description="Optional: in case the clinic needs to reach you on the day.",
                                render_kw={"inputmode": "tel"})
    notes = TextAreaField("Anything the practitioner should know", validators=[Optional(), Length(max=1000)],
                          description="Optional. Up to 1,000 characters.", render_kw={"rows": 3, "maxlength": 1000})
    adult = BooleanField("I confirm that I am 18 or over")
    consent = BooleanField("I have read and accept this consent")
    consent_version = HiddenField()


class CancelForm(FlaskForm):
    """A patient's cancellation, with an optional reason."""

    reason = TextAreaField("Reason (optional)", validators=[Optional(), Length(max=1000)],
                           description="It helps the practitioner, but you do not have to give one.",
                           render_kw={"rows": 3, "maxlength": 1000})


class PractitionerCancelForm(FlaskForm):
    """A practitioner's cancellation; the reason is emailed to the patient."""

    reason = TextAreaField("Reason for the patient", validators=[DataRequired("Give the patient a reason."),
                                                                Length(max=1000)],
                           description="We email this to the patient with the cancellation.",
                           render_kw={"rows": 4, "maxlength": 1000})


class ActionForm(FlaskForm):
    """A single button for a POST action (confirm, no-show, move here, remove, rotate)."""


class DayForm(Form):
    """One weekday's hours: open or closed, with an optional break."""

    is_open = BooleanField("Open")
    opens = TimeField("Opens", validators=[Optional()])
    closes = TimeField("Closes", validators=[Optional()])
    break_starts = TimeField("Break from", validators=[Optional()])
    break_ends = TimeField("Break until", validators=[Optional()])

    def hours(self) -> DayHours:
        """The typed hours, ready for the rules."""
        return DayHours(bool(self.is_open.data), self.opens.data, self.closes.data, self.break_starts.data,
                        self.break_ends.data)


def _range_hint(name: str, unit: str) -> str:
    """'From 0 to 720 hours.'"""
    low, high = LIMITS[name]
    return f"From {low} to {high} {unit}."


class ClinicBookingForm(FlaskForm):
    """A clinic's weekly hours (fields day0 for Monday to day6 for Sunday), notice, horizon and cut-off."""

    min_notice_hours = IntegerField("Minimum notice, in hours", validators=[InputRequired("Enter the notice.")],
                                    description="How long before an appointment patients must book. "
                                                + _range_hint("min_notice_hours", "hours"), render_kw=NUMBER)
    horizon_days = IntegerField("Booking horizon, in days", validators=[InputRequired("Enter the horizon.")],
                                description="How far ahead patients can book. " + _range_hint("horizon_days", "days"),
                                render_kw=NUMBER)
    cancellation_cutoff_hours = IntegerField(
        "Cancellation cut-off, in hours", validators=[InputRequired("Enter the cut-off.")],
        description="Patients can cancel or move online until this many hours before. "
                    + _range_hint("cancellation_cutoff_hours", "hours"), render_kw=NUMBER)

    @property
    def days(self) -> list:
        """The seven day sub-forms, Monday first."""
        return [self[f"day{weekday}"] for weekday in range(7)]


for _weekday, _name in enumerate(WEEKDAYS):
    # One named sub-form per weekday, so a day's inputs can never land on another day.
    setattr(ClinicBookingForm, f"day{_weekday}", FormField(DayForm, label=_name))


class OverrideForm(FlaskForm):
    """Special hours, or closed, on one date."""

    day = DateField("Date", validators=[InputRequired("Choose the date.")])
    is_open = RadioField("That day the clinic is", choices=[SelectChoice("closed", "Closed"),
                                                                  SelectChoice("open", "Open, with these hours")],
                         default="closed")
    opens = TimeField("Opens", validators=[Optional()])
    closes = TimeField("Closes", validators=[Optional()])
    break_starts = TimeField("Break from", validators=[Optional()])
    break_ends = TimeField("Break until", validators=[Optional()])
    note = StringField("Note for yourself", validators=[Optional(), Length(max=200)],
                       description="Optional, such as “Bank holiday”.")

    def hours(self) -> DayHours:
        """The typed hours, ready for the rules."""
        return DayHours(self.is_open.data == "open", self.opens.data, self.closes.data, self.break_starts.data,
                        self.break_ends.data)


class TimeOffForm(FlaskForm):
    """A range of days or hours away from every clinic."""

    starts_on = DateField("From date", validators=[InputRequired("Choose the first day.")])
    starts_time = TimeField("From time", validators=[Optional()], description="Leave blank for the start of the day.")
    ends_on = DateField("Until date", validators=[InputRequired("Choose the last day.")])
    ends_time = TimeField("Until time", validators=[Optional()], description="Leave blank for the end of the day.")
    time_zone = SelectField("Time zone of these times")
    reason = StringField("Note for yourself", validators=[Optional(), Length(max=200)],
                         description="Optional, such as “Conference”. Patients do not see it.")


class OfferingRulesForm(FlaskForm):
    """Buffers and conditions of one treatment."""

    buffer_before_minutes = IntegerField("Buffer before, in minutes", validators=[InputRequired("Enter a number.")],
                                         description="Time kept free before the appointment. "
                                                     + _range_hint("buffer_minutes", "minutes"), render_kw=NUMBER)
    buffer_after_minutes = IntegerField("Buffer after, in minutes", validators=[InputRequired("Enter a number.")],
                                        description="Time kept free after it, such as for cleaning. "
                                                    + _range_hint("buffer_minutes", "minutes"), render_kw=NUMBER)
    requires_consultation = BooleanField("A consultation must come first",
                                         description="New patients book a 30-minute consultation before the "
                                                     "treatment itself.")
    includes_exosome_adjunct = BooleanField("Includes an exosome adjunct",
                                            description="Patients must read and accept the exosome consent of the "
                                                        "clinic's country before booking.")


class CancellationPolicyForm(FlaskForm):
    """A practitioner's cancellation policy: the notice they ask for and what a late cancellation costs."""

    notice_hours = IntegerField("Notice you ask for, in hours", validators=[InputRequired("Enter the notice.")],
                                description="How long before an appointment patients should cancel or move it. "
                                            "From 0 to 336 hours (two weeks).", render_kw=NUMBER)
    fee_text = StringField("What a later cancellation or a missed appointment costs",
                           validators=[Optional(), Length(max=300)],
                           description="Optional, such as “Your £50 deposit is kept.” Leave it empty for no fee.")
