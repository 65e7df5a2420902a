"""The `import-practitioners` command: read the file, import it with progress bars, print the report."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from accounts.models import Role
from accounts.services import find_user
from importer.batches import import_rows
from importer.reading import ImportFileError, read_rows
from importer.report import ImportReport


def _progress(label: str, length: int):
    """A click progress bar (drawn only on a terminal)."""
    return click.progressbar(length=length, label=label)


def _print_report(report: ImportReport) -> None:
    """Each refused line with its reason, then the summary."""
    for line, reason in report.refused:
        click.echo(f"line {line}: {reason}")
    click.echo(report.summary().capitalize() + ".")


@click.command("import-practitioners")
@with_appcontext
@click.argument("path", metavar="FILE.csv", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--admin", "admin_email", metavar="EMAIL",
              help="The admin doing the import; recorded as the verifier of registrations marked verified.")
def import_practitioners_command(path: Path, admin_email: str | None):
    """Create or update practitioners, clinics and treatments from a CSV file (see docs/import-format.md)."""
    admin = find_user(admin_email) if admin_email else None
    if admin_email and (admin is None or not admin.has_role(Role.ADMIN)):
        raise click.ClickException(f"There is no admin account with the email {admin_email}.")
    try:
        rows, warnings = read_rows(path)
    except ImportFileError as error:
        raise click.ClickException(str(error)) from error
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    if not rows:
        click.echo(f"{path} has a header but no rows: nothing to import.")
        return
    report = import_rows(rows, admin=admin, progress=_progress)
    _print_report(report)
    if report.refusals:
        raise click.exceptions.Exit(1)
