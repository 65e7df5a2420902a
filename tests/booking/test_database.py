"""The no-overlap guarantee in the database itself: PostgreSQL's exclusion constraint, SQLite's write lock."""
import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from booking.services import take_write_lock
from core.extensions import db
from tests.booking.helpers import at


def test_the_database_refuses_a_second_active_booking_over_the_same_time(bookable, patient, add_booking):
    nine = at("Europe/London", 2026, 3, 2, 9)
    add_booking(bookable, patient, nine)
    if db.engine.dialect.name == "postgresql":
        with pytest.raises(IntegrityError, match="ex_bookings_practitioner_overlap"):
            add_booking(bookable, patient, nine + timedelta(minutes=30))
        db.session.rollback()
    add_booking(bookable, patient, nine + timedelta(minutes=30), status="cancelled")  # cancelled: no clash
    add_booking(bookable, patient, nine + timedelta(minutes=45))  # starts as the first ends: no clash


def test_on_sqlite_the_overlap_check_runs_under_the_only_write_lock(app, database_url, tmp_path):
    if db.engine.dialect.name != "sqlite":
        assert db.engine.dialect.name == "postgresql"  # guarded by the exclusion constraint instead
        return
    take_write_lock()
    other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0.2)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        db.session.rollback()
        other.execute("BEGIN IMMEDIATE")  # free again once the booking transaction ends
        other.rollback()
    finally:
        other.close()


def test_deleting_a_clinic_keeps_its_bookings_and_drops_its_hours(bookable, patient, add_booking):
    from sqlalchemy import func, select

    from booking.models import Booking, OpeningHours

    booking = add_booking(bookable, patient, at("Europe/London", 2026, 3, 2, 9))
    db.session.delete(bookable.clinic)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Booking, booking.id)
    assert (kept.clinic_id, kept.clinic_name, kept.time_zone) == (None, "Piccadilly Clinic", "Europe/London")
    assert db.session.scalar(select(func.count(OpeningHours.id))) == 0
