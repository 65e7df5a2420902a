"""Demo booking data: opening hours for every clinic, and a few bookings for the demo logins. Safe to re-run."""
from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select

from accounts.models import User
from booking.models import Booking, OpeningHours
from booking.schedule import bookable_slots
from booking.services import BookingRequest, book
from directory.models import Clinic, Practitioner
from core.extensions import db
from core.refusal import Refusal

WEEKDAY_HOURS = (time(9), time(17, 30), time(13), time(14))
SATURDAY_HOURS = (time(10), time(14), None, None)


def seed_opening_hours() -> int:
    """Give every clinic without hours Monday to Friday 09:00-17:30 (lunch 13:00-14:00) and Saturday mornings."""
    with_hours = set(db.session.scalars(select(OpeningHours.clinic_id).distinct()))
    added = 0
    for clinic_id in db.session.scalars(select(Clinic.id).order_by(Clinic.id)):
        if clinic_id in with_hours:
            continue
        for weekday in range(6):
            opens, closes, break_starts, break_ends = WEEKDAY_HOURS if weekday < 5 else SATURDAY_HOURS
            db.session.add(OpeningHours(clinic_id=clinic_id, weekday=weekday, opens=opens, closes=closes,
                                        break_starts=break_starts, break_ends=break_ends))
        added += 1
    db.session.flush()
    return added


def seed_demo_bookings(now: datetime, practitioner_email: str = "practitioner@verity.example",
                       patient_email: str = "patient@verity.example") -> int:
    """Book the demo patient with the demo practitioner a few times in the coming fortnight (once only)."""
    patient = db.session.scalar(select(User).where(User.email == patient_email))
    practitioner = db.session.scalar(select(Practitioner).join(User, Practitioner.user_id == User.id)
                                     .where(User.email == practitioner_email))
    if patient is None or practitioner is None or not practitioner.offerings or not practitioner.clinics:
        return 0
    if db.session.scalar(select(Booking.id).where(Booking.patient_id == patient.id).limit(1)):
        return 0
    offering, clinic, made = practitioner.offerings[0], practitioner.clinics[0], 0
    slots = bookable_slots(practitioner, offering, clinic, now.date(), 14, now)
    for slot in slots[::max(1, len(slots) // 3)][:3]:
        request = BookingRequest(practitioner, offering, clinic, slot.starts_at, patient_name=patient.name,
                                 adult_confirmed=True)
        try:
            book(patient, request, now)
        except Refusal:
            continue  # e.g. the demo treatment needs a consent the demo cannot give
        made += 1
    return made
