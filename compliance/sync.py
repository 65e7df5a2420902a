"""The stored badge rows search filters on, and keeping them up to date (with the texts' checks).

`refresh_badges` recomputes rows with `badges_for`. A session hook calls it before every commit
for each practitioner whose declaration, bio, treatment notes or clinics (country, blurb, added
or removed) changed in that transaction, whoever changed them: the practice pages, the importer,
an admin tool. Search reads the rows through its listing index (directory/index.py). The same refresh re-checks
the practitioners' public texts (compliance/moderation.py), so an unsure text waits for an admin.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from flask import has_app_context
from sqlalchemy import inspect, select

from compliance import moderation
from compliance.badge import badges_for
from compliance.models import ExosomeDeclaration
from directory.models import Clinic, ComplianceBadgeRow, Offering, Practitioner
from core.db import Hook, forget_on_rollback
from core import clock
from core.extensions import db

PENDING_KEY = "compliance_badges_to_refresh"
# The attributes whose change can change a badge.
WATCHED = {Practitioner: ("bio", "clinics", "offerings"), Clinic: ("country", "blurb", "practitioner_id"),
           Offering: ("description", "practitioner_id")}


def refresh_badges(practitioner_ids, today: date | None = None) -> Counter:
    """Re-check these practitioners' public texts and recompute their badge rows (no commit); count the texts."""
    ids = [i for i in dict.fromkeys(practitioner_ids) if i is not None]
    counts: Counter = Counter()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        counts += moderation.recheck(chunk)
        badges = badges_for(chunk, today)
        rows = {r.practitioner_id: r for r in db.session.scalars(
            select(ComplianceBadgeRow).where(ComplianceBadgeRow.practitioner_id.in_(chunk)))}
        for practitioner_id, badge in badges.items():
            row = rows.get(practitioner_id) or ComplianceBadgeRow(practitioner_id=practitioner_id)
            row.status, row.uses_human_exosomes = badge.status, badge.uses_human_exosomes
            row.rules_broken = ",".join(badge.rules_broken)
            if badge.status == "not_compliant" and row.bookings_held_since is None:
                row.bookings_held_since = clock.now()  # held until an admin clears it
            db.session.add(row)
    return counts


def refresh_badge(practitioner: Practitioner, today: date | None = None) -> None:
    """Recompute and store one practitioner's badge row (no commit)."""
    db.session.flush()
    refresh_badges([practitioner.id], today)


def refresh_all_badges(today: date | None = None) -> int:
    """Recompute every practitioner's row, as after a migration; return how many."""
    return refresh_all(today)[0]


def refresh_all(today: date | None = None) -> tuple[int, Counter]:
    """Re-check every stored text (skipping those the current checker already judged) and recompute every badge."""
    ids = list(db.session.scalars(select(Practitioner.id)))
    return len(ids), refresh_badges(ids, today)


def _touched(obj) -> int | Practitioner | None:
    """The practitioner (or their id) whose badge a changed object may change."""
    if isinstance(obj, Practitioner):
        return obj.id if obj.id is not None else obj
    if isinstance(obj, ExosomeDeclaration):
        return obj.practitioner_id or obj.practitioner
    practitioner_id = getattr(obj, "practitioner_id", None)
    return practitioner_id if practitioner_id is not None else getattr(obj, "practitioner", None)


def _changed(obj) -> bool:
    """True when a dirty object changed an attribute the badge reads."""
    if isinstance(obj, ExosomeDeclaration):
        return True
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in WATCHED.get(type(obj), ()))


def _collect(session, flush_context, instances) -> None:
    """Before a flush: note whose badge the pending changes affect."""
    pending = session.info.setdefault(PENDING_KEY, [])
    for obj in list(session.new) + list(session.deleted):
        if isinstance(obj, (Practitioner, Clinic, Offering, ExosomeDeclaration)):
            pending.append(_touched(obj))
    for obj in session.dirty:
        if isinstance(obj, (Practitioner, Clinic, Offering, ExosomeDeclaration)) and _changed(obj):
            pending.append(_touched(obj))
    # Old values matter too: a clinic moved to another practitioner changes both badges.
    for obj in session.dirty:
        if isinstance(obj, (Clinic, Offering)):
            pending.extend(inspect(obj).attrs.practitioner_id.history.deleted or ())


def _refresh_pending(session) -> None:
    """Before a commit: flush, then refresh the badges the transaction's changes affect."""
    if not has_app_context() or session is not db.session():
        return
    session.flush()  # commit flushes after this hook: do it now so every change is collected
    pending = session.info.pop(PENDING_KEY, [])
    ids = {p.id if isinstance(p, Practitioner) else p for p in pending if p is not None}
    ids.discard(None)
    existing = set(session.scalars(select(Practitioner.id).where(Practitioner.id.in_(ids)))) if ids else set()
    if existing:
        refresh_badges(existing)
        session.flush()
    session.info.pop(PENDING_KEY, None)


# Stored badges follow every change that affects them. After a savepoint's rollback the pending list
# stays: a practitioner noted only inside it is just recomputed from what is stored, which is harmless.
HOOKS = (Hook("before_flush", _collect), Hook("before_commit", _refresh_pending),
         Hook("after_soft_rollback", forget_on_rollback(PENDING_KEY)))
