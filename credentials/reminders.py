"""Expiry reminders for practitioners and the next-checks list for admins, each sent once.

A reminder is stored (CredentialReminder) and its email queued in the same transaction, so a
second run, even one started at the same moment by cron, queues nothing new: the unique
constraint refuses the second row and that run skips the reminder.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from flask import current_app, url_for
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, selectinload

from accounts.models import Role, User
from core import mail
from core.extensions import db
from credentials.models import Credential, CredentialReminder, CredentialStatus
from credentials.rules import describe
from credentials.services import claim_reminders

EXPIRY_WINDOW_DAYS = 30
NEXT_CHECK_WINDOW_DAYS = 7


@dataclass
class ReminderRun:
    """What one run sent, for the command's summary."""

    expiry_emails: int = 0
    next_check_items: int = 0


def _not_replaced():
    """SQL condition: no newer version of the credential exists (a renewal is already with us)."""
    newer = aliased(Credential)
    return ~exists().where(newer.supersedes_id == Credential.id)


def _not_sent(kind: str, due_column):
    """SQL condition: no reminder of this kind was sent about this date yet."""
    return ~exists().where(CredentialReminder.credential_id == Credential.id, CredentialReminder.kind == kind,
                           CredentialReminder.due_on == due_column)


def expiring(today: date) -> list[Credential]:
    """Verified credentials expiring within the window whose reminder has not been sent."""
    return list(db.session.scalars(
        select(Credential).where(Credential.status == CredentialStatus.VERIFIED.value,
                                 Credential.expires_on.between(today, today + timedelta(days=EXPIRY_WINDOW_DAYS)),
                                 _not_replaced(), _not_sent("expiry", Credential.expires_on))
        .options(selectinload(Credential.practitioner))
        .order_by(Credential.practitioner_id, Credential.expires_on, Credential.id)))


def checks_due(today: date) -> list[Credential]:
    """Verified credentials whose next check falls within the window (or has passed), not yet listed."""
    return list(db.session.scalars(
        select(Credential).where(Credential.status == CredentialStatus.VERIFIED.value,
                                 Credential.next_check_on <= today + timedelta(days=NEXT_CHECK_WINDOW_DAYS),
                                 _not_replaced(), _not_sent("next_check", Credential.next_check_on))
        .options(selectinload(Credential.practitioner))
        .order_by(Credential.next_check_on, Credential.id)))


def link(endpoint: str, **values) -> str:
    """A full URL when SERVER_NAME is set (as it should be for cron), else the path."""
    try:
        return url_for(endpoint, _external=True, **values)
    except RuntimeError:
        return current_app.url_map.bind("").build(endpoint, values)


def _queue_once(credentials, kind: str, to: str, subject: str, template: str, context: dict,
                recipient: str | None = None) -> bool:
    """Claim, queue and commit one reminder; False when another run already claimed it.

    Each reminder is its own transaction, so a claim another run made at the same moment is seen
    as soon as it commits; the email waits in the outbox until the worker delivers it.
    """
    if not claim_reminders(credentials, kind, recipient or to):
        return False
    mail.queue(to, subject, template, context)
    db.session.commit()
    return True


def _listed(credentials, with_links: bool = False) -> list[dict]:
    """The credentials as a reminder lists them: each with its description (and admin link)."""
    return [{"credential": c, "what": describe(c),
             "link": link("admin.credential", credential_id=c.id) if with_links else None} for c in credentials]


def send_reminders(today: date) -> ReminderRun:
    """Queue emails to practitioners about credentials expiring within 30 days, and to admins the checks due."""
    run = ReminderRun()
    by_practitioner = groupby(expiring(today), key=lambda c: c.practitioner)
    for practitioner, group in [(p, list(g)) for p, g in by_practitioner]:
        if _queue_once(group, "expiry", practitioner.user.email, "Your Verity credentials expire soon",
                       "credentials/expiring", {"practitioner": practitioner, "items": _listed(group),
                                                "link": link("practice.credentials")}):
            run.expiry_emails += 1
    due = checks_due(today)
    admins = list(db.session.scalars(select(User.email).where(User.role == Role.ADMIN.value).order_by(User.id)))
    if due and admins:
        # One claim covers every admin: one message to all of them, recorded as sent to "admins".
        subject = f"{len(due)} credential check{'' if len(due) == 1 else 's'} due"
        if _queue_once(due, "next_check", ", ".join(admins), subject, "credentials/checks_due",
                       {"items": _listed(due, with_links=True)}, recipient="admins"):
            run.next_check_items = len(due)
    return run
