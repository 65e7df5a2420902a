"""Declarations match offerings: "no exosomes" refuses exosome treatments and wording, on every path a practitioner takes."""
import pytest
from sqlalchemy import select

from compliance.models import ExosomeDeclaration
from core.extensions import db
from directory.models import Offering, Practitioner
from tests.compliance.conftest import ROSE_SERUM
from tests.helpers import login, submit, text_of

DECLARE = "/practice/exosomes/declare"


def offered(practitioner) -> set[str]:
    db.session.expire_all()
    return {o.treatment.slug for o in db.session.scalars(select(Offering).where(
        Offering.practitioner_id == practitioner.id))}


def current(practitioner) -> ExosomeDeclaration | None:
    return db.session.scalar(select(ExosomeDeclaration).where(ExosomeDeclaration.practitioner_id == practitioner.id,
                                                              ExosomeDeclaration.superseded_at.is_(None)))


def reloaded(offering) -> Offering:
    db.session.expire_all()
    return db.session.get(Offering, offering.id)


def add(client, treatment, description=""):
    return text_of(submit(client, "/practice/treatments/new", {"treatment": str(treatment.id), "price": "150",
                                                               "duration_minutes": "45", "description": description}))


@pytest.fixture
def no_exosomes(client, uk_practitioner, declare):
    """Dr Una King, logged in, who declared that she uses no exosomes."""
    declare(uk_practitioner)
    login(client, uk_practitioner.user.email)
    return uk_practitioner


def test_no_exosomes_refuses_the_exosome_facial(client, no_exosomes, catalogue):
    page = add(client, catalogue["exosome-facial"])
    assert "includes exosomes, but your declaration says you do not use them" in page
    assert "\u201cExosome facial\u201d (topical serum after a procedure)" in page
    assert 'id="treatment-error"' in page
    assert offered(no_exosomes) == {"dermal-filler"}


def test_an_exosome_treatment_needs_a_declaration_of_use(client, uk_practitioner, catalogue, declare):
    login(client, uk_practitioner.user.email)
    page = add(client, catalogue["exosome-facial"])
    assert "declare the exosome products you use on your Exosomes page before offering it" in page
    assert "exosome-facial" not in offered(uk_practitioner)
    declare(uk_practitioner, ROSE_SERUM)
    add(client, catalogue["exosome-facial"])
    assert "exosome-facial" in offered(uk_practitioner)


@pytest.mark.parametrize("description, phrase", [
    ("Microneedling finished with a PRP-exosome serum.", "PRP-exosome serum"),
    ("We apply plant EVs afterwards.", "EVs"),
    ("A secretome mask calms the skin.", "secretome"),
    ("Rich in extracellular vesicles.", "extracellular vesicles"),
])
def test_no_exosomes_refuses_exosome_wording_in_a_treatment(client, no_exosomes, catalogue, description, phrase):
    page = add(client, catalogue["microneedling"], description)
    assert f"The description of Microneedling mentions exosomes (\u201c{phrase}\u201d in \u201c{description}\u201d)" \
        in page
    assert 'id="description-error"' in page
    assert "microneedling" not in offered(no_exosomes)


def test_saying_exosomes_are_not_used_is_not_a_conflict(client, no_exosomes, catalogue):
    add(client, catalogue["microneedling"], "Microneedling on its own. We do not use exosomes.")
    assert "microneedling" in offered(no_exosomes)


def test_an_edited_treatment_text_is_checked_too(client, no_exosomes):
    offering = no_exosomes.offerings[0]
    page = text_of(submit(client, f"/practice/treatments/{offering.id}", {
        "price": "250", "duration_minutes": "45", "description": "Filler, then an exosome facial to finish."}))
    assert "The description of Dermal fillers (hyaluronic acid) mentions exosomes (\u201cexosome facial\u201d" in page
    assert reloaded(offering).description == ""


def test_no_exosomes_refuses_exosome_wording_in_the_bio(client, no_exosomes):
    page = text_of(submit(client, "/practice/profile", {
        "name": "Dr Una King", "profession": "doctor", "registration_body": "GMC",
        "registration_number": no_exosomes.registration_number, "practising_since": "2015-03-01",
        "bio": "Twenty years of skin care. I love our exosome serum.", "languages": "English"}))
    assert "Your bio mentions exosomes (\u201cexosome serum\u201d in \u201cI love our exosome serum.\u201d)" in page
    assert 'id="bio-error"' in page
    db.session.expire_all()
    assert db.session.get(Practitioner, no_exosomes.id).bio == ""


def test_declaring_no_exosomes_is_refused_while_an_exosome_offering_or_text_remains(client, uk_practitioner,
                                                                                  catalogue, declare):
    declare(uk_practitioner, ROSE_SERUM)
    uk_practitioner.bio = "Calm skin care. Our secretome mask soothes."
    uk_practitioner.offerings.append(Offering(treatment=catalogue["exosome-facial"], price_from_minor=9000,
                                              currency="GBP", duration_minutes=30))
    db.session.commit()
    login(client, uk_practitioner.user.email)
    page = text_of(submit(client, DECLARE, {"uses_exosomes": "no"}))
    assert "Your bio mentions exosomes (\u201csecretome\u201d in \u201cOur secretome mask soothes.\u201d)" in page
    assert "You offer \u201cExosome facial\u201d (topical serum after a procedure), which includes exosomes: " \
           "stop offering it" in page
    assert current(uk_practitioner).uses_exosomes


def test_the_exosome_adjunct_flag_needs_a_declaration_of_use(client, no_exosomes):
    offering = no_exosomes.offerings[0]
    page = text_of(submit(client, f"/practice/booking/treatments/{offering.id}", {
        "buffer_before_minutes": "0", "buffer_after_minutes": "0", "includes_exosome_adjunct": "y"}))
    assert "Dermal fillers (hyaluronic acid) includes exosomes, but your declaration says you do not use them" in page
    assert not reloaded(offering).includes_exosome_adjunct


def test_the_importer_can_check_a_row_before_writing_it(catalogue):
    from compliance.consistency import ProposedOffering, contradictions

    row = [ProposedOffering(catalogue["exosome-facial"])]
    assert [c.field for c in contradictions(None, "", row)] == ["treatment"]
    assert contradictions(True, "Our exosome serum.", row) == []
    found = contradictions(False, "Our exosome serum.", row, declaring=True)
    assert [c.field for c in found] == ["uses_exosomes", "uses_exosomes"]
    assert "Your bio mentions exosomes (\u201cexosome serum\u201d" in found[0].message
