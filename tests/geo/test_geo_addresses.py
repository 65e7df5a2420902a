"""The one address check: a known postcode or ZIP, in or near the town given, a pin within 2 km of it."""
import pytest

from core.refusal import Refusal
from geo.addresses import check_address, town_radius_km


@pytest.mark.parametrize("postcode, town, country, expected", [
    ("LS1 4AP", "Leeds", "GB", "Pin at 53.80, -1.56 — LS1 4AP, Leeds"),
    ("ls14ap", "LEEDS, England", "GB", "Pin at 53.80, -1.56 — LS1 4AP, Leeds"),
    ("M3 5FS", "Salford", "GB", "Pin at 53.48, -2.25 — M3 5FS, Manchester"),  # next door to Manchester
    ("SW1A 1AA", "London, UK", "GB", "Pin at 51.50, -0.14 — SW1A 1AA, London"),
    ("90210", "Beverly Hills", "US", "Pin at 34.09, -118.41 — 90210, Beverly Hills, CA"),
    ("90210-1234", "Beverly Hills, California", "US", "Pin at 34.09, -118.41 — 90210, Beverly Hills, CA"),
    ("90210", "Los Angeles, CA", "US", "Pin at 34.09, -118.41 — 90210, Beverly Hills, CA"),  # 13 km from downtown
    ("10001", "New York, NY", "US", "Pin at 40.75, -74.00 — 10001, New York, NY"),
])
def test_an_address_in_or_near_its_town_passes(gazetteer, postcode, town, country, expected):
    assert check_address(gazetteer, postcode, town, country).description == expected


@pytest.mark.parametrize("postcode, town, country, code, field, message", [
    ("LS1 4AP", "Manchester", "GB", "postcode_not_in_town", "city", "LS1 4AP is in Leeds, not Manchester."),
    ("B1 1BB", "Wolverhampton", "GB", "postcode_not_in_town", "city", "B1 1BB is in Birmingham, not Wolverhampton."),
    ("LS1 4AP", "", "GB", "postcode_not_in_town", "city", "LS1 4AP is in Leeds."),
    ("M1 1ZZ", "Manchester", "GB", "postcode_unknown", "postcode", "We couldn't find the postcode M1 1ZZ."),
    ("BT1 5GS", "Belfast", "GB", "postcode_unknown", "postcode", "Postcodes in Northern Ireland are not in our"),
    ("M1", "Manchester", "GB", "postcode_invalid", "postcode", "Enter a full UK postcode"),
    ("90210", "Miami", "US", "postcode_not_in_town", "city", "90210 is in Beverly Hills, CA, not Miami."),
    ("90210", "Beverly Hills, NY", "US", "postcode_not_in_state", "city", "90210 is in Beverly Hills, CA, not NY."),
    ("00000", "Nowhere", "US", "postcode_unknown", "postcode", "We couldn't find the ZIP code 00000."),
    ("90210", "Paris", "FR", "country_not_listed", "country", "Choose the United Kingdom or the United States."),
])
def test_a_wrong_address_is_refused_with_a_code_and_a_field(gazetteer, postcode, town, country, code, field, message):
    with pytest.raises(Refusal) as refused:
        check_address(gazetteer, postcode, town, country)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.message.startswith(message)


def test_a_pin_within_2_km_of_the_postcode_is_kept(gazetteer):
    checked = check_address(gazetteer, "M1 1AE", "Manchester", "GB", 53.4808, -2.2426)
    assert (checked.lat, checked.lon) == (53.4808, -2.2426)
    assert (round(checked.postcode_lat, 4), round(checked.postcode_lon, 4)) == (53.4835, -2.2312)


def test_a_pin_further_than_2_km_is_refused(gazetteer):
    with pytest.raises(Refusal) as refused:
        check_address(gazetteer, "M1 1AE", "Manchester", "GB", 53.51, -2.2312)
    assert (refused.value.code, refused.value.field) == ("coordinates_far_from_postcode", "lat")
    assert refused.value.message.startswith("That pin is 2.9 km from M1 1AE; it must be within 2 km.")


@pytest.mark.parametrize("postcode, town", [(None, None), ("", ""), (12345, ["Leeds"]), ("LS1 4AP" * 40, "x" * 500),
                                            ("LS1 4AP", ",,, ,"), ("😀", "😀")])
def test_nonsense_is_refused_not_raised(gazetteer, postcode, town):
    with pytest.raises(Refusal):
        check_address(gazetteer, postcode, town, "GB")


@pytest.mark.parametrize("lat, lon", [(float("nan"), -2.23), (53.48, float("inf")), ("53.48", "-2.23")])
def test_coordinates_that_are_not_numbers_are_refused(gazetteer, lat, lon):
    with pytest.raises(Refusal) as refused:
        check_address(gazetteer, "M1 1AE", "Manchester", "GB", lat, lon)
    assert refused.value.code == "coordinates_invalid"


def test_a_town_counts_as_near_within_its_own_size_plus_5_km():
    assert town_radius_km(0) == 5.0
    assert 11 < town_radius_km(536_280) < 12  # Leeds: Bradford, 13 km from its centre, is not "Leeds"
    assert 31 < town_radius_km(8_961_989) < 32  # London reaches Croydon
