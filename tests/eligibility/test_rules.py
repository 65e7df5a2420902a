"""The age rules as dated data: the edges of the dates (birthdays, the leap day, a clock change) and the places."""
from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest

from core.refusal import Refusal
from eligibility.restriction import rule_of
from eligibility.rules import AGE_RULES, age_on, check_birth_date, jurisdiction_of, refusal_for, rule_for

[UNDER18] = AGE_RULES


@pytest.mark.parametrize("born, day, age", [
    (date(2008, 3, 3), date(2026, 3, 3), 18),   # the 18th birthday, on the day
    (date(2008, 3, 3), date(2026, 3, 2), 17),   # the day before it
    (date(2008, 3, 2), date(2026, 3, 3), 18),   # turned 18 the day before the appointment
    (date(2009, 3, 3), date(2026, 3, 3), 17),   # the 17th birthday
    (date(2008, 2, 29), date(2026, 2, 28), 17),  # born on a leap day: not 18 on 28 February of a common year
    (date(2008, 2, 29), date(2026, 3, 1), 18),   # ... but on 1 March
    (date(2008, 2, 29), date(2028, 2, 29), 20),  # and on the day itself in a leap year
])
def test_age_counts_whole_years_on_the_appointment_date(born, day, age):
    assert age_on(born, day) == age


def test_the_rule_is_dated_and_keeps_its_source():
    assert (UNDER18.id, UNDER18.jurisdiction, UNDER18.minimum_age) == ("ENG-UNDER18", "GB-ENG", 18)
    assert UNDER18.source == "Botulinum Toxin and Cosmetic Fillers (Children) Act 2021"
    assert rule_for("dermal-filler", "GB-ENG", date(2021, 9, 30)) is None  # before it came into force
    assert rule_for("dermal-filler", "GB-ENG", date(2021, 10, 1)) is UNDER18
    assert rule_for("botulinum-toxin", "GB-ENG", date(2026, 3, 3)) is UNDER18
    assert rule_for("microneedling", "GB-ENG", date(2026, 3, 3)) is None


@pytest.mark.parametrize("country, postcode, jurisdiction", [
    ("GB", "M1 1AE", "GB-ENG"), ("GB", "EH1 1YZ", "GB-SCT"), ("GB", "G2 3AB", "GB-SCT"), ("GB", "GL1 2AB", "GB-ENG"),
    ("GB", "CF10 1AA", "GB-WLS"), ("GB", "BT1 5GS", "GB-NIR"), ("US", "10022", "US"), ("GB", "", "GB-ENG")])
def test_a_clinic_is_placed_in_its_nation_by_postcode(country, postcode, jurisdiction):
    assert jurisdiction_of(country, postcode) == jurisdiction


def test_outside_england_the_rule_does_not_apply():
    assert rule_for("dermal-filler", "GB-SCT", date(2026, 3, 3)) is None
    assert rule_for("dermal-filler", "US", date(2026, 3, 3)) is None


def test_the_age_counts_on_the_clinics_calendar_across_the_clock_change():
    """In the week London's clocks go forward, 00:30 on 2 April BST is still 1 April in UTC."""
    clinic = SimpleNamespace(time_zone="Europe/London", country="GB", postcode="M1 1AE")
    offering = SimpleNamespace(treatment=SimpleNamespace(slug="lip-augmentation", name="Lip augmentation"))
    starts_at = datetime(2026, 4, 1, 23, 30, tzinfo=timezone.utc)
    rule, day = rule_of(offering, clinic, starts_at)
    assert day == date(2026, 4, 2)
    assert refusal_for(rule, date(2008, 4, 2), day, "Lip augmentation") is None  # 18 that day on London's clocks
    refused = refusal_for(rule, date(2008, 4, 3), day, "Lip augmentation")
    assert refused.code == "under_age" and "on 2 April 2026 you will be 17" in refused.message


@pytest.mark.parametrize("born, message", [
    (None, "Enter your date of birth as day, month and year."),
    (date(2026, 3, 3), "Your date of birth cannot be in the future."),
    (date(1906, 3, 2), "Check the year: that date is 120 years ago or more."),
])
def test_a_date_of_birth_must_be_possible(born, message):
    with pytest.raises(Refusal) as refused:
        check_birth_date(born, date(2026, 3, 2))
    assert (refused.value.message, refused.value.field) == (message, "born_on")
    assert check_birth_date(date(1906, 3, 3), date(2026, 3, 2)) == date(1906, 3, 3)
