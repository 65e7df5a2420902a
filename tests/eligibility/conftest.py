"""Eligibility tests use the booking fixtures (pinned clock: Monday 2 March 2026, bookable practitioners, patients)."""
from tests.booking.conftest import add_booking, app_config, make_bookable, make_patient, patient  # noqa: F401
