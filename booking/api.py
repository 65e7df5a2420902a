"""The booking API: free slots of a practitioner, and booking one (session login plus X-CSRFToken)."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, jsonify, request
from flask_login import current_user

from core import clock

from booking import emails, flow
from booking.queries import requirements
from booking.schedule import MAX_DAYS, Slot, bookable_slots, zone_of
from booking.services import BookingRequest, SlotTaken, book
from booking.models import Booking
from directory.models import Practitioner
from directory.services import is_listed
from core.errors import json_error
from core.extensions import MAX_ID, db
from core.refusal import Refusal

bp = Blueprint("booking_api", __name__, url_prefix="/api/v1")
FROM_RANGE = timedelta(days=3652)  # how far from today the first day of a slots request may be


class ApiError(ValueError):
    """A request the API refuses: HTTP status, code, message and the parameter concerned."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field

    def response(self):
        """The JSON error answer."""
        return json_error(self.status, self.code, self.message, **({"field": self.field} if self.field else {}))


def _iso(instant: datetime, zone_name: str) -> str:
    """An instant in ISO 8601 on the clinic's clocks, with its offset."""
    return instant.astimezone(zone_of(zone_name)).isoformat()


def slot_json(slot: Slot, zone_name: str) -> dict:
    """One slot as the API gives it."""
    return {"starts_at": _iso(slot.starts_at, zone_name), "ends_at": _iso(slot.ends_at, zone_name)}


def _is_id(value) -> bool:
    """Whether a value can be a row id: a whole number in the database's range (SQLite refused larger: a 500)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _target(practitioner_id, treatment: str | None, clinic_arg: str | None, now: datetime):
    """The listed practitioner, their offering of a treatment and their clinic, or ApiError."""
    practitioner = db.session.get(Practitioner, practitioner_id) if _is_id(practitioner_id) else None
    if practitioner is None or not is_listed(practitioner, now.date()):
        raise ApiError(404, "not_found", f"No listed practitioner has the id {practitioner_id}.")
    if not treatment:
        raise ApiError(400, "missing_parameter", "Give the treatment's slug as treatment.", "treatment")
    offering = next((o for o in practitioner.offerings if o.treatment.slug == treatment), None)
    if offering is None:
        raise ApiError(404, "not_found", f"This practitioner does not offer the treatment {treatment!r}.", "treatment")
    if clinic_arg in (None, "") and len(practitioner.clinics) == 1:
        return practitioner, offering, practitioner.clinics[0]
    clinic = next((c for c in practitioner.clinics if str(c.id) == str(clinic_arg)), None)
    if clinic is None:
        raise ApiError(404 if clinic_arg else 400, "not_found" if clinic_arg else "missing_parameter",
                       "Give the id of one of this practitioner's clinics as clinic.", "clinic")
    return practitioner, offering, clinic


def _days(args, clinic, now: datetime):
    """The first date and number of days asked for, or ApiError."""
    today = now.astimezone(zone_of(clinic.time_zone)).date()
    first = flow.parse_day(args.get("from")) if args.get("from") else today
    # No slot lies years away (the horizon is at most a year); dates near 0001 or 9999 overflowed into a 500.
    if first is None or abs(first - today) > FROM_RANGE:
        raise ApiError(400, "invalid_date", "Give from as a date, YYYY-MM-DD, within ten years of today.", "from")
    raw = args.get("days", "7")
    # isdecimal, not isdigit: "²" is a digit that int() refuses, which made a 500.
    if not raw.isdecimal() or not 1 <= int(raw) <= MAX_DAYS:
        raise ApiError(400, "out_of_range", f"days must be a whole number from 1 to {MAX_DAYS}.", "days")
    return first, int(raw)


def _patient():
    """The logged-in patient, or None."""
    return current_user if current_user.is_authenticated and current_user.has_role("patient") else None


@bp.get("/practitioners/<int:practitioner_id>/slots")
def slots(practitioner_id: int):
    """Bookable slots of one treatment at one clinic, in the clinic's zone, as ISO 8601 with offsets."""
    now = clock.now()
    try:
        practitioner, offering, clinic = _target(practitioner_id, request.args.get("treatment"),
                                                 request.args.get("clinic"), now)
        first, days = _days(request.args, clinic, now)
    except ApiError as error:
        return error.response()
    kind = requirements(_patient(), offering, clinic, now).kind
    found = bookable_slots(practitioner, offering, clinic, first, days, now, kind=kind)
    return jsonify({"practitioner_id": practitioner.id, "treatment": offering.treatment.slug, "clinic": clinic.id,
                    "kind": kind, "time_zone": clinic.time_zone, "from": first.isoformat(), "days": days,
                    "slots": [slot_json(s, clinic.time_zone) for s in found]})


def booking_json(booking: Booking) -> dict:
    """A booking as the API gives it."""
    return {"id": booking.id, "status": booking.status, "kind": booking.kind, "treatment": booking.treatment.slug,
            "practitioner_id": booking.practitioner_id, "clinic": booking.clinic_id, "time_zone": booking.time_zone,
            "starts_at": _iso(booking.starts_at, booking.time_zone), "ends_at": _iso(booking.ends_at, booking.time_zone),
            "consent_version": booking.consent_version}


def _booking_request(body: dict, now: datetime) -> BookingRequest:
    """The booking a JSON body asks for, or ApiError."""
    practitioner, offering, clinic = _target(body.get("practitioner_id"), body.get("treatment"),
                                             body.get("clinic"), now)
    starts_at = flow.parse_instant(body.get("starts_at") if isinstance(body.get("starts_at"), str) else None)
    if starts_at is None:
        raise ApiError(400, "invalid_instant", "Give starts_at as an ISO 8601 instant with an offset.", "starts_at")
    text = {k: body.get(k) if isinstance(body.get(k), str) else "" for k in ("patient_name", "patient_phone", "notes")}
    consent = body.get("consent_version")
    return BookingRequest(practitioner, offering, clinic, starts_at, adult_confirmed=body.get("adult_confirmed") is True,
                          consent_version=consent if isinstance(consent, str) else None, **text)


@bp.post("/bookings")
def create_booking():
    """Book a slot as the logged-in patient: 201 with the booking, or 409 with the nearest free slots."""
    now = clock.now()
    if not current_user.is_authenticated:
        return json_error(401, "unauthorized", "Log in as a patient to book.")
    body = request.get_json(silent=True)
    try:
        if not isinstance(body, dict):
            raise ApiError(400, "invalid_body", "Send a JSON object.")
        booking = book(current_user, _booking_request(body, now), now)
    except ApiError as error:
        return error.response()
    except SlotTaken as taken:
        return json_error(409, "slot_taken", "This time was just taken by someone else.",
                          alternatives=[slot_json(s, taken.time_zone) for s in taken.alternatives])
    except Refusal as error:
        db.session.rollback()
        return json_error(403 if error.field is None else 400, "refused", error.message,
                          **({"field": error.field} if error.field else {}))
    db.session.commit()
    emails.deliver(emails.send_booking_email, booking, "created", now)
    emails.deliver(emails.notify_practitioner, booking, "created")
    return jsonify({"booking": booking_json(booking)}), 201
