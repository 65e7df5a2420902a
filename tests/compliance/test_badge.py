"""The badge: every rule in both jurisdictions, both countries at once, and its change with declarations and clinics."""
from datetime import date

import pytest
from sqlalchemy import event, select

from compliance.badge import LABELS, badge_for, badges_for
from directory.models import ComplianceBadgeRow
from compliance.services import declare_from_import
from core.extensions import db
from tests.compliance.conftest import BEVERLY_HILLS, LONDON

TODAY = date(2025, 6, 2)
HUMAN = {"name": "Human MSC Exosomes", "source": "human"}
ANIMAL = {"name": "Bovine Vesicles", "source": "animal"}
SYNTHETIC = {"name": "Liposome Boost", "source": "synthetic"}
INJECTED = {"name": "Plant Exo Injectable", "route": "injectable"}
IV = {"name": "Exo Drip", "source": "synthetic", "route": "iv"}


def stored(practitioner) -> ComplianceBadgeRow:
    """The badge row search filters on."""
    db.session.expire_all()
    return db.session.get(ComplianceBadgeRow, practitioner.id)


@pytest.mark.parametrize("clinic, product, expected", [
    (LONDON, HUMAN, ["UK-COS-HUMAN", "ANY-TOPICAL-ADJUNCT"]),
    (BEVERLY_HILLS, HUMAN, ["ANY-TOPICAL-ADJUNCT"]),
    (LONDON, INJECTED, ["ANY-TOPICAL-ADJUNCT"]),
    (BEVERLY_HILLS, INJECTED, ["US-FDA-UNAPPROVED", "ANY-TOPICAL-ADJUNCT"]),
    (BEVERLY_HILLS, IV, ["US-FDA-UNAPPROVED", "ANY-TOPICAL-ADJUNCT"]),
    (LONDON, ANIMAL, ["ANY-TOPICAL-ADJUNCT"]),
    (BEVERLY_HILLS, ANIMAL, ["ANY-TOPICAL-ADJUNCT"]),
], ids=["uk-human", "us-human", "uk-injectable", "us-injectable", "us-iv", "uk-animal", "us-animal"])
def test_declared_products_break_the_rules_of_where_the_clinic_is(make_practitioner, declare, clinic, product,
                                                                  expected):
    practitioner = make_practitioner(clinics=[clinic])
    declare(practitioner, product)
    badge = badge_for(practitioner, TODAY)
    assert badge.status == "not_compliant"
    assert badge.rules_broken == expected
    assert stored(practitioner).status == "not_compliant"
    assert stored(practitioner).rules_broken == ",".join(expected)


@pytest.mark.parametrize("clinic, bio, expected", [
    (LONDON, "Our exosome facial heals acne.", ["UK-MED"]),
    (BEVERLY_HILLS, "Our exosome facial heals acne.", ["US-FDA-CLAIMS"]),
    (BEVERLY_HILLS, "We use FDA-approved exosomes.", ["US-FDA-UNAPPROVED"]),
    (BEVERLY_HILLS, "Book exosome injections with me.", ["US-FDA-UNAPPROVED"]),
    (LONDON, "Book exosome injections with me.", ["UK-MED"]),
    (LONDON, "Stem-cell therapy for tired skin.", ["UK-MED"]),
], ids=["uk-disease", "us-disease", "us-fda-approved", "us-injection-offer", "uk-injection-offer", "uk-stem-cell"])
def test_drug_like_claims_break_the_claims_rule_of_the_jurisdiction(make_practitioner, declare, clinic, bio,
                                                                    expected):
    practitioner = make_practitioner(clinics=[clinic], bio=bio)
    declare(practitioner, {})
    badge = badge_for(practitioner, TODAY)
    assert (badge.status, badge.rules_broken) == ("not_compliant", expected)
    assert badge.claims[0].where == "Bio"


@pytest.mark.parametrize("clinic", [LONDON, BEVERLY_HILLS], ids=["uk", "us"])
def test_a_plant_or_synthetic_topical_with_evidence_is_declared_compliant(make_practitioner, declare, clinic):
    practitioner = make_practitioner(clinics=[clinic], bio="Improves the look of tone and texture. "
                                                           "We do not inject exosomes.")
    declare(practitioner, {}, SYNTHETIC)
    badge = badge_for(practitioner, TODAY)
    assert (badge.status, badge.rules_broken) == ("declared_compliant", [])
    assert badge.exosome_sources == ["plant", "synthetic"] and badge.routes == ["topical"]


@pytest.mark.parametrize("clinic", [LONDON, BEVERLY_HILLS], ids=["uk", "us"])
def test_missing_certificate_or_tests_breaks_the_topical_adjunct_rule(make_practitioner, declare, clinic):
    practitioner = make_practitioner(clinics=[clinic])
    declare(practitioner, {}, evidence=False)
    badge = badge_for(practitioner, TODAY)
    assert badge.rules_broken == ["ANY-TOPICAL-ADJUNCT"]
    assert "lacks a certificate of analysis" in badge.breaches[0].reasons[0]


def test_an_unattested_import_breaks_the_topical_adjunct_rule(uk_practitioner, admin):
    declare_from_import(uk_practitioner, ["plant"], ["topical"], True, True, admin)
    db.session.commit()
    badge = badge_for(uk_practitioner, TODAY)
    assert badge.rules_broken == ["ANY-TOPICAL-ADJUNCT"]
    assert "not attested" in badge.breaches[0].reasons[0]


def test_undeclared_and_no_exosomes(uk_practitioner, us_practitioner, declare):
    declare(us_practitioner)
    assert badge_for(uk_practitioner, TODAY).status == "undeclared"
    assert badge_for(us_practitioner, TODAY).status == "no_exosomes"
    assert stored(us_practitioner).status == "no_exosomes"


