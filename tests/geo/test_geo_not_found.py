"""Unknown places, near misses and garbage all raise PlaceNotFound with a usable message."""
import time

import pytest

from geo import PlaceNotFound


def not_found(gazetteer, text):
    """Look up text that must fail and return the error."""
    with pytest.raises(PlaceNotFound) as caught:
        gazetteer.lookup(text)
    return caught.value


@pytest.mark.parametrize("typo, expected", [
    ("Manchestr", "Manchester, England"),
    ("Birmingahm", "Birmingham, England"),
    ("Edinbrugh", "Edinburgh, Scotland"),
    ("Philadelfia", "Philadelphia, PA"),
    ("Springfeild, IL", "Springfield, IL"),
])
def test_near_miss_suggests_the_real_place(gazetteer, typo, expected):
    error = not_found(gazetteer, typo)
    assert expected in error.suggestions[:3]
    assert typo in error.message
    assert error.query == typo


def test_fuzzy_suggestions_are_fast(gazetteer):
    started = time.perf_counter()
    for typo in ("Manchestr", "Birmingahm", "Sanfrancisco", "Lndon", "Aberystwith"):
        not_found(gazetteer, typo)
    assert (time.perf_counter() - started) / 5 < 0.05


def test_known_name_in_the_wrong_state_suggests_where_it_is(gazetteer):
    error = not_found(gazetteer, "Portland, ZZ")
    assert "Portland, OR" in error.suggestions
    assert "ZZ" in error.message


def test_unknown_postcode_suggests_its_district_and_neighbours(gazetteer):
    error = not_found(gazetteer, "M1 1ZZ")
    assert error.suggestions[0] == "M1, Manchester"
    assert all(s.startswith("M1 1") for s in error.suggestions[1:])
    assert "M1 1ZZ" in error.message


def test_northern_ireland_gap_is_explained(gazetteer):
    for text in ("BT1 1AA", "BT1"):
        assert "Northern Ireland" in not_found(gazetteer, text).message


def test_unknown_zip_suggests_nearby_codes(gazetteer):
    error = not_found(gazetteer, "90299")
    assert error.suggestions and all(s.endswith(tuple("0123456789")) for s in error.suggestions)
    assert "90299" in error.message


@pytest.mark.parametrize("garbage", [
    "", "   ", "!!!", "?,?,?", ",,,", "x" * 500, "💥💥", "\x00", "zzqxj", "12", "1234567",
    "'; DROP TABLE cities; --", "%", "_", None, 42, b"M1 1AE", ["Leeds"],
])
def test_garbage_raises_place_not_found_only(gazetteer, garbage):
    error = not_found(gazetteer, garbage)
    assert error.message
    assert isinstance(error.suggestions, list)
    assert isinstance(error.query, str) and len(error.query) <= 100
