"""Next free slot of many practitioners at once, for search results and profiles."""
from datetime import time

from booking.models import TimeOff
from booking.schedule import bookable_slots, next_available_for
from core.extensions import db
from tests.booking.helpers import at


def test_the_next_free_slot_of_each_practitioner(make_bookable, add_booking, patient):
    london = make_bookable(duration=60)
    new_york = make_bookable(zone="America/New_York", duration=30)
    add_booking(london, patient, at("Europe/London", 2026, 3, 2, 9))
    now = at("Europe/London", 2026, 3, 2, 8)
    found = next_available_for([london.practitioner.id, new_york.practitioner.id], now)
    assert found == {london.practitioner.id: at("Europe/London", 2026, 3, 2, 10),
                     new_york.practitioner.id: at("America/New_York", 2026, 3, 2, 9)}


def test_it_agrees_with_the_slot_list(make_bookable, add_booking, patient):
    target = make_bookable(notice_minutes=24 * 60, buffer_after=15)
    now = at("Europe/London", 2026, 3, 2, 15, 5)
    add_booking(target, patient, at("Europe/London", 2026, 3, 3, 15, 30))
    first = bookable_slots(target.practitioner, target.offering, target.clinic, now.date(), 10, now)[0]
    assert next_available_for([target.practitioner.id], now)[target.practitioner.id] == first.starts_at


def test_the_shortest_treatment_decides(make_bookable, catalogue):
    target = make_bookable(hours={0: (time(9), time(10))}, duration=60)
    from directory.models import Offering

    db.session.add(Offering(practitioner_id=target.practitioner.id, treatment=catalogue["chemical-peel"],
                            duration_minutes=15))
    db.session.commit()
    now = at("Europe/London", 2026, 3, 2, 9, 10)  # too late for 60 minutes, not for 15
    assert next_available_for([target.practitioner.id], now)[target.practitioner.id] == \
        at("Europe/London", 2026, 3, 2, 9, 15)


def test_none_without_hours_or_when_away_until_the_horizon(make_bookable):
    closed = make_bookable(hours={})
    away = make_bookable(horizon_days=10)
    db.session.add(TimeOff(practitioner_id=away.practitioner.id, starts_at=at("Europe/London", 2026, 3, 1),
                           ends_at=at("Europe/London", 2026, 4, 1), time_zone="Europe/London"))
    db.session.commit()
    now = at("Europe/London", 2026, 3, 2, 8)
    assert next_available_for([closed.practitioner.id, away.practitioner.id, 999999], now) == {
        closed.practitioner.id: None, away.practitioner.id: None, 999999: None}
