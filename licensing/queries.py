"""Reading licences for the screens and the rules: the queue, one's own, and the current one of each kind."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from licensing.models import Licence, LicenceStatus, Oversight, OversightStatus


def pending() -> Select:
    """Licences waiting for an admin, oldest first."""
    return (select(Licence).where(Licence.status == LicenceStatus.PENDING.value)
            .options(selectinload(Licence.practitioner), selectinload(Licence.clinic))
            .order_by(Licence.submitted_at, Licence.id))


def same_licence(licence: Licence, status: str) -> list[Licence]:
    """Other licences of the same practitioner, kind and clinic in a status (the ones a new one replaces)."""
    return list(db.session.scalars(select(Licence).where(
        Licence.practitioner_id == licence.practitioner_id, Licence.kind == licence.kind,
        Licence.clinic_id.is_(None) if licence.clinic_id is None else Licence.clinic_id == licence.clinic_id,
        Licence.status == status, Licence.id != licence.id)))


def owned_licence(practitioner, licence_id: int) -> Licence | None:
    """The practitioner's own licence with this id, or None (another's is treated as missing)."""
    licence = db.session.get(Licence, licence_id)
    return licence if licence is not None and licence.practitioner_id == practitioner.id else None


def licences_of(practitioner) -> list[Licence]:
    """The practitioner's licences that are not replaced, by kind and clinic, newest first."""
    return list(db.session.scalars(select(Licence).where(
        Licence.practitioner_id == practitioner.id, Licence.status != LicenceStatus.REPLACED.value)
        .options(selectinload(Licence.clinic))
        .order_by(Licence.kind, Licence.clinic_id, Licence.submitted_at.desc(), Licence.id.desc())))


def current_licence(practitioner_id: int, kind: str, clinic_id: int | None, today: date) -> Licence | None:
    """The verified, unexpired licence of this kind (for this clinic), the one lasting longest, or None."""
    rows = db.session.scalars(select(Licence).where(
        Licence.practitioner_id == practitioner_id, Licence.kind == kind,
        Licence.status == LicenceStatus.VERIFIED.value,
        Licence.clinic_id.is_(None) if clinic_id is None else Licence.clinic_id == clinic_id))
    current = [r for r in rows if r.is_current(today)]
    return max(current, key=lambda r: (r.expires_on or date.max, r.id), default=None)


def oversight_of(practitioner_id: int) -> Oversight | None:
    """The practitioner's latest request for oversight that is asked or accepted, or None."""
    return db.session.scalars(select(Oversight).where(
        Oversight.practitioner_id == practitioner_id,
        Oversight.status.in_((OversightStatus.ASKED.value, OversightStatus.ACCEPTED.value)))
        .order_by(Oversight.id.desc())).first()


def overseer_of(practitioner_id: int):
    """The practitioner who accepted to oversee this one's amber-tier work, or None."""
    link = oversight_of(practitioner_id)
    return link.overseer if link is not None and link.status == OversightStatus.ACCEPTED.value else None


def oversight_asks(overseer) -> list[Oversight]:
    """Requests to this practitioner to oversee someone, asked or accepted, newest first."""
    return list(db.session.scalars(select(Oversight).where(
        Oversight.overseer_id == overseer.id,
        Oversight.status.in_((OversightStatus.ASKED.value, OversightStatus.ACCEPTED.value)))
        .options(selectinload(Oversight.practitioner)).order_by(Oversight.id.desc())))


def asked_of(overseer, oversight_id: int) -> Oversight | None:
    """A request made to this overseer, or None (another's is treated as missing)."""
    link = db.session.get(Oversight, oversight_id)
    return link if link is not None and link.overseer_id == overseer.id else None
