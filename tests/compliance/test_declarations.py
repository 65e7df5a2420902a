"""A practitioner declares exosome use on the site: products, evidence uploads, attestation, history."""
import pytest
from sqlalchemy import func, select

from audit.models import AuditEvent
from compliance.models import ComplianceDocument, ExosomeDeclaration
from core.extensions import db
from tests.compliance.conftest import PDF, pdf_upload
from tests.helpers import login, submit, text_of

URL = "/practice/exosomes/declare"
ROSE = {"uses_exosomes": "yes", "products-0-name": "Rose Vesicle Serum", "products-0-supplier": "Petal Labs",
        "products-0-source": "plant", "products-0-route": "topical", "attested": "y"}


def declarations(practitioner) -> list[ExosomeDeclaration]:
    return list(db.session.scalars(select(ExosomeDeclaration).where(
        ExosomeDeclaration.practitioner_id == practitioner.id).order_by(ExosomeDeclaration.id)))


@pytest.fixture
def logged_in(client, uk_practitioner):
    login(client, uk_practitioner.user.email)
    return uk_practitioner


def test_a_practitioner_declares_a_product_with_its_evidence(client, logged_in):
    data = {**ROSE, "products-0-coa_file": pdf_upload("coa.pdf"), "products-0-tests_file": pdf_upload("tests.pdf")}
    response = submit(client, URL, data, content_type="multipart/form-data", follow_redirects=True)
    page = text_of(response)
    assert "Your declaration is saved" in page
    assert "Exosomes declared within the rules, evidence not yet checked" in page
    [declaration] = declarations(logged_in)
    product = declaration.products[0]
    assert (product.name, product.source, product.route) == ("Rose Vesicle Serum", "plant", "topical")
    assert product.coa_on_file and product.tests_on_file and not product.stability_on_file
    assert product.coa_document.original_name == "coa.pdf"
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "exosome_declaration.declared")) == 1


def test_a_new_declaration_keeps_the_old_one_and_its_documents(client, logged_in):
    assert "already on file" not in text_of(client.get(URL))  # nothing to keep yet: no empty choice shown
    submit(client, URL, {**ROSE, "products-0-coa_file": pdf_upload()}, content_type="multipart/form-data")
    page = text_of(client.get(URL))
    assert "coa.pdf, uploaded" in page  # the certificate is offered again
    coa = db.session.scalar(select(ComplianceDocument))
    submit(client, URL, {**ROSE, "products-0-coa_keep": str(coa.id), "products-1-name": "Liposome Boost",
                         "products-1-source": "synthetic", "products-1-route": "topical"},
           content_type="multipart/form-data")
    first, second = declarations(logged_in)
    assert first.superseded_at is not None and [p.name for p in first.products] == ["Rose Vesicle Serum"]
    assert [p.name for p in second.products] == ["Rose Vesicle Serum", "Liposome Boost"]
    assert second.products[0].coa_document_id == coa.id
    overview = text_of(client.get("/practice/exosomes"))
    assert "Earlier declarations" in overview and "Liposome Boost" in overview


def test_declaring_no_exosomes(client, logged_in):
    response = submit(client, URL, {"uses_exosomes": "no", "products-0-name": "ignored"}, follow_redirects=True)
    assert "Declares no exosome use" in text_of(response)
    [declaration] = declarations(logged_in)
    assert not declaration.uses_exosomes and declaration.products == []


@pytest.mark.parametrize("change, message", [
    ({"attested": ""}, "Confirm the claims policy"),
    ({"products-0-source": ""}, "Choose where the product"),
    ({"products-0-name": "", "products-0-supplier": "", "products-0-source": "", "products-0-route": ""},
     "Add at least one product"),
    ({"uses_exosomes": ""}, "Say whether you use exosome products"),
])
def test_an_incomplete_declaration_is_refused_on_the_page(client, logged_in, change, message):
    response = submit(client, URL, {**ROSE, **change})
    assert response.status_code == 200
    assert message in text_of(response)
    assert declarations(logged_in) == []


def test_a_drug_like_statement_is_refused_with_the_sentence_highlighted(client, logged_in):
    response = submit(client, URL, {**ROSE, "statement": "A gentle serum. It regenerates the dermis."})
    page = text_of(response)
    assert '<mark class="claims-flag">It regenerates the dermis.</mark>' in page
    assert "UK-MED" in page and "improves the look of firmness" in page
    assert declarations(logged_in) == []


def test_a_file_that_is_not_a_document_is_refused_and_nothing_is_stored(client, logged_in, app):
    response = submit(client, URL, {**ROSE, "products-0-coa_file": pdf_upload("coa.pdf", b"MZ\x90\x00binary")},
                      content_type="multipart/form-data")
    assert "Upload a PDF, JPEG or PNG" in text_of(response)
    assert declarations(logged_in) == [] and db.session.scalar(select(ComplianceDocument)) is None


def test_evidence_is_served_to_its_owner_and_admins_only(client, logged_in, declare, make_practitioner, admin):
    declare(logged_in, {})
    document = db.session.scalar(select(ComplianceDocument))
    url = f"/compliance/documents/{document.id}"
    response = client.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    rival = make_practitioner(name="Dr Rival")
    login(client, rival.user.email)
    assert client.get(url).status_code == 404
    login(client, admin.email)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/practice/exosomes", URL, "/practice/exosomes/check-wording"])
def test_practice_pages_need_a_practitioner(client, make_user, url):
    assert client.get(url).status_code == 302
    login(client, make_user(role="patient").email)
    assert client.get(url).status_code == 403


def test_the_wording_checker_highlights_without_saving(client, logged_in):
    response = submit(client, "/practice/exosomes/check-wording",
                      {"text": "Relaxed, friendly clinic. We treat eczema with exosomes."})
    page = text_of(response)
    assert '<mark class="claims-flag">We treat eczema with exosomes.</mark>' in page
    assert declarations(logged_in) == []
