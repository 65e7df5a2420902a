"""Declarations from the importer's columns."""
import pytest
from sqlalchemy import func, select

from compliance.badge import badge_for
from compliance.models import ExosomeDeclaration
from directory.models import Practitioner
from compliance.services import declare_from_import
from core.extensions import db
from core.refusal import Refusal
from tests.compliance.conftest import NOW, ROSE_SERUM
from tests.helpers import text_of


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


# The importer's declaration columns, end to end: a CSV through the command, then what patients see.

HEADER = ("name,email,profession,registration_body,registration_number,practising_since,clinic_name,address,city,"
          "postcode,country,lat,lon,treatments,bio,registration_verified,registration_expires,"
          "exosome_source,exosome_routes,coa_on_file,endotoxin_tested")


def csv_row(name: str, number: str, exosomes: str) -> str:
    """A listed doctor with a Manchester clinic, and the four exosome cells given."""
    email = name.lower().replace(" ", ".").replace("dr.", "") + "@example.com"
    return (f"{name},{email},doctor,GMC,{number},2012-04-01,{name} Clinic,1 Portland Street,Manchester,M1 1AE,GB,"
            f"53.4794,-2.2453,microneedling,,yes,2099-01-01,{exosomes}")


def import_csv(runner, tmp_path, *rows: str):
    """Run `flask import-practitioners` on a file of these rows, as the admin."""
    from importer import import_practitioners_command

    path = tmp_path / "practitioners.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return runner.invoke(import_practitioners_command, [str(path), "--admin", "admin@example.com"])


def by_name(client) -> dict:
    """The badge of each practitioner the API finds near Manchester, by name."""
    body = client.get("/api/v1/practitioners", query_string={"near": "M1 1AE"}).json
    return {r["name"]: r["badge"] for r in body["results"]}


def test_the_declaration_columns_give_imported_practitioners_their_badge(runner, client, admin, tmp_path):
    result = import_csv(runner, tmp_path,
                        csv_row("Dr None", "7000101", "none,,,"),
                        csv_row("Dr Rose", "7000102", "plant; Synthetic,topical,yes,yes"),
                        csv_row("Dr Human", "7000103", "human,topical;iv,yes,no"),
                        csv_row("Dr Stem", "7000104", "stem cells,topical,yes,yes"),
                        csv_row("Dr Oral", "7000105", "plant,oral,yes,yes"),
                        csv_row("Dr Routes", "7000106", ",topical,yes,"),
                        csv_row("Dr Nothing", "7000107", ",,,"))
    assert result.exit_code == 1
    assert ("line 5: exosome_source “stem cells”: stem cells is not allowed; use none, or one or more of plant, "
            "synthetic, animal, human separated by ;") in result.output
    assert ("line 6: exosome_routes “oral”: oral is not allowed; use one or more of topical, injectable, iv "
            "separated by ;") in result.output
    assert "line 7: exosome_routes, coa_on_file given without exosome_source" in result.output
    assert "created 4 practitioners" in result.output.lower()

    badges = by_name(client)
    assert sorted(badges) == ["Dr Human", "Dr None", "Dr Nothing", "Dr Rose"]
    assert badges["Dr None"]["status"] == "no_exosomes"
    assert badges["Dr Rose"]["exosome_sources"] == ["plant", "synthetic"] and badges["Dr Rose"]["routes"] == ["topical"]
    # An import is not the practitioner's attestation of the claims policy: until they give it, the badge says so.
    assert (badges["Dr Rose"]["status"], badges["Dr Rose"]["rules_broken"]) == ("not_compliant", ["ANY-TOPICAL-ADJUNCT"])
    assert badges["Dr Human"]["status"] == "not_compliant" and "UK-COS-HUMAN" in badges["Dr Human"]["rules_broken"]
    assert badges["Dr Nothing"]["status"] == "undeclared"  # empty cells declare nothing
    page = text_of(client.get("/search", query_string={"near": "M1 1AE"}))
    assert "Declares no exosome use" in page
    rose = db.session.scalar(select(ExosomeDeclaration).join(ExosomeDeclaration.practitioner)
                             .where(Practitioner.name == "Dr Rose"))
    assert rose.via_import and not rose.claims_policy_attested and rose.declared_by_id == admin.id
    assert all(p.coa_on_file and p.tests_on_file for p in rose.products)
    profile = text_of(client.get(f"/practitioners/{rose.practitioner.slug}/compliance"))
    assert "Exosome use not declared" not in profile and "Plant-derived" in profile
    assert "The claims policy (cosmetic wording only, no injection or infusion, consent) is not attested." in profile

    again = import_csv(runner, tmp_path, csv_row("Dr None", "7000101", "none,,,"),
                       csv_row("Dr Rose", "7000102", "plant;synthetic,topical,yes,yes"))
    assert again.exit_code == 0 and "skipped 2 unchanged" in again.output and count() == 3


def test_an_import_does_not_replace_a_declaration_the_practitioner_made(runner, admin, tmp_path, make_practitioner,
                                                                       declare):
    own = make_practitioner(name="Dr Own", email="own@example.com")
    own.registration_number = "7000201"
    db.session.commit()
    declare(own, ROSE_SERUM)
    result = import_csv(runner, tmp_path, csv_row("Dr Own", "7000201", "human,topical,no,no"))
    assert "declared their own exosome use" in result.output and result.exit_code == 1
    assert badge_for(own).status != "not_compliant" and count() == 1


def test_a_practitioner_on_several_rows_gives_the_exosome_columns_once(runner, admin, tmp_path):
    first = csv_row("Dr Two", "7000301", "plant,topical,yes,yes")
    second = csv_row("Dr Two", "7000301", "plant,,,").replace("Dr Two Clinic", "Dr Two Annex")
    result = import_csv(runner, tmp_path, first, second)
    assert result.exit_code == 0, result.output
    [declaration] = db.session.scalars(select(ExosomeDeclaration)).all()
    assert [(p.source, p.route, p.coa_on_file) for p in declaration.products] == [("plant", "topical", True)]

    clash = import_csv(runner, tmp_path, csv_row("Dr Three", "7000302", "none,topical,,"))
    assert "line 2: exosome_source is none, so leave exosome_routes empty" in clash.output


def test_an_import_cannot_contradict_the_declaration_it_leaves(runner, client, admin, tmp_path):
    wording = csv_row("Dr Wording", "7000301", "none,,,").replace(
        "microneedling,,", "microneedling,Our signature exosome serum after every session,")
    facial = csv_row("Dr Facial", "7000302", ",,,").replace("microneedling,", "exosome-facial,")
    honest = csv_row("Dr Honest", "7000303", "none,,,")
    result = import_csv(runner, tmp_path, wording, facial, honest)
    assert result.exit_code == 1
    assert "line 2:" in result.output and "exosome" in result.output.split("line 2:", 1)[1].split("\n", 1)[0]
    assert "line 3:" in result.output and "declar" in result.output.split("line 3:", 1)[1].split("\n", 1)[0]
    assert sorted(by_name(client)) == ["Dr Honest"]
    assert db.session.scalar(select(func.count()).select_from(Practitioner)
                             .where(Practitioner.name.in_(["Dr Wording", "Dr Facial"]))) == 0
