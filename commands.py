"""Command-line tasks: `flask --app app create-admin`, `seed`, and friends."""
import os

import click
from flask import current_app

from accounts import services as accounts
from accounts.models import Role, User
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


@click.command("seed")
@click.option("--count", default=200, show_default=True, help="How many demo practitioners.")
def seed(count):
    """Fill the database with demo data (safe to re-run) and print the demo logins."""
    from directory.demo import seed_demo

    with click.progressbar(length=count, label="Demo practitioners") as bar:
        logins = seed_demo(count, progress=bar.update)
    click.echo("\nDemo logins (role, email, password):")
    for email, password, role in logins:
        click.echo(f"  {role:<13} {email:<32} {password}")




@click.command("build-gazetteer")
@click.option("--force", is_flag=True, help="Rebuild even when the file exists.")
def build_gazetteer_command(force):
    """Build the offline place gazetteer (postcodes, ZIPs, towns) from the installed packages."""
    from pathlib import Path

    from geo.build import build_gazetteer, needs_build

    path = Path(current_app.config["GAZETTEER_PATH"])
    if not force and not needs_build(path):
        click.echo(f"Gazetteer already at {path}; use --force to rebuild.")
        return
    summary = build_gazetteer(path)
    click.echo(f"Built gazetteer at {path}: {summary}")


def install(app):
    """Register the commands on the app."""
    from booking.commands import send_reminders_command
    from compliance.commands import install as install_compliance_commands
    from credentials.commands import send_expiry_reminders
    from directory.importer import import_practitioners_command

    for command in (create_admin, seed, build_gazetteer_command, send_expiry_reminders, send_reminders_command,
                    import_practitioners_command):
        app.cli.add_command(command)
    install_compliance_commands(app)
