"""`flask --app app seed`: the demo data `make run` starts with."""
import click

from core import clock
from core.extensions import db
from demo.bookings import seed_demo_bookings, seed_opening_hours
from demo.declarations import seed_declarations
from demo.practitioners import DEMO_LOGINS, DEMO_PASSWORD, seed_practitioners


@click.command("seed")
@click.option("--count", default=200, show_default=True, help="How many demo practitioners.")
def seed(count):
    """Fill the database with demo data (safe to re-run) and print the demo logins."""
    with click.progressbar(length=count, label="Demo practitioners") as bar:
        admin = seed_practitioners(count, clock.today(), progress=bar.update)
    seed_declarations(admin)  # six in ten declare exosome use, so every badge shows
    seed_opening_hours()
    seed_demo_bookings(clock.now())
    db.session.commit()
    click.echo("\nDemo logins (role, email, password):")
    for email, role, _ in DEMO_LOGINS:
        click.echo(f"  {role.value:<13} {email:<32} {DEMO_PASSWORD}")
