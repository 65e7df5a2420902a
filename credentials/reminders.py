"""Expiry reminders for practitioners and the next-checks list for admins, each sent once.

A sent reminder is stored (CredentialReminder) before the mail goes out, in the same
transaction, so a second run, even one started at the same moment by cron, sends nothing new:
the unique constraint refuses the second row and that run skips the reminder.
"""
import smtplib
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from flask import current_app, url_for
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, selectinload

from accounts.models import Role, User
from core.extensions import db
from core.mail import send_mail
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
    failures: list[str] = field(default_factory=list)


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


def _send_once(credentials, kind: str, to: str, subject: str, text: str, run: ReminderRun,
               recipient: str | None = None) -> bool:
    """Claim, mail and commit one reminder; on a mail failure nothing is stored, so the next run retries.

    Each reminder is its own transaction, so one that cannot be sent leaves the others sent and
    stored, and a claim another run made at the same moment is seen as soon as it commits.
    """
    if not claim_reminders(credentials, kind, recipient or to):
        return False
    try:
        send_mail(to, subject, text)
    except (OSError, smtplib.SMTPException) as error:
        db.session.rollback()
        current_app.logger.warning("Reminder to %s not sent: %s", recipient, error)
        run.failures.append(to)
        return False
    db.session.commit()
    return True


def _expiry_text(practitioner, credentials) -> str:
    """The practitioner's reminder: what expires when, and where to upload the renewal."""
    lines = "\n".join(f"- {describe(c)}: expires on {c.expires_on:%-d %B %Y}" for c in credentials)
    return (f"Hello {practitioner.name},\n\nThese credentials expire soon:\n\n{lines}\n\nWhen a professional "
            "registration expires, your profile leaves the directory until we verify the renewal. Upload the "
            f"renewed document here: {link('practice.credentials')}\n\nVerity")


def _checks_text(credentials) -> str:
    """The admins' list of next checks due."""
    lines = "\n".join(f"- {c.next_check_on:%-d %B %Y}: {c.practitioner.name}, {describe(c)} "
                      f"({link('admin.credential', credential_id=c.id)})" for c in credentials)
    return f"These credentials are due for their next check:\n\n{lines}\n\nVerity"


def send_reminders(today: date) -> ReminderRun:
    """Email practitioners about credentials expiring within 30 days, and admins the checks due."""
    run = ReminderRun()
    by_practitioner = groupby(expiring(today), key=lambda c: c.practitioner)
    for practitioner, group in [(p, list(g)) for p, g in by_practitioner]:
        if _send_once(group, "expiry", practitioner.user.email, "Your Verity credentials expire soon",
                      _expiry_text(practitioner, group), run):
            run.expiry_emails += 1
    due = checks_due(today)
    admins = list(db.session.scalars(select(User.email).where(User.role == Role.ADMIN.value).order_by(User.id)))
    if due and admins:
        # One claim covers every admin: one message to all of them, recorded as sent to "admins".
        if _send_once(due, "next_check", ", ".join(admins), f"{len(due)} credential check{'' if len(due) == 1 else 's'} due",
                      _checks_text(due), run, recipient="admins"):
            run.next_check_items = len(due)
    return run
