"""The booking API: free slots of a practitioner, booking one, and the patient's own bookings: see one, move one.

Changes need the session login plus X-CSRFToken.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import jsonify, request
from flask_login import current_user

from api.problems import (CANNOT_MOVE, ELIGIBILITY, INVALID_BODY, INVALID_DATE, INVALID_INSTANT, MISSING_PARAMETER, NOT_FOUND,
                          OUT_OF_RANGE, REFUSED, SLOT_TAKEN, UNAUTHORIZED, bad_request, only_members)
from api.schemas import BOOKING_REQUEST, RESCHEDULE_REQUEST
from booking import emails, flow
from booking.bookable import NOT_BOOKABLE, check_bookable
from booking.queries import listed_clinics, patients_booking, requirements
from booking.schedule import MAX_DAYS, Slot, bookable_slots, zone_of
from booking.services import BookingRequest, SlotTaken, book, reschedule
from booking.models import Booking, BookingStatus
from core import clock
from core.extensions import MAX_ID, db
from core.refusal import Refusal
from directory.listing import is_listed
from directory.models import Practitioner

FROM_RANGE = timedelta(days=3652)  # how far from today the first day of a slots request may be
DEFAULT_DAYS = 7


def _iso(instant: datetime, zone_name: str) -> str:
    """An instant in ISO 8601 on the clinic's clocks, with its offset."""
    return instant.astimezone(zone_of(zone_name)).isoformat()


def slot_json(slot: Slot, zone_name: str) -> dict:
    """One slot as the API gives it."""
    return {"starts_at": _iso(slot.starts_at, zone_name), "ends_at": _iso(slot.ends_at, zone_name)}


def _is_id(value) -> bool:
    """Whether a value can be a row id: a whole number in the database's range (SQLite refused larger: a 500)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def not_found(message: str, field: str | None = None) -> Refusal:
    """Nothing listed answers to what the request names: a 404."""
    return Refusal(NOT_FOUND, message, field, status=404)


def _target(practitioner_id, treatment: str | None, clinic_arg: str | None, now: datetime):
    """The listed practitioner, their offering of a treatment and their clinic, or a Refusal."""
    practitioner = db.session.get(Practitioner, practitioner_id) if _is_id(practitioner_id) else None
    if practitioner is None or not is_listed(practitioner, now.date()):
        raise not_found(f"No listed practitioner has the id {practitioner_id}.")
    check_bookable(practitioner)  # 409 not_bookable: listed, but taking no new bookings
    if not treatment:
        raise bad_request(MISSING_PARAMETER, "Give the treatment's slug as treatment.", "treatment")
    offering = next((o for o in practitioner.offerings if o.treatment.slug == treatment), None)
    if offering is None:
        raise not_found(f"This practitioner does not offer the treatment {treatment!r}.", "treatment")
    clinics = listed_clinics(practitioner, now.date())
    if clinic_arg in (None, "") and len(clinics) == 1:
        return practitioner, offering, clinics[0]
    clinic = next((c for c in clinics if str(c.id) == str(clinic_arg)), None)
    if clinic is None:
        message = "Give the id of one of this practitioner's clinics as clinic."
        raise not_found(message, "clinic") if clinic_arg else bad_request(MISSING_PARAMETER, message, "clinic")
    return practitioner, offering, clinic


def _days(args, clinic, now: datetime):
    """The first date and number of days asked for, or a Refusal."""
    today = now.astimezone(zone_of(clinic.time_zone)).date()
    first = flow.parse_day(args.get("from")) if args.get("from") else today
    if first is None:
        raise bad_request(INVALID_DATE, "Give from as a date, YYYY-MM-DD, within ten years of today.", "from")
    # No slot lies years away (the horizon is at most a year); dates near 0001 or 9999 overflowed into a 500.
    if abs(first - today) > FROM_RANGE:
        raise bad_request(OUT_OF_RANGE, "Give from as a date within ten years of today.", "from")
    raw = args.get("days", str(DEFAULT_DAYS))
    # isdecimal, not isdigit: "²" is a digit that int() refuses, which made a 500.
    if not raw.isdecimal() or not 1 <= int(raw) <= MAX_DAYS:
        raise bad_request(OUT_OF_RANGE, f"days must be a whole number from 1 to {MAX_DAYS}.", "days")
    return first, int(raw)


def _patient():
    """The logged-in patient, or None."""
    return current_user if current_user.is_authenticated and current_user.has_role("patient") else None


def slots(practitioner_id: int):
    """Bookable slots of one treatment at one clinic, in the clinic's zone, as ISO 8601 with offsets."""
    now = clock.now()
    practitioner, offering, clinic = _target(practitioner_id, request.args.get("treatment"),
                                             request.args.get("clinic"), now)
    first, days = _days(request.args, clinic, now)
    needs = requirements(_patient(), offering, clinic, now)
    kind = needs.kind
    found = bookable_slots(practitioner, offering, clinic, first, days, now, kind=kind)
    return jsonify({"practitioner_id": practitioner.id, "treatment": offering.treatment.slug, "clinic": clinic.id,
                    "kind": kind, "still_to_do": needs.still_to_do, "time_zone": clinic.time_zone, "from": first.isoformat(), "days": days,
                    "slots": [slot_json(s, clinic.time_zone) for s in found]})


