"""Expiry takes effect on its own, at query time: listed on the expiry date, gone the day after."""
from datetime import date, timedelta

from credentials.services import credentials_json
from directory.search import SearchQuery, search
from directory.listing import is_listed

EXPIRES = date(2030, 6, 15)
MANCHESTER = SearchQuery(lat=53.48, lon=-2.24, radius=5)


def names(result):
    """The practitioners' names in a search result."""
    return [hit.practitioner.name for hit in result.hits]


def test_listed_until_the_expiry_date_and_gone_the_day_after(make_practitioner):
    practitioner = make_practitioner(name="Dr Expiring", registration_expires=EXPIRES)
    make_practitioner(name="Dr Renewed", registration_expires=EXPIRES + timedelta(days=365))
    assert sorted(names(search(MANCHESTER, today=EXPIRES))) == ["Dr Expiring", "Dr Renewed"]
    assert is_listed(practitioner, EXPIRES)
    day_after = EXPIRES + timedelta(days=1)
    assert names(search(MANCHESTER, today=day_after)) == ["Dr Renewed"]
    assert not is_listed(practitioner, day_after)


def test_credentials_json_lists_current_verified_credentials(make_practitioner):
    practitioner = make_practitioner(registration_expires=EXPIRES)
    verified_on = practitioner.credentials[0].verified_at.date().isoformat()
    assert credentials_json(practitioner, EXPIRES) == [
        {"kind": "registration", "issuer": "GMC", "verified_on": verified_on, "expires_on": "2030-06-15"}]
    assert credentials_json(practitioner, EXPIRES + timedelta(days=1)) == []


def test_credentials_json_leaves_out_pending_and_rejected(make_practitioner, make_pending):
    practitioner = make_practitioner(verified=False)
    make_pending(practitioner)
    assert credentials_json(practitioner, EXPIRES) == []
