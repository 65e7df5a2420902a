"""Same-name towns: the biggest wins, a town's short name counts as its own, and the site's country wins a tie."""
import pytest


def test_newcastle_is_newcastle_upon_tyne(gazetteer):
    place = gazetteer.lookup("Newcastle", "GB")
    assert (place.label, place.country) == ("Newcastle upon Tyne, England", "GB")
    assert place.alternatives[0] == "Newcastle under Lyme, England"
    assert {"Newcastle, WA", "Newcastle, Northern Ireland"} <= set(place.alternatives)


@pytest.mark.parametrize("typed, label", [("Stoke", "Stoke-on-Trent, England"), ("Southend", "Southend-on-Sea, England"),
                                          ("Kingston", "Kingston, NY")])
def test_a_short_name_counts_only_when_the_town_answers_to_it(gazetteer, typed, label):
    # Kingston upon Hull is bigger, but is not called "Kingston": GeoNames lists no such name for it.
    assert gazetteer.lookup(typed, "GB").label == label


@pytest.mark.parametrize("typed, gb, us", [("Weymouth", "Weymouth, England", "Weymouth, MA"),
                                           ("Kettering", "Kettering, England", "Kettering, OH")])
def test_the_preferred_country_wins_a_tie(gazetteer, typed, gb, us):
    assert gazetteer.lookup(typed, "GB").label == gb and us in gazetteer.lookup(typed, "GB").alternatives
    assert gazetteer.lookup(typed, "US").label == us and gb in gazetteer.lookup(typed, "US").alternatives


def test_a_clear_winner_is_not_a_tie(gazetteer):
    assert gazetteer.lookup("Portland", "GB").label == "Portland, OR"
    assert gazetteer.lookup("London", "US").label == "London, England"


def test_every_newcastle_alternative_resolves_to_itself(gazetteer):
    for label in gazetteer.lookup("Newcastle", "GB").alternatives:
        assert gazetteer.lookup(label, "GB").label == label
