"""Compliance commands: `check-claims` (the claims checker on standard input) and `refresh-badges`."""
import json
import sys

import click

from compliance.claims import check_text
from core.extensions import db


@click.command("check-claims")
def check_claims_command():
    """Read one text a line on standard input; print one JSON verdict a line."""
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        click.echo(json.dumps(check_text(text).as_json(), ensure_ascii=False))


@click.command("refresh-badges")
def refresh_badges_command():
    """Recompute every practitioner's stored compliance badge (after a migration or an import)."""
    from compliance.sync import refresh_all_badges

    count = refresh_all_badges()
    db.session.commit()
    click.echo(f"Refreshed {count} compliance badges.")

