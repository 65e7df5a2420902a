"""The admin's overview: what waits in each queue, each figure a link to the queue that lists it.

Each counter is counted by the very query its queue lists, so the figure and the queue agree.
To add one (reviews held, say): write its count beside the queue's query and add a Counter to
QUEUES below; tests/admin/test_dashboard.py checks every counter against the page it links to.
"""
from dataclasses import dataclass, field
from typing import Callable

from flask import render_template, url_for
from sqlalchemy import Select, func, select

from accounts.models import User
from admin.blueprint import bp
from batches import queries as batch_queries
from compliance import moderation
from compliance import queries as compliance_queries
from complications import queries as complication_queries
from core import outbox
from core.extensions import db
from credentials import queries as credential_queries
from directory import queries as directory_queries
from licensing import queries as licence_queries
from reviews import queries as review_queries


def count(statement: Select) -> int:
    """How many rows a queue's select lists (every page of it)."""
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


@dataclass(frozen=True)
class Counter:
    """One figure on the overview: what it counts, how, and the queue that lists those rows."""

    label: str
    count: Callable[[], int]
    endpoint: str
    args: dict = field(default_factory=dict)

    def link(self) -> str:
        """The queue's address."""
        return url_for(self.endpoint, **self.args)


QUEUES = [
    Counter("Credentials waiting for review", lambda: count(credential_queries.pending()), "admin.queue"),
    Counter("Registration numbers held twice", lambda: count(credential_queries.pending(show="duplicates")),
            "admin.queue", {"show": "duplicates"}),
    Counter("Exosome declarations waiting", lambda: len(compliance_queries.waiting()), "admin.declarations"),
    Counter("Wording waiting for review", lambda: len(moderation.waiting()), "admin.claims"),
    Counter("Reviews held or reported", lambda: len(review_queries.waiting()), "admin.reviews"),
    Counter("Bookings held for compliance", lambda: count(directory_queries.practitioners(state="held")),
            "admin.practitioners", {"state": "held"}),
    Counter("Checks due today or overdue", lambda: count(credential_queries.pending(show="checks_due")),
            "admin.queue", {"show": "checks_due"}),
    Counter("Problems reported, not closed", lambda: count(complication_queries.open_reports()), "admin.problems"),
    Counter("Licences waiting for review", lambda: count(licence_queries.pending()), "admin.licences"),
    Counter("Recalls with people not yet told", lambda: count(batch_queries.waiting()), "admin.recalls"),
    Counter("Emails that failed", lambda: outbox.counts()[outbox.FAILED], "admin.outbox_page"),
]
TOTALS = [
    Counter("Practitioners", lambda: count(directory_queries.practitioners()), "admin.practitioners"),
    Counter("Suspended practitioners", lambda: count(directory_queries.practitioners(state="suspended")),
            "admin.practitioners", {"state": "suspended"}),
]


@bp.get("/")
def dashboard():
    """What waits for an admin, each figure linking to its queue, and the site's totals."""
    return render_template("admin/dashboard.html", queues=[(c, c.count()) for c in QUEUES],
                           totals=[(c, c.count()) for c in TOTALS],
                           accounts=db.session.scalar(select(func.count(User.id))))
