"""`flask --app app check-addresses`: give every clinic the address check's verdict (after an upgrade or a rebuild)."""
import click

from core.extensions import db
from directory.services import check_clinic_addresses


@click.command("check-addresses")
@click.option("--unchecked", is_flag=True, help="Only clinics never checked, such as those present before the upgrade.")
def check_addresses_command(unchecked):
    """Check clinics' postcodes, towns and pins against the gazetteer; only confirmed clinics are listed."""
    counts = check_clinic_addresses(only_unchecked=unchecked)
    db.session.commit()
    click.echo(f"Confirmed {counts.get('confirmed', 0)} clinic addresses, refused {counts.get('refused', 0)}.")
