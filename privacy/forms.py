"""The account page's forms: change email, change password, delete the account."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from accounts.forms import EMAIL, NewPassword
from accounts.passwords import MAX_LENGTH

CURRENT = [DataRequired("Enter your current password."), Length(max=MAX_LENGTH)]


class ChangeEmailForm(FlaskForm):
    """A new address, confirmed later by the link sent to it."""

    new_email = EmailField("New email address", validators=EMAIL)
    password = PasswordField("Your current password", validators=CURRENT)


class ChangePasswordForm(FlaskForm):
    """The current password, then the new one twice."""

    current_password = PasswordField("Current password", validators=CURRENT)
    password = PasswordField("New password", validators=[DataRequired("Choose a new password."), NewPassword()],
                             description=f"At least 8 characters, up to {MAX_LENGTH}. A few unrelated words work well.")
    confirm = PasswordField("Repeat new password", validators=[
        DataRequired("Repeat your new password."), EqualTo("password", "The passwords do not match.")])


class DeleteAccountForm(FlaskForm):
    """The password again and a tick, so the account is never deleted by a slip."""

    password = PasswordField("Your password", validators=CURRENT)
    understood = BooleanField("I understand that deleting my account cannot be undone",
                              validators=[DataRequired("Tick the box to confirm you want to delete your account.")])
