"""`flask --app app build-gazetteer`: the offline place gazetteer search looks places up in."""
from pathlib import Path

import click
from flask import current_app

from geo.build import build_gazetteer, needs_build


@click.command("build-gazetteer")
@click.option("--force", is_flag=True, help="Rebuild even when the file exists.")
def build_gazetteer_command(force):
    """Build the offline place gazetteer (postcodes, ZIPs, towns) from the installed packages."""
    path = Path(current_app.config["GAZETTEER_PATH"])
    if not force and not needs_build(path):
        click.echo(f"Gazetteer already at {path}; use --force to rebuild.")
        return
    summary = build_gazetteer(path)
    click.echo(f"Built gazetteer at {path}: {summary}")
