"""What an import did, and the silent progress reporter used when nobody watches."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace


@dataclass
class ImportReport:
    """What an import did, and which spreadsheet lines it refused and why."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    clinics_added: int = 0
    refusals: dict[int, str] = field(default_factory=dict)

    def refuse(self, line: int, reason: str) -> None:
        """Record a refused line; the first reason given for a line is the one kept."""
        self.refusals.setdefault(line, reason)

    @property
    def refused(self) -> list[tuple[int, str]]:
        """Refused lines as (line number, reason), in file order."""
        return sorted(self.refusals.items())

    def summary(self) -> str:
        """One line for the end of the command's output."""
        return (f"created {self.created} practitioners, updated {self.updated}, added {self.clinics_added} "
                f"clinics, skipped {self.unchanged} unchanged, {len(self.refusals)} rows refused")


@contextmanager
def no_progress(label: str, length: int):
    """The progress reporter used when nobody watches: same shape as `click.progressbar`."""
    yield SimpleNamespace(update=lambda steps: None)
