"""`import_rows`: check every row, then save practitioners many to a transaction.

Saving one practitioner per transaction spent most of its time on work done once per flush or
commit: the compliance badges refreshed before every commit (compliance/sync.py), the listing
facts refreshed after every flush (credentials/listing.py), and the commit itself. A batch is
staged without autoflush, flushed once (PostgreSQL then inserts many rows per statement), audited
and committed once, so the batch shares that work. Should the database refuse a batch, its
practitioners are saved again one per transaction, so only the one at fault is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from sqlalchemy.exc import SQLAlchemyError

from accounts.models import Role, User
from importer.checks import Line, RowChecker, checked_lines, triage
from importer.parsing import RowProblem
from importer.report import ImportReport, no_progress
from importer.declarations import declare_exosomes
from importer.save import Staged, Stored, audit, chunks, stage
from directory.services import sync_catalogue
from core.extensions import db
from core.refusal import Refusal as ServiceRefusal
from core import clock, faults

# Practitioners per transaction: large enough that per-commit work is shared, small enough that a
# refused batch is cheap to retry one by one and a batch's IN (...) lists stay short.
BATCH_SIZE = 200


@dataclass
class Refusal:
    """A practitioner refused while staging, before anything of theirs reached the session."""

    lines: list[Line]
    reason: str


def _database_reason(error: SQLAlchemyError | ServiceRefusal) -> str:
    """A one-line reason for a row the database (or a service after the flush) refused."""
    if isinstance(error, ServiceRefusal):
        return f"{error.field + ': ' if error.field else ''}{error.message}; nothing of this practitioner was written"
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    return f"could not be saved ({detail}); nothing of this practitioner was written, try the file again"


def _write(groups: list[list[Line]], stored: Stored, actor) -> list[Staged | Refusal]:
    """Stage each practitioner of the batch, flush once, record the audit events, commit."""
    stored.load(groups)
    results: list[Staged | Refusal] = []
    with db.session.no_autoflush:  # queries while staging must not write half a batch
        for group in groups:
            try:
                results.append(stage(group, stored, actor))
            except RowProblem as problem:
                results.append(Refusal(group, str(problem)))
    db.session.flush()  # new rows get their ids, which the audit events name
    for result in results:
        if isinstance(result, Staged):
            result.declared = declare_exosomes(result.practitioner, result.exosomes, actor)
            if result.changed:
                audit(actor, result)
    faults.pause("import.commit")  # tests only: the crash tests kill the import here
    db.session.commit()
    return results


def _count(result: Staged | Refusal, report: ImportReport) -> None:
    """Add a committed practitioner, or a refused one, to the report."""
    if isinstance(result, Refusal):
        for line in result.lines:
            report.refuse(line.number, result.reason)
        return
    report.clinics_added += result.clinics_added
    if result.before is None:
        report.created += 1
    elif result.changed:
        report.updated += 1
    else:
        report.unchanged += 1


def _save_batch(groups: list[list[Line]], stored: Stored, actor, report: ImportReport) -> None:
    """Save a batch in one transaction; if the database refuses it, save its practitioners one by one."""
    try:
        results = _write(groups, stored, actor)
    except (SQLAlchemyError, ServiceRefusal) as error:
        db.session.rollback()
        if len(groups) > 1:
            for group in groups:
                _save_batch([group], stored, actor, report)
        else:
            _count(Refusal(groups[0], _database_reason(error)), report)
        return
    for result in results:
        _count(result, report)


def import_rows(rows, admin: User | None = None, progress=no_progress, today: date | None = None) -> ImportReport:
    """Import practitioner rows (dicts keyed by column) and report what was done and refused.

    Practitioners are committed in batches, so anything the caller left uncommitted is committed
    too. `progress(label, length)` opens a progress bar, such as `click.progressbar`'s.
    """
    if admin is not None and not admin.has_role(Role.ADMIN):
        raise ValueError(f"{admin.email} is not an admin, so cannot verify registrations.")
    # Who did it, kept apart from the session: every commit below would otherwise reload the admin.
    actor = SimpleNamespace(id=admin.id if admin else None, email=admin.email if admin else "")
    sync_catalogue()
    db.session.commit()
    report = ImportReport()
    groups = triage(checked_lines(rows, RowChecker(today or clock.today()), progress), report)
    stored = Stored.find(groups)
    with progress("Saving practitioners", len(groups)) as bar:
        for batch in chunks(groups, BATCH_SIZE):
            _save_batch(batch, stored, actor, report)
            bar.update(len(batch))
    return report
