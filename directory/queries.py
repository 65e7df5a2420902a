"""Read-side helpers for the practitioner's and the admins' screens: whose profile, clinic or treatment this is."""
from sqlalchemy import Select, func, or_, select

from accounts.models import User
from core.extensions import db
from directory.models import Clinic, ComplianceBadgeRow, Offering, Practitioner, Treatment


def practitioner_of(user) -> Practitioner | None:
    """The profile belonging to a user account, or None before they have made one."""
    return db.session.scalar(select(Practitioner).where(Practitioner.user_id == user.id))


def own_clinic(practitioner: Practitioner, clinic_id: int) -> Clinic | None:
    """The practitioner's clinic with this id, or None when it is missing or someone else's."""
    clinic = db.session.get(Clinic, clinic_id)
    return clinic if clinic is not None and clinic.practitioner_id == practitioner.id else None


def own_offering(practitioner: Practitioner, offering_id: int) -> Offering | None:
    """The practitioner's offering with this id, or None when it is missing or someone else's."""
    offering = db.session.get(Offering, offering_id)
    return offering if offering is not None and offering.practitioner_id == practitioner.id else None


def treatment_choices(practitioner: Practitioner) -> list[tuple[int, str, str]]:
    """Catalogue treatments not yet listed as (id, name, group), open ones first, then those the profession may not offer."""
    listed = {o.treatment_id for o in practitioner.offerings}
    treatments = [t for t in db.session.scalars(select(Treatment).order_by(Treatment.name)) if t.id not in listed]
    return ([(t.id, t.name, "Open to your profession") for t in treatments if t.allows(practitioner.profession)]
            + [(t.id, t.name, "Not open to your profession") for t in treatments
               if not t.allows(practitioner.profession)])


def practitioners(q: str = "", state: str = "") -> Select:
    """Practitioners by name or email, optionally only the suspended or the active ones, by name."""
    statement = select(Practitioner).join(User, User.id == Practitioner.user_id).order_by(Practitioner.name)
    if q.strip():
        term = q.strip().lower()
        statement = statement.where(or_(func.lower(Practitioner.name).contains(term, autoescape=True),
                                        func.lower(User.email).contains(term, autoescape=True)))
    if state == "suspended":
        statement = statement.where(Practitioner.suspended_at.is_not(None))
    elif state == "active":
        statement = statement.where(Practitioner.suspended_at.is_(None))
    elif state == "held":  # bookings held since the compliance badge was not compliant, until an admin clears it
        statement = statement.where(Practitioner.id.in_(select(ComplianceBadgeRow.practitioner_id).where(
            ComplianceBadgeRow.bookings_held_since.is_not(None))))
    return statement