def booking_json(booking: Booking) -> dict:
    """A booking as the API gives it; a cancelled one says why (`code` set when Verity cancelled it)."""
    cancelled = booking.status == BookingStatus.CANCELLED.value
    return {"id": booking.id, "status": booking.status, "kind": booking.kind, "treatment": booking.treatment.slug,
            "practitioner_id": booking.practitioner_id, "clinic": booking.clinic_id, "time_zone": booking.time_zone,
            "starts_at": _iso(booking.starts_at, booking.time_zone), "ends_at": _iso(booking.ends_at, booking.time_zone),
            "consent_version": booking.consent_version,
            "cancellation": {"code": booking.cancellation_code, "reason": booking.cancellation_reason}
            if cancelled else None}


def _booking_request(body, now: datetime) -> BookingRequest:
    """The booking a JSON body asks for, or a Refusal."""
    if not isinstance(body, dict):
        raise bad_request(INVALID_BODY, "Send a JSON object.")
    only_members(body, BOOKING_REQUEST)
    practitioner, offering, clinic = _target(body.get("practitioner_id"), body.get("treatment"),
                                             body.get("clinic"), now)
    starts_at = flow.parse_instant(body.get("starts_at") if isinstance(body.get("starts_at"), str) else None)
    if starts_at is None:
        raise bad_request(INVALID_INSTANT, "Give starts_at as an ISO 8601 instant with an offset.", "starts_at")
    text = {k: body.get(k) if isinstance(body.get(k), str) else "" for k in ("patient_name", "patient_phone", "notes")}
    consent = body.get("consent_version")
    return BookingRequest(practitioner, offering, clinic, starts_at, adult_confirmed=body.get("adult_confirmed") is True,
                          consent_version=consent if isinstance(consent, str) else None, **text)


def create_booking():
    """Book a slot as the logged-in patient: 201 with the booking, or 409 with the nearest free slots."""
    now = clock.now()
    if not current_user.is_authenticated:
        raise Refusal(UNAUTHORIZED, "Log in as a patient to book.", status=401)
    wanted = _booking_request(request.get_json(silent=True), now)
    try:
        booking = book(current_user, wanted, now)
    except SlotTaken as taken:
        raise Refusal(SLOT_TAKEN, "This time was just taken by someone else.", taken.field, status=409,
                      alternatives=[slot_json(s, taken.time_zone) for s in taken.alternatives]) from taken
    except Refusal as error:  # the rules say no: 403, or 400 when one field is to blame (409 when not bookable)
        db.session.rollback()
        if error.code == NOT_BOOKABLE or error.code in ELIGIBILITY:
            raise
        raise Refusal(REFUSED, error.message, error.field, status=403 if error.field is None else 400) from error
    emails.announce(booking, "created", now, to_practitioner=True)
    db.session.commit()
    return jsonify({"booking": booking_json(booking)}), 201


def _own_booking(booking_id) -> Booking:
    """The logged-in patient's booking, or a 401 / 404 problem (another patient's is treated as missing)."""
    if not current_user.is_authenticated:
        raise Refusal(UNAUTHORIZED, "Log in as a patient to see your bookings.", status=401)
    booking = patients_booking(current_user, booking_id) if _is_id(booking_id) else None
    if booking is None:
        raise not_found(f"You have no booking with the id {booking_id}.")
    return booking


def get_booking(booking_id: int):
    """One of the logged-in patient's bookings: its status and, when cancelled, why."""
    return jsonify({"booking": booking_json(_own_booking(booking_id))})


def reschedule_booking(booking_id: int):
    """Move one of the patient's bookings: 200, or 409 when it is cancelled, its practitioner unlisted, or taken."""
    now = clock.now()
    booking, body = _own_booking(booking_id), request.get_json(silent=True)
    if not isinstance(body, dict):
        raise bad_request(INVALID_BODY, "Send a JSON object.")
    only_members(body, RESCHEDULE_REQUEST)
    starts_at = flow.parse_instant(body.get("starts_at") if isinstance(body.get("starts_at"), str) else None)
    if starts_at is None:
        raise bad_request(INVALID_INSTANT, "Give starts_at as an ISO 8601 instant with an offset.", "starts_at")
    try:
        reschedule(booking, starts_at, current_user, now)
    except SlotTaken as taken:
        raise Refusal(SLOT_TAKEN, "This time was just taken by someone else.", taken.field, status=409,
                      alternatives=[slot_json(s, taken.time_zone) for s in taken.alternatives]) from taken
    except Refusal as error:  # cancelled or unlisted: 409 with its own code; any other rule: as for booking
        db.session.rollback()
        if error.code in CANNOT_MOVE:
            raise Refusal(error.code, error.message, status=409) from error
        if error.code in ELIGIBILITY:
            raise
        raise Refusal(REFUSED, error.message, error.field, status=403 if error.field is None else 400) from error
    emails.announce(booking, "changed", now, to_practitioner=True)
    db.session.commit()
    return jsonify({"booking": booking_json(booking)})
