"""Slot generation: local opening hours across daylight saving, breaks, overrides, notice, horizon, buffers."""
from datetime import date, datetime, time, timedelta

import pytest

from booking.models import DateOverride, TimeOff
from booking.schedule import bookable_slots, overlaps
from core.extensions import db
from tests.booking.helpers import UTC, at, wall


def slots(target, first_day, days=1, now=None, **kwargs):
    """The slots of a Bookable, with `now` well before `first_day` unless given."""
    now = now or datetime.combine(first_day - timedelta(days=3), time(), UTC)
    return bookable_slots(target.practitioner, target.offering, target.clinic, first_day, days, now, **kwargs)


def walls(found, zone):
    """Slot starts as local wall times."""
    return [wall(s.starts_at, zone) for s in found]


def override(target, day, opens=None, closes=None, closed=False, **kwargs):
    """Give the Bookable's clinic special hours on a date."""
    db.session.add(DateOverride(clinic_id=target.clinic.id, day=day, closed=closed, opens=opens, closes=closes,
                                **kwargs))
    db.session.commit()


@pytest.mark.parametrize("zone, before, after", [
    ("Europe/London", date(2026, 3, 28), date(2026, 3, 30)),       # clocks forward 29 March
    ("Europe/London", date(2026, 10, 24), date(2026, 10, 26)),     # clocks back 25 October
    ("America/New_York", date(2026, 3, 7), date(2026, 3, 9)),     # clocks forward 8 March
    ("America/New_York", date(2026, 10, 31), date(2026, 11, 2)),   # clocks back 1 November
    ("Australia/Adelaide", date(2026, 4, 4), date(2026, 4, 6)),    # half-hour zone, clocks back 5 April
    ("Australia/Adelaide", date(2026, 10, 3), date(2026, 10, 5)),  # half-hour zone, clocks forward 4 October
])
def test_a_nine_oclock_opening_is_nine_oclock_local_on_both_sides_of_a_change(make_bookable, zone, before, after):
    target = make_bookable(zone=zone)
    first_before, first_after = slots(target, before)[0], slots(target, after)[0]
    assert wall(first_before.starts_at, zone) == f"{before.isoformat()} 09:00"
    assert wall(first_after.starts_at, zone) == f"{after.isoformat()} 09:00"
    # The UTC instants differ by a day plus or minus the hour the clocks moved.
    assert first_after.starts_at - first_before.starts_at in (timedelta(hours=47), timedelta(hours=49))


def test_the_utc_instants_of_a_london_opening_follow_the_clocks(make_bookable):
    target = make_bookable()
    assert slots(target, date(2026, 3, 28))[0].starts_at == datetime(2026, 3, 28, 9, tzinfo=UTC)
    assert slots(target, date(2026, 3, 30))[0].starts_at == datetime(2026, 3, 30, 8, tzinfo=UTC)


def test_a_half_hour_zone_turns_nine_oclock_into_half_past_three_utc(make_bookable):
    target = make_bookable(zone="Asia/Kolkata")
    found = slots(target, date(2026, 3, 10))
    assert found[0].starts_at == datetime(2026, 3, 10, 3, 30, tzinfo=UTC)
    assert found[-1].ends_at == datetime(2026, 3, 10, 11, 30, tzinfo=UTC)  # 17:00 IST


@pytest.mark.parametrize("zone, day, skipped_hour", [
    ("Europe/London", date(2026, 3, 29), "01"),
    ("America/New_York", date(2026, 3, 8), "02"),
    ("Australia/Adelaide", date(2026, 10, 4), "02"),
])
def test_no_slot_falls_in_the_hour_the_clocks_skip(make_bookable, zone, day, skipped_hour):
    target = make_bookable(zone=zone, duration=15)
    override(target, day, time(0), time(5))
    found = walls(slots(target, day), zone)
    assert found, "the clinic is open that night"
    assert not [w for w in found if w[11:13] == skipped_hour]
    assert f"{day.isoformat()} {int(skipped_hour) + 1:02d}:00" in found


@pytest.mark.parametrize("zone, day, repeated_hour", [
    ("Europe/London", date(2026, 10, 25), "01"),
    ("America/New_York", date(2026, 11, 1), "01"),
    ("Australia/Adelaide", date(2026, 4, 5), "02"),
])
def test_the_hour_the_clocks_repeat_gives_each_slot_once(make_bookable, zone, day, repeated_hour):
    target = make_bookable(zone=zone, duration=15)
    override(target, day, time(0), time(5))
    found = slots(target, day)
    local = walls(found, zone)
    repeated = [w for w in local if w[11:13] == repeated_hour]
    assert repeated == [f"{day.isoformat()} {repeated_hour}:{m}" for m in ("00", "15", "30", "45")]
    assert len(set(local)) == len(local)
    starts = [s.starts_at for s in found]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    # No two slots overlap in real time, though the wall clock ran through that hour twice.
    assert not any(overlaps(a.starts_at, a.ends_at, b.starts_at, b.ends_at) for a, b in zip(found, found[1:]))


def test_a_break_splits_the_day_and_no_visit_runs_into_it(make_bookable):
    target = make_bookable(hours={0: (time(9), time(13), time(11), time(12))}, duration=45)
    found = walls(slots(target, date(2026, 3, 2)), "Europe/London")  # a Monday
    times = [w[11:] for w in found]
    assert times == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "12:00", "12:15"]


def test_days_without_hours_have_no_slots(make_bookable):
    target = make_bookable(hours={0: (time(9), time(10))})
    found = slots(target, date(2026, 3, 2), days=7)
    assert {s.starts_at.date() for s in found} == {date(2026, 3, 2)}


