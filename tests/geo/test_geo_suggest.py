"""Autocomplete: towns by population, postcodes and ZIPs by prefix."""
import pytest

from geo import Place


def labels(places):
    """The labels a dropdown would show."""
    return [p.label for p in places]


def test_towns_by_population(gazetteer):
    found = gazetteer.suggest("manc")
    assert found[0].label == "Manchester, England"
    assert "Manchester, NH" in labels(found)
    assert all(isinstance(p, Place) and p.kind == "city" for p in found)


def test_limit_is_respected(gazetteer):
    assert len(gazetteer.suggest("san", limit=3)) == 3
    assert gazetteer.suggest("san", limit=0) == []


def test_big_city_nicknames_but_not_small_town_history(gazetteer):
    found = labels(gazetteer.suggest("new y"))
    assert found[0] == "New York City, NY"
    assert "York, NE" not in found  # GeoNames lists "New York" as a former name of York, NE


def test_typed_qualifier_narrows_towns(gazetteer):
    assert labels(gazetteer.suggest("Portland, Ore")) == ["Portland, OR"]
    assert "Portland, ME" in labels(gazetteer.suggest("portland, m"))


def test_outcodes_then_postcodes(gazetteer):
    district_labels = labels(gazetteer.suggest("sw1", limit=30))
    assert {"SW1A, London", "SW1E, London", "SW10, London"} <= set(district_labels)
    assert all(label.startswith("SW1") for label in district_labels)
    found = gazetteer.suggest("SW1A")
    assert found[0].kind == "outcode" and found[1].kind == "postcode"


def test_a_typed_space_fixes_the_outward_code(gazetteer):
    found = labels(gazetteer.suggest("m1 1a"))
    assert found and all(label.startswith("M1 1A") for label in found)
    assert labels(gazetteer.suggest("m11a")) == found


def test_zips_by_prefix(gazetteer):
    found = gazetteer.suggest("9021")
    assert "Beverly Hills, CA 90210" in labels(found)
    assert all(p.kind == "zip" and p.label[-5:].startswith("9021") for p in found)


@pytest.mark.parametrize("junk", ["", "   ", None, 7, "!!!", "x" * 500])
def test_junk_gives_no_suggestions(gazetteer, junk):
    assert gazetteer.suggest(junk) == []


def test_suggestions_serialise(gazetteer):
    (first,) = gazetteer.suggest("leeds", limit=1)
    assert first.as_dict() == {"lat": first.lat, "lon": first.lon, "label": "Leeds, England",
                               "country": "GB", "kind": "city", "alternatives": []}
