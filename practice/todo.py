"""The practitioner's to-do figures, each a link to where the work is.

To add one (bookings to mark attended, say): append a Todo in `todos`, counted by the same
query its page lists; tests/practice/test_todo.py checks each figure against its page.
"""
from dataclasses import dataclass

from flask import url_for

from compliance.moderation import held_texts
from compliance.models import ReviewStatus
from compliance.queries import current_declaration
from credentials.models import CredentialStatus
from credentials.queries import latest_versions


@dataclass(frozen=True)
class Todo:
    """One figure on the practitioner's overview: what is waiting, how many, and where to deal with it."""

    label: str
    count: int
    link: str


def todos(practitioner, to_confirm: list, checklist: list) -> list[Todo]:
    """What waits for the practitioner, from the lists their pages show."""
    latest = latest_versions(practitioner)
    declaration = current_declaration(practitioner)
    returned = declaration is not None and declaration.review_status == ReviewStatus.RETURNED.value
    return [
        Todo("Bookings to confirm", len(to_confirm), "#to-confirm-heading"),
        Todo("Credentials to correct", sum(c.status == CredentialStatus.REJECTED.value for c in latest),
             url_for("practice.credentials")),
        Todo("Credentials waiting for our review", sum(c.status == CredentialStatus.PENDING.value for c in latest),
             url_for("practice.credentials")),
        Todo("Wording held back from patients", len(held_texts(practitioner)), "#claims-held-heading"),
        Todo("Exosome declaration sent back", int(returned), url_for("practice.exosomes")),
        Todo("Profile steps left", sum(not done for _, _, done in checklist), "#checklist-heading"),
    ]