def test_a_closed_date_override_removes_the_day(make_bookable):
    target = make_bookable()
    override(target, date(2026, 3, 3), closed=True, note="Bank holiday")
    days = {wall(s.starts_at, "Europe/London")[:10] for s in slots(target, date(2026, 3, 2), days=3)}
    assert days == {"2026-03-02", "2026-03-04"}


def test_a_date_override_with_other_hours_replaces_the_usual_ones(make_bookable):
    target = make_bookable(duration=60)
    override(target, date(2026, 3, 3), time(18), time(20), break_starts=None, break_ends=None)
    assert [w[11:] for w in walls(slots(target, date(2026, 3, 3)), "Europe/London")] == [
        "18:00", "18:15", "18:30", "18:45", "19:00"]


def test_minimum_notice_hides_slots_that_are_too_soon(make_bookable):
    target = make_bookable(notice_minutes=90)
    now = at("Europe/London", 2026, 3, 2, 8, 50)
    found = slots(target, date(2026, 3, 2), now=now)
    assert wall(found[0].starts_at, "Europe/London") == "2026-03-02 10:30"


def test_a_day_of_notice_moves_the_first_slot_to_tomorrow(make_bookable):
    target = make_bookable(notice_minutes=24 * 60)
    found = slots(target, date(2026, 3, 2), days=3, now=at("Europe/London", 2026, 3, 2, 10))
    assert wall(found[0].starts_at, "Europe/London") == "2026-03-03 10:00"


def test_the_horizon_ends_the_slots(make_bookable):
    target = make_bookable(horizon_days=3)
    now = at("Europe/London", 2026, 3, 2, 12)
    found = slots(target, date(2026, 3, 2), days=10, now=now)
    assert wall(found[-1].starts_at, "Europe/London") == "2026-03-05 12:00"
    assert all(s.starts_at <= now + timedelta(days=3) for s in found)


def test_buffers_keep_time_free_around_bookings(make_bookable, add_booking, patient):
    target = make_bookable(duration=45, buffer_before=10, buffer_after=15)
    add_booking(target, patient, at("Europe/London", 2026, 3, 2, 10))  # blocks 09:50 to 11:00
    times = [w[11:] for w in walls(slots(target, date(2026, 3, 2)), "Europe/London")]
    # A new visit keeps [start - 10, start + 60) free: 09:00 would keep 09:00-10:00, which runs into
    # 09:50; 11:00 would keep 10:50 onward, inside the booking's buffer. 11:15 needs 11:05 onward.
    assert times[0] == "11:15"


def test_a_booking_that_ends_as_a_slot_starts_does_not_block_it(make_bookable, add_booking, patient):
    target = make_bookable(duration=60)
    add_booking(target, patient, at("Europe/London", 2026, 3, 2, 9))
    times = [w[11:] for w in walls(slots(target, date(2026, 3, 2)), "Europe/London")]
    assert times[0] == "10:00"


def test_a_booking_at_another_clinic_blocks_the_same_time_everywhere(make_bookable, add_booking, patient):
    leeds = {"name": "Leeds Clinic", "city": "Leeds", "postcode": "LS1 4DY", "lat": 53.8, "lon": -1.55,
             "time_zone": "Europe/London"}
    target = make_bookable(duration=60, extra_clinics=[leeds])
    other = target.practitioner.clinics[1]
    add_booking(target, patient, at("Europe/London", 2026, 3, 2, 9), clinic=other)
    found = bookable_slots(target.practitioner, target.offering, target.clinic, date(2026, 3, 2), 1,
                           at("Europe/London", 2026, 2, 20, 9))
    assert wall(found[0].starts_at, "Europe/London") == "2026-03-02 10:00"


def test_cancelled_bookings_do_not_block(make_bookable, add_booking, patient):
    target = make_bookable(duration=60)
    add_booking(target, patient, at("Europe/London", 2026, 3, 2, 9), status="cancelled")
    assert wall(slots(target, date(2026, 3, 2))[0].starts_at, "Europe/London") == "2026-03-02 09:00"


def test_time_off_blocks_every_clinic(make_bookable):
    target = make_bookable()
    db.session.add(TimeOff(practitioner_id=target.practitioner.id, starts_at=at("Europe/London", 2026, 3, 2, 0),
                           ends_at=at("Europe/London", 2026, 3, 3, 12), time_zone="Europe/London"))
    db.session.commit()
    found = slots(target, date(2026, 3, 2), days=2)
    assert wall(found[0].starts_at, "Europe/London") == "2026-03-03 12:00"


def test_the_booking_being_moved_does_not_block_its_own_new_time(make_bookable, add_booking, patient):
    target = make_bookable(duration=60)
    booking = add_booking(target, patient, at("Europe/London", 2026, 3, 2, 9))
    found = slots(target, date(2026, 3, 2), ignore_booking_id=booking.id)
    assert wall(found[1].starts_at, "Europe/London") == "2026-03-02 09:15"


@pytest.mark.parametrize("a, b, expected", [
    ((9, 10), (10, 11), False), ((9, 10), (8, 9), False), ((9, 11), (10, 12), True),
    ((9, 12), (10, 11), True), ((10, 11), (9, 12), True), ((9, 10), (9, 10), True),
])
def test_the_overlap_rule_is_half_open(a, b, expected):
    hour = lambda h: datetime(2026, 3, 2, h, tzinfo=UTC)  # noqa: E731
    assert overlaps(hour(a[0]), hour(a[1]), hour(b[0]), hour(b[1])) is expected
