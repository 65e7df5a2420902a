"""A practitioner adds credentials with evidence: checked by content and size, stored privately."""
from pathlib import Path

import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from credentials.models import Credential
from core.extensions import db
from tests.credentials.factories import PDF, PNG, REGISTRATION, pdf_upload
from tests.helpers import submit, text_of

NEW = "/practice/credentials/new"


def stored_documents(app) -> list[Path]:
    """Every evidence file on disk."""
    folder = Path(app.config["UPLOAD_FOLDER"]) / "documents"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_registration_with_a_pdf_is_stored_privately_and_waits_for_review(app, client, practitioner):
    response = submit(client, NEW, {**REGISTRATION, "document": pdf_upload("My GMC cert.pdf")},
                      content_type="multipart/form-data", follow_redirects=True)
    assert "Waiting for review" in text_of(response) and "GMC 1234567" in text_of(response)
    credential = db.session.scalar(select(Credential).where(Credential.status == "pending"))
    assert (credential.kind, credential.issuer, credential.number) == ("registration", "GMC", "1234567")
    assert credential.document_original_name == "My GMC cert.pdf" and credential.document_mime_type == "application/pdf"
    [stored] = stored_documents(app)
    assert stored.name == credential.document_name and stored.read_bytes() == PDF
    assert "static" not in stored.parts and "GMC" not in stored.name
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential.submitted"))
    assert event.actor_email == "amelia@example.com" and event.after["number"] == "1234567"


def test_a_renamed_text_file_is_refused_whatever_its_name(app, client, practitioner):
    fake = pdf_upload("certificate.pdf", b"This is only text pretending to be a PDF.")
    response = submit(client, NEW, {**REGISTRATION, "document": fake}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Upload a PDF, JPEG or PNG file. This file is none of those, whatever its name." in text_of(response)
    assert db.session.scalar(select(Credential).where(Credential.status == "pending")) is None
    assert stored_documents(app) == []


def test_a_png_is_accepted(client, practitioner):
    response = submit(client, NEW, {**REGISTRATION, "document": pdf_upload("scan.png", PNG)},
                      content_type="multipart/form-data", follow_redirects=True)
    assert "Waiting for review" in text_of(response)
    assert db.session.scalar(select(Credential.document_mime_type).where(Credential.status == "pending")) == "image/png"


def test_a_file_over_the_document_limit_is_refused_on_the_form(app, client, practitioner):
    big = pdf_upload("big.pdf", PDF + b"0" * (6 * 1024 * 1024))
    response = submit(client, NEW, {**REGISTRATION, "document": big}, content_type="multipart/form-data")
    assert "The file is larger than 5 MB." in text_of(response)
    assert stored_documents(app) == []


def test_a_request_over_the_size_limit_gets_413_and_a_friendly_page(app, client, practitioner):
    huge = pdf_upload("huge.pdf", PDF + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    response = submit(client, NEW, {**REGISTRATION, "document": huge}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "File too large" in text_of(response) and "Please choose a smaller file." in text_of(response)
    assert db.session.scalar(select(Credential).where(Credential.status == "pending")) is None


def test_evidence_is_required_for_a_new_credential(client, practitioner):
    response = submit(client, NEW, REGISTRATION, content_type="multipart/form-data")
    assert "Upload the evidence" in text_of(response)


@pytest.mark.parametrize("issuer, number, message", [
    ("GMC", "123456", "A GMC number is 7 digits, such as 1234567."),
    ("NMC", "12A34567", "An NMC PIN is 2 digits, a letter, 4 digits and a letter, such as 12A3456E."),
    ("GDC", "GD-1234", "A GDC number is digits only, such as 123456."),
])
def test_registration_numbers_are_checked_against_the_issuers_format(client, practitioner, issuer, number, message):
    data = {**REGISTRATION, "issuer_choice": issuer, "number": number, "document": pdf_upload()}
    page = text_of(submit(client, NEW, data, content_type="multipart/form-data"))
    assert message in page and 'aria-invalid="true"' in page


def test_all_problems_show_at_once_and_nothing_is_stored(app, client, practitioner):
    data = {"kind": "insurance", "issuer_choice": "GMC", "number": "", "issued_on": "", "expires_on": "",
            "document": pdf_upload()}
    page = text_of(submit(client, NEW, data, content_type="multipart/form-data"))
    assert "name the insurer" in page and "Enter the date it was issued." in page
    assert "Enter the date your insurance ends." in page
    assert stored_documents(app) == []


def test_a_us_state_board_licence_and_a_named_training_provider(client, practitioner):
    board = {**REGISTRATION, "issuer_choice": "us_state_board", "state": "TX", "issuer_name": "Medical Board",
             "number": "Q 1234", "document": pdf_upload()}
    training = {"kind": "training", "issuer_choice": "named", "issuer_name": "Harley  Academy",
                "issued_on": "2020-05-01", "expires_on": "", "document": pdf_upload()}
    for data in (board, training):
        submit(client, NEW, data, content_type="multipart/form-data")
    declared = db.session.execute(select(Credential.issuer, Credential.issuer_state, Credential.number)
                                  .order_by(Credential.id).where(Credential.status == "pending")).all()
    assert declared == [("Texas Medical Board", "TX", "Q 1234"), ("Harley Academy", "", "")]


def test_a_registration_needs_a_register_not_a_named_provider(client, practitioner):
    data = {**REGISTRATION, "issuer_choice": "named", "issuer_name": "My College", "document": pdf_upload()}
    page = text_of(submit(client, NEW, data, content_type="multipart/form-data"))
    assert "A professional registration comes from GMC, NMC, GDC, GPhC, HCPC or a US state board." in page


def test_an_expired_document_is_refused(client, practitioner):
    data = {**REGISTRATION, "expires_on": "2001-01-01", "document": pdf_upload()}
    assert "This expired on 1 January 2001. Upload the renewed one." in text_of(
        submit(client, NEW, data, content_type="multipart/form-data"))


def test_a_practitioner_without_a_profile_is_sent_to_create_one(client, make_user):
    from tests.helpers import login

    user = make_user(role="practitioner")
    login(client, user.email)
    response = client.get(NEW)
    assert response.status_code == 302 and response.location.endswith("/practice/profile/new")
