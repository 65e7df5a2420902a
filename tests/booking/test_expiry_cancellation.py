"""A registration running out: on its expiry date, the bookings after it are cancelled unless it was renewed.

"After the expiry date" is the booking's local date at the clinic, so each case puts two bookings on
either side of local midnight that share a UTC date, across a daylight-saving change.
"""
from datetime import date, timedelta

import pytest

from booking.models import Booking
from core.extensions import db
from tests.booking.helpers import at
from tests.booking.test_delisting import add_registration
from tests.helpers import outbox_to

CASES = {
    # zone: (expiry date, kept: the evening of the expiry date, cancelled: just after local midnight)
    # BST began that morning: both are on 29 March in UTC (22:30 and 23:30), only the second is after it locally.
    "Europe/London": (date(2026, 3, 29), (2026, 3, 29, 23, 30), (2026, 3, 30, 0, 30)),
    # EDT began that morning: the evening booking is on 9 March in UTC (01:00) but on the expiry date locally.
    "America/New_York": (date(2026, 3, 8), (2026, 3, 8, 21, 0), (2026, 3, 9, 9, 0)),
}


def run_at(app, runner, zone: str, day: date, hour: int = 6):
    """Run the job as the scheduler would, at `hour` on the clinic's clocks."""
    app.config["CLOCK_NOW"] = at(zone, day.year, day.month, day.day, hour)
    result = runner.invoke(args=["cancel-unlisted-bookings"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def expiring(make_bookable, patient, add_booking):
    """Per zone: a practitioner whose only registration expires on the case's date, with the two bookings."""
    def build(zone):
        expires_on, kept, cancelled = CASES[zone]
        target = make_bookable(zone=zone, name="Dr Lapsing")
        target.practitioner.credentials[0].expires_on = expires_on
        db.session.commit()
        return target, add_booking(target, patient, at(zone, *kept)), add_booking(target, patient, at(zone, *cancelled))
    return build


@pytest.mark.parametrize("zone", CASES)
def test_bookings_after_the_expiry_date_are_cancelled_on_it(app, runner, expiring, patient, zone):
    target, on_expiry_day, day_after = expiring(zone)
    expires_on = CASES[zone][0]

    assert "Cancelled 0 bookings" in run_at(app, runner, zone, expires_on - timedelta(days=1))
    assert outbox_to(patient.email) == []

    assert "Cancelled 1 booking of 1 practitioner" in run_at(app, runner, zone, expires_on)
    db.session.refresh(on_expiry_day)
    db.session.refresh(day_after)
    assert (on_expiry_day.status, day_after.status) == ("booked", "cancelled")
    assert day_after.cancellation_code == "registration_lapsed"
    assert "Dr Lapsing's professional registration is not verified" in day_after.cancellation_reason
    [to_patient] = outbox_to(patient.email)
    assert to_patient.subject.startswith("Cancelled: Microneedling with Dr Lapsing")
    assert "treatment=microneedling" in to_patient.text_body and "/search?near=" in to_patient.text_body
    assert [m.subject for m in outbox_to(target.practitioner.user.email)] == ["Verity cancelled one of your bookings"]

    # Running it again (the next hour, or twice by hand) sends nothing more.
    assert "Cancelled 0 bookings" in run_at(app, runner, zone, expires_on, hour=7)
    assert len(outbox_to(patient.email)) == 1 and len(outbox_to(target.practitioner.user.email)) == 1


def test_a_renewal_verified_before_the_expiry_date_keeps_the_bookings(app, runner, expiring, patient):
    target, _, day_after = expiring("Europe/London")
    add_registration(target.practitioner, date(2031, 3, 29))
    assert "Cancelled 0 bookings" in run_at(app, runner, "Europe/London", date(2026, 3, 30))
    db.session.refresh(day_after)
    assert day_after.status == "booked" and outbox_to(patient.email) == []


def test_the_job_also_catches_a_suspension_made_outside_the_admin_screen(app, runner, bookable, patient,
                                                                         add_booking):
    booking = add_booking(bookable, patient, at("Europe/London", 2026, 3, 3, 9))
    bookable.practitioner.suspended_at = at("Europe/London", 2026, 3, 1)
    db.session.commit()
    assert "Cancelled 1 booking" in run_at(app, runner, "Europe/London", date(2026, 3, 2))
    stored = db.session.get(Booking, booking.id)
    db.session.refresh(stored)
    assert (stored.status, stored.cancellation_code) == ("cancelled", "suspended")