def test_drug_like_claims_make_even_an_undeclared_practitioner_not_compliant(make_practitioner):
    practitioner = make_practitioner(clinics=[LONDON], bio="I treat rosacea with exosomes.")
    assert badge_for(practitioner, TODAY).status == "not_compliant"
    assert stored(practitioner).rules_broken == "UK-MED"


def test_claims_in_clinic_blurbs_and_treatment_notes_count(make_practitioner, declare):
    practitioner = make_practitioner(clinics=[{**BEVERLY_HILLS, "blurb": "Exosomes regrow hair here."}])
    practitioner.offerings[0].description = "Our filler regenerates collagen."
    db.session.commit()
    badge = badge_for(practitioner, TODAY)
    assert sorted(c.where for c in badge.claims) == ["Clinic “Rodeo Skin”", "Treatment “Dermal fillers (hyaluronic acid)”"]
    assert badge.rules_broken == ["US-FDA-CLAIMS"]


def test_a_practitioner_with_clinics_in_both_countries_meets_both_sets_of_rules(both_practitioner, declare):
    declare(both_practitioner, HUMAN, INJECTED)
    badge = badge_for(both_practitioner, TODAY)
    where = {(b.rule.id, b.where) for b in badge.breaches}
    assert where == {("UK-COS-HUMAN", "GB"), ("US-FDA-UNAPPROVED", "US"), ("ANY-TOPICAL-ADJUNCT", "ANY")}
    assert badge.uses_human_exosomes and stored(both_practitioner).uses_human_exosomes


def test_claims_at_clinics_in_both_countries_break_both_claims_rules(make_practitioner):
    practitioner = make_practitioner(clinics=[LONDON, BEVERLY_HILLS], bio="Exosomes reverse hair loss.")
    assert badge_for(practitioner, TODAY).rules_broken == ["UK-MED", "US-FDA-CLAIMS"]


def test_a_new_declaration_changes_the_badge_and_keeps_the_old_one(uk_practitioner, declare):
    first = declare(uk_practitioner, HUMAN)
    assert stored(uk_practitioner).status == "not_compliant"
    second = declare(uk_practitioner, {})
    db.session.refresh(first)
    assert first.superseded_at is not None and second.superseded_at is None
    assert [p.source for p in first.products] == ["human"]
    assert stored(uk_practitioner).status == "declared_compliant"
    assert badge_for(uk_practitioner, TODAY).declaration.id == second.id


def test_moving_a_clinic_to_another_country_changes_the_badge(uk_practitioner, declare):
    declare(uk_practitioner, HUMAN)
    assert "UK-COS-HUMAN" in stored(uk_practitioner).rules_broken
    clinic = uk_practitioner.clinics[0]
    for key, value in BEVERLY_HILLS.items():
        setattr(clinic, key, value)
    db.session.commit()
    assert stored(uk_practitioner).rules_broken == "ANY-TOPICAL-ADJUNCT"


def test_adding_and_removing_a_clinic_changes_the_badge(us_practitioner, declare):
    from directory.models import Clinic

    declare(us_practitioner, HUMAN)
    assert stored(us_practitioner).rules_broken == "ANY-TOPICAL-ADJUNCT"
    us_practitioner.clinics.append(Clinic(**LONDON))
    db.session.commit()
    assert stored(us_practitioner).rules_broken == "UK-COS-HUMAN,ANY-TOPICAL-ADJUNCT"
    us_practitioner.clinics.remove(us_practitioner.clinics[-1])
    db.session.commit()
    assert stored(us_practitioner).rules_broken == "ANY-TOPICAL-ADJUNCT"


def test_rewording_the_bio_clears_the_claims_breach(make_practitioner, declare):
    practitioner = make_practitioner(clinics=[LONDON], bio="Exosomes heal acne.")
    declare(practitioner, {})
    assert stored(practitioner).status == "not_compliant"
    practitioner.bio = "Exosomes help skin feel calmer after microneedling."
    db.session.commit()
    assert stored(practitioner).status == "declared_compliant"


def test_labels_never_say_approved_or_safe(uk_practitioner, declare):
    for icon, words in LABELS.values():
        assert icon and "approved" not in words.lower() and "safe" not in words.lower()
    declare(uk_practitioner, HUMAN)
    badge = badge_for(uk_practitioner, TODAY)
    assert badge.label == "Exosomes: not compliant"  # rule ids stay in the API and on the explanation page
    assert badge.reasons == [
        "Uses exosomes made from human cells, which UK law does not allow in cosmetic treatments.",
        "Does not use exosomes only as a checked, non-human serum on the skin after a procedure."]


def test_as_json_gives_the_api_fields(uk_practitioner, declare):
    declare(uk_practitioner, {})
    assert badge_for(uk_practitioner, TODAY).as_json() == {
        "status": "declared_compliant", "rules_broken": [], "exosome_sources": ["plant"], "routes": ["topical"],
        "declared_on": "2025-06-02", "reviewed_on": None}


def test_badges_for_a_page_of_results_takes_a_few_queries(make_practitioner, declare):
    practitioners = [make_practitioner(clinics=[LONDON if n % 2 else BEVERLY_HILLS]) for n in range(20)]
    for practitioner in practitioners[:10]:
        declare(practitioner, {} if practitioner.id % 3 else HUMAN, evidence=False)
    ids = [p.id for p in practitioners]
    db.session.expire_all()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        badges = badges_for(ids, TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(badges) == 20
    assert len(statements) <= 6, statements
    assert {b.status for b in badges.values()} >= {"undeclared", "not_compliant"}
