"""Intake tests use the booking fixtures (pinned clock, bookable practitioners, patients, bookings)."""
from tests.booking.conftest import add_booking, app_config, make_bookable, make_patient, patient  # noqa: F401
