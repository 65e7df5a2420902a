"""The first free slot of many practitioners, each at one clinic for one treatment, for search results and profiles."""
from datetime import time

from sqlalchemy import event

from booking.bookable import with_openings
from booking.models import TimeOff
from booking.schedule import Visit, bookable_slots, first_slots
from compliance.badge import with_badges
from core.extensions import db
from directory.search import SearchQuery, search
from tests.booking.helpers import at

SECOND_CLINIC = {"name": "Ancoats Clinic", "city": "Manchester", "postcode": "M4 6DE", "lat": 53.4842,
                 "lon": -2.2265, "time_zone": "Europe/London", "min_notice_minutes": 0}


def asked(*targets, clinic=None):
    """(practitioner id, clinic, visit) for each bookable, at its first clinic unless one is given."""
    return [(t.practitioner.id, clinic or t.clinic, Visit.of(t.offering)) for t in targets]


def test_the_first_free_slot_of_each_practitioner_at_their_clinic(make_bookable, add_booking, patient):
    london = make_bookable(duration=60)
    new_york = make_bookable(zone="America/New_York", duration=30)
    add_booking(london, patient, at("Europe/London", 2026, 3, 2, 9))
    now = at("Europe/London", 2026, 3, 2, 8)
    found, online = first_slots(asked(london, new_york), now)
    assert found == [at("Europe/London", 2026, 3, 2, 10), at("America/New_York", 2026, 3, 2, 9)]
    assert online == {london.clinic.id, new_york.clinic.id}


def test_it_agrees_with_the_slot_list(make_bookable, add_booking, patient):
    target = make_bookable(notice_minutes=24 * 60, buffer_after=15)
    now = at("Europe/London", 2026, 3, 2, 15, 5)
    add_booking(target, patient, at("Europe/London", 2026, 3, 3, 15, 30))
    first = bookable_slots(target.practitioner, target.offering, target.clinic, now.date(), 10, now)[0]
    assert first_slots(asked(target), now)[0] == [first.starts_at]


def test_it_is_for_the_treatment_asked_about(make_bookable, catalogue):
    """A 60-minute treatment is too long for what is left of the day; a 15-minute one is not, but is not asked."""
    target = make_bookable(hours={0: (time(9), time(10))}, duration=60)
    from directory.models import Offering

    peel = Offering(practitioner_id=target.practitioner.id, treatment=catalogue["chemical-peel"], duration_minutes=15)
    db.session.add(peel)
    db.session.commit()
    now = at("Europe/London", 2026, 3, 2, 9, 10)
    found, _ = first_slots([(target.practitioner.id, target.clinic, Visit.of(target.offering)),
                            (target.practitioner.id, target.clinic, Visit.of(peel))], now)
    assert found == [at("Europe/London", 2026, 3, 9, 9), at("Europe/London", 2026, 3, 2, 9, 15)]


def test_a_clinic_without_hours_has_no_time_even_when_another_clinic_has(make_bookable):
    target = make_bookable(extra_clinics=[SECOND_CLINIC])
    second = target.practitioner.clinics[1]
    db.session.execute(db.delete(db.metadata.tables["opening_hours"]).where(
        db.metadata.tables["opening_hours"].c.clinic_id == second.id))
    db.session.commit()
    now = at("Europe/London", 2026, 3, 2, 8)
    found, online = first_slots(asked(target) + asked(target, clinic=second), now)
    assert found == [at("Europe/London", 2026, 3, 2, 9), None]
    assert online == {target.clinic.id}


def test_a_booking_at_one_clinic_keeps_the_practitioner_busy_at_the_other(make_bookable, add_booking, patient):
    target = make_bookable(extra_clinics=[SECOND_CLINIC])
    second = target.practitioner.clinics[1]
    add_booking(target, patient, at("Europe/London", 2026, 3, 2, 9))
    found, _ = first_slots(asked(target, clinic=second), at("Europe/London", 2026, 3, 2, 8))
    assert found == [at("Europe/London", 2026, 3, 2, 9, 45)]


def test_none_without_hours_or_when_away_until_the_horizon(make_bookable):
    closed = make_bookable(hours={})
    away = make_bookable(horizon_days=10)
    db.session.add(TimeOff(practitioner_id=away.practitioner.id, starts_at=at("Europe/London", 2026, 3, 1),
                           ends_at=at("Europe/London", 2026, 4, 1), time_zone="Europe/London"))
    db.session.commit()
    now = at("Europe/London", 2026, 3, 2, 8)
    found, online = first_slots(asked(closed, away), now)
    assert found == [None, None] and online == {away.clinic.id}


def test_a_page_of_twenty_results_takes_three_queries(make_bookable):
    """No query per result: hours, date overrides and busy time of the whole page come in one query each."""
    for _ in range(20):
        make_bookable()
    now = at("Europe/London", 2026, 3, 2, 8)
    result = with_badges(search(SearchQuery(lat=53.4794, lon=-2.2453, radius=5), now.date()))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - before_cursor_execute's statement
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        with_openings(result, now)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(result.hits) == 20 and all(hit.next_available for hit in result.hits)
    assert len(statements) == 3
