"""Support's command: `flask correct-birth-date EMAIL YYYY-MM-DD --reason "..."` (audited, with its reason)."""
from datetime import date

import click
from sqlalchemy import func, select

from accounts.models import User
from core import clock
from core.extensions import db
from core.refusal import Refusal, as_click_error
from eligibility.services import correct_birth_date


@click.command("correct-birth-date")
@click.argument("email")
@click.argument("born_on")
@click.option("--reason", required=True, help="Why it is corrected, e.g. the document seen.")
def correct_birth_date_command(email: str, born_on: str, reason: str):
    """Correct a patient's date of birth after checking evidence; the patient cannot change it themselves."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    try:
        born = date.fromisoformat(born_on)
    except ValueError:
        raise click.ClickException("Give the date of birth as YYYY-MM-DD.") from None
    now = clock.now()
    try:
        correct_birth_date(user, born, reason, None, now.date(), now)
    except Refusal as refusal:
        raise as_click_error(refusal) from refusal
    db.session.commit()
    click.echo(f"The date of birth of {user.email} is now {born.isoformat()}.")
