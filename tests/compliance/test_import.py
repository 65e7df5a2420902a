"""Declarations from the importer's columns."""
import pytest
from sqlalchemy import func, select

from compliance.badge import badge_for
from compliance.models import ExosomeDeclaration
from compliance.services import declare_from_import
from core.extensions import db
from core.refusal import Refusal
from tests.compliance.conftest import NOW


def count() -> int:
    return db.session.scalar(select(func.count(ExosomeDeclaration.id)))


def test_none_declares_no_exosome_use_once(uk_practitioner, admin):
    declare_from_import(uk_practitioner, ["none"], [], False, False, admin, NOW)
    declare_from_import(uk_practitioner, ["none"], [], False, False, admin, NOW)
    db.session.commit()
    assert count() == 1 and badge_for(uk_practitioner).status == "no_exosomes"


def test_sources_and_routes_become_products(both_practitioner, admin):
    declaration = declare_from_import(both_practitioner, ["plant", "human"], ["topical", "iv"], True, False,
                                      admin, NOW)
    db.session.commit()
    assert sorted((p.source, p.route) for p in declaration.products) == [
        ("human", "iv"), ("human", "topical"), ("plant", "iv"), ("plant", "topical")]
    assert all(p.coa_on_file and not p.tests_on_file for p in declaration.products)
    badge = badge_for(both_practitioner)
    assert badge.rules_broken == ["UK-COS-HUMAN", "US-FDA-UNAPPROVED", "ANY-TOPICAL-ADJUNCT"]


def test_reimporting_the_same_values_adds_nothing_but_a_change_supersedes(uk_practitioner, admin):
    declare_from_import(uk_practitioner, ["plant"], ["topical"], True, True, admin, NOW)
    declare_from_import(uk_practitioner, ["plant"], ["topical"], True, True, admin, NOW)
    assert count() == 1
    declare_from_import(uk_practitioner, ["synthetic"], ["topical"], True, True, admin, NOW)
    db.session.commit()
    assert count() == 2


@pytest.mark.parametrize("sources, routes, field", [
    (["stem cells"], ["topical"], "exosome_source"),
    (["none", "plant"], ["topical"], "exosome_source"),
    (["plant"], [], "exosome_routes"),
    (["plant"], ["oral"], "exosome_routes"),
])
def test_bad_values_are_refused_for_the_spreadsheet(uk_practitioner, admin, sources, routes, field):
    with pytest.raises(Refusal) as refused:
        declare_from_import(uk_practitioner, sources, routes, True, True, admin, NOW)
    assert refused.value.field == field
    assert count() == 0
