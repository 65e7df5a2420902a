"""Expiry warnings 30 and 7 days ahead, to practitioners and to admins, and the next-checks list for admins, each sent once.

A credential expiring within 30 days (but more than 7) earns the 30-day warning; within 7, the
7-day one, so a credential first seen 5 days ahead gets only the last. Admins hear about
registrations only: those are what keep a practitioner listed, and their bookings after the
expiry date are cancelled on it (booking.services.delisting) unless the renewal is verified first.

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
from credentials.models import Credential, CredentialKind, CredentialReminder, CredentialStatus
from credentials.rules import describe
from credentials.services import claim_reminders

EXPIRY_WINDOW_DAYS = 30
FINAL_WINDOW_DAYS = 7
NEXT_CHECK_WINDOW_DAYS = 7
# Reminder kind -> days ahead (nearest, furthest) the expiry falls in, for the practitioner's and the admins' warnings.
PRACTITIONER_WARNINGS = {"expiry": (FINAL_WINDOW_DAYS + 1, EXPIRY_WINDOW_DAYS), "expiry_7": (0, FINAL_WINDOW_DAYS)}
ADMIN_WARNINGS = {"admin_expiry": (FINAL_WINDOW_DAYS + 1, EXPIRY_WINDOW_DAYS), "admin_expiry_7": (0, FINAL_WINDOW_DAYS)}


@dataclass
class ReminderRun:
    """What one run sent, for the command's summary."""

    expiry_emails: int = 0
    next_check_items: int = 0
    admin_expiry_items: int = 0


def _not_replaced():
    """SQL condition: no newer version of the credential exists (a renewal is already with us)."""
    newer = aliased(Credential)
    return ~exists().where(newer.supersedes_id == Credential.id)


def _not_sent(kind: str, due_column):
    """SQL condition: no reminder of this kind was sent about this date yet."""
    return ~exists().where(CredentialReminder.credential_id == Credential.id, CredentialReminder.kind == kind,
                           CredentialReminder.due_on == due_column)


def expiring(today: date, kind: str = "expiry", window: tuple[int, int] = PRACTITIONER_WARNINGS["expiry"],
             registrations_only: bool = False) -> list[Credential]:
    """Verified credentials expiring `window` days ahead whose reminder of this kind has not been sent."""
    nearest, furthest = window
    query = select(Credential).where(
        Credential.status == CredentialStatus.VERIFIED.value,
        Credential.expires_on.between(today + timedelta(days=nearest), today + timedelta(days=furthest)),
        _not_replaced(), _not_sent(kind, Credential.expires_on))
    if registrations_only:
        query = query.where(Credential.kind == CredentialKind.REGISTRATION.value)
    return list(db.session.scalars(query.options(selectinload(Credential.practitioner))
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


def _warn_practitioners(today: date, run: ReminderRun) -> None:
    """Each practitioner with credentials expiring 30 (or 7) days ahead: one email per warning, once."""
    for kind, window in PRACTITIONER_WARNINGS.items():
        final = kind == "expiry_7"
        subject = "Your Verity credentials expire within 7 days" if final else "Your Verity credentials expire soon"
        by_practitioner = groupby(expiring(today, kind, window), key=lambda c: c.practitioner)
        for practitioner, group in [(p, list(g)) for p, g in by_practitioner]:
            if _queue_once(group, kind, practitioner.user.email, subject, "credentials/expiring",
                           {"practitioner": practitioner, "items": _listed(group), "final": final,
                            "link": link("practice.credentials")}):
                run.expiry_emails += 1


def _warn_admins(today: date, admins: list[str], run: ReminderRun) -> None:
    """The admins: registrations expiring 30 (or 7) days ahead, in one message to all of them per warning."""
    for kind, window in ADMIN_WARNINGS.items():
        due = expiring(today, kind, window, registrations_only=True)
        if not due or not admins:
            continue
        subject = (f"{len(due)} registration{'' if len(due) == 1 else 's'} expire"
                   f"{'s' if len(due) == 1 else ''} within {window[1]} days")
        if _queue_once(due, kind, ", ".join(admins), subject, "credentials/expiring_admins",
                       {"items": _listed(due, with_links=True), "days": window[1]}, recipient="admins"):
            run.admin_expiry_items += len(due)


def send_reminders(today: date) -> ReminderRun:
    """Queue the expiry warnings (practitioners and admins, 30 and 7 days ahead) and the admins' checks due."""
    run = ReminderRun()
    _warn_practitioners(today, run)
    admins = list(db.session.scalars(select(User.email).where(User.role == Role.ADMIN.value).order_by(User.id)))
    _warn_admins(today, admins, run)
    due = checks_due(today)
    if due and admins:
        # One claim covers every admin: one message to all of them, recorded as sent to "admins".
        subject = f"{len(due)} credential check{'' if len(due) == 1 else 's'} due"
        if _queue_once(due, "next_check", ", ".join(admins), subject, "credentials/checks_due",
                       {"items": _listed(due, with_links=True)}, recipient="admins"):
            run.next_check_items = len(due)
    return run
