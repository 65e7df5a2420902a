"""Forms for registering, logging in and resetting a password."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from accounts.passwords import MAX_LENGTH, password_problem


class NewPassword:
    """Validate a new password against the site's policy."""

    def __call__(self, form, field):
        email = form.email.data if hasattr(form, "email") else ""
        problem = password_problem(field.data or "", email or "")
        if problem:
            raise ValidationError(problem)


EMAIL = [DataRequired("Enter your email address."), Email("Enter a valid email address."), Length(max=254)]


class RegisterForm(FlaskForm):
    """A new patient or practitioner account."""

    name = StringField("Full name", validators=[DataRequired("Enter your name."), Length(max=120)])
    email = EmailField("Email", validators=EMAIL)
    password = PasswordField("Password", validators=[DataRequired("Choose a password."), NewPassword()],
                             description=f"At least 8 characters, up to {MAX_LENGTH}. A few unrelated words work well.")
    confirm = PasswordField("Repeat password",
                            validators=[DataRequired("Repeat your password."), EqualTo("password", "The passwords do not match.")])
    role = RadioField("I am", choices=[SelectChoice("patient", "A patient looking for a practitioner"),
                                       SelectChoice("practitioner", "A practitioner listing my practice")],
                      default="patient", validators=[DataRequired("Choose an account type.")])


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=EMAIL)
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=MAX_LENGTH)])
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()


class EmailForm(FlaskForm):
    """Ask for an email address (password reset, new verification link)."""

    email = EmailField("Email", validators=EMAIL)


class ResetPasswordForm(FlaskForm):
    """Choose a new password from a reset link."""

    password = PasswordField("New password", validators=[DataRequired("Choose a password."), NewPassword()],
                             description=f"At least 8 characters, up to {MAX_LENGTH}.")
    confirm = PasswordField("Repeat new password",
                            validators=[DataRequired("Repeat your password."), EqualTo("password", "The passwords do not match.")])


class ConfirmForm(FlaskForm):
    """A single button that confirms an action, so no GET changes state."""
