"""The licensing tiers as dated data: the row in force on a date, per jurisdiction, with its source."""
from datetime import date

from directory.catalogue import TREATMENTS
from licensing.rules import AMBER, GREEN, RED, TIER_RULES, TIERS, TierRule, tier_for, tier_rule, tiers_of

LATER = TierRule("dermal-filler", "GB-ENG", RED, date(2027, 4, 1), "Regulations laid in 2027")
WALES = TierRule("dermal-filler", "GB-WLS", AMBER, date(2026, 1, 1), "A Welsh scheme")


def test_every_row_names_a_catalogue_treatment_a_tier_and_a_source():
    slugs = {slug for slug, *_ in TREATMENTS}
    for rule in TIER_RULES:
        assert rule.treatment in slugs and rule.tier in TIERS and rule.source and rule.jurisdiction == "GB-ENG"
    assert len({(r.treatment, r.jurisdiction, r.in_force_from) for r in TIER_RULES}) == len(TIER_RULES)


def test_englands_tiers_as_the_consultation_response_sets_them():
    day = date(2026, 3, 1)
    assert tier_for("botulinum-toxin", "GB-ENG", day) == AMBER
    assert tier_for("chemical-peel", "GB-ENG", day) == GREEN
    assert tier_for("facelift", "GB-ENG", day) is None  # surgery: outside the scheme
    assert tier_for("botulinum-toxin", "GB-SCT", day) is None and tier_for("botulinum-toxin", "US", day) is None
    assert "consultation response (August 2025)" in tier_rule("dermal-filler", "GB-ENG", day).source


def test_a_law_change_is_a_new_dated_row():
    rules = (*TIER_RULES, LATER)
    assert tier_for("dermal-filler", "GB-ENG", date(2027, 3, 31), rules) == AMBER
    assert tier_for("dermal-filler", "GB-ENG", date(2027, 4, 1), rules) == RED
    assert tier_rule("dermal-filler", "GB-ENG", date(2027, 4, 1), rules).source == "Regulations laid in 2027"


def test_no_tier_before_the_first_row_takes_effect():
    assert tier_for("dermal-filler", "GB-ENG", date(2025, 7, 31)) is None


def test_tiers_by_jurisdiction_list_only_the_schemes_that_cover_the_treatment():
    rules = (*TIER_RULES, WALES)
    assert tiers_of("dermal-filler", date(2026, 3, 1), rules) == {"GB-ENG": AMBER, "GB-WLS": AMBER}
    assert tiers_of("chemical-peel", date(2026, 3, 1), rules) == {"GB-ENG": GREEN}
    assert tiers_of("facelift", date(2026, 3, 1), rules) == {}


def test_what_each_tier_needs():
    from licensing.rules import CQC, HEALTHCARE, OVERSIGHT, PERSONAL, PREMISES, needs
    assert needs(GREEN, healthcare=False) == (PERSONAL, PREMISES)
    assert needs(AMBER, healthcare=True) == (PERSONAL, PREMISES)
    assert needs(AMBER, healthcare=False) == (PERSONAL, PREMISES, OVERSIGHT)
    assert needs(RED, healthcare=True) == (HEALTHCARE, CQC) and needs(None, healthcare=False) == ()


def test_the_only_profession_outside_healthcare_is_a_profession():
    from directory.models import Profession
    from licensing.rules import NON_HEALTHCARE
    assert NON_HEALTHCARE <= {p.value for p in Profession}
