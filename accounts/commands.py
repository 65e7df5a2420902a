"""`flask --app app create-admin`: the first admin account on a fresh site."""
import os

import click

from accounts import services as accounts
from accounts.models import Role
from core.extensions import db
from core.refusal import Refusal, as_click_error


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="The admin's display name.")
def create_admin(email, name):
    """Create an admin account; the password comes from VERITY_ADMIN_PASSWORD or a prompt."""
    password = os.environ.get("VERITY_ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(email, password, Role.ADMIN, name=name, verified=True)
    except Refusal as refusal:
        raise as_click_error(refusal) from refusal
    db.session.commit()
    click.echo(f"Created admin {user.email}.")
