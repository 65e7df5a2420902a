"""The batch rules on their own: how batch numbers compare, and when a product counts as expired."""
from datetime import date

import pytest

from batches import rules


@pytest.mark.parametrize("typed", ["AB-123 45", "ab12345", " Ab 123-45 ", "AB\u2013123\u201445", "ab_123.45",
                                   "ＡＢ１２３４５"])
def test_case_spaces_and_every_kind_of_dash_are_ignored(typed):
    assert rules.batch_key(typed) == "AB12345"


@pytest.mark.parametrize("one, other", [("AB12345", "AB12346"), ("AB12345", "AB1234"), ("0L123", "OL123")])
def test_different_characters_stay_different(one, other):
    assert rules.batch_key(one) != rules.batch_key(other)


def test_a_product_is_in_date_on_its_expiry_date_and_expired_the_day_after():
    assert not rules.expired_on_the_day(date(2026, 3, 1), date(2026, 3, 1))
    assert rules.expired_on_the_day(date(2026, 2, 28), date(2026, 3, 1))


def test_an_expiry_more_than_ten_years_on_is_a_slip():
    assert rules.implausible_expiry(date(2037, 1, 1), date(2026, 3, 1))
    assert not rules.implausible_expiry(date(2036, 12, 31), date(2026, 3, 1))
