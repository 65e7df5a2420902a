"""Verification needs evidence: a document or a register check, and a registration number nobody else holds."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from core.extensions import db
from core.refusal import Refusal
from credentials import services
from credentials.models import Credential, DuplicateResolution
from credentials.rules import RegisterCheck
from tests.helpers import submit, text_of

NOW = datetime(2030, 6, 15, 10, 0, tzinfo=timezone.utc)
APPROVAL = {"next_check_on": "2031-06-01", "expires_on": "2045-01-31"}
CHECK = {"register": "GMC", "register_reference": "GMC 1234567, Dr Paper, registered with a licence",
         "register_checked_on": "2030-06-14"}
RESOLUTION = "Phoned both: the second record is a typo of the same doctor, an old account."


@pytest.fixture(autouse=True)
def pinned(app):
    """Every test here runs on 15 June 2030."""
    app.config["CLOCK_NOW"] = NOW


@pytest.fixture
def paperless(make_practitioner, make_pending):
    """A pending GMC registration with no document on file (as an import or an older record may leave one)."""
    credential = make_pending(make_practitioner(name="Dr Paper", verified=False, email="paper@example.com"))
    credential.document_name, credential.document_original_name = None, ""
    db.session.commit()
    return credential


def actions(credential_id=None) -> list[str]:
    """The audit actions recorded, oldest first, optionally about one credential."""
    query = select(AuditEvent.action).order_by(AuditEvent.id)
    if credential_id is not None:
        query = query.where(AuditEvent.subject_type == "credential", AuditEvent.subject_id == credential_id)
    return list(db.session.scalars(query))


def approve(client, credential, data):
    """Post the approve form from the credential's page, as the admin's browser does."""
    page = f"/admin/credentials/{credential.id}"
    return submit(client, f"{page}/approve", data, page=page, follow_redirects=True)


def test_without_a_document_the_admin_must_record_a_register_check(as_admin, paperless):
    page = text_of(as_admin.get(f"/admin/credentials/{paperless.id}"))
    assert "Register check" in page and "Required: no document is on file" in page

    refused = text_of(approve(as_admin, paperless, APPROVAL))
    assert "no document is on file and no register check is recorded" in refused
    db.session.refresh(paperless)
    assert paperless.status == "pending" and "credential.approved" not in actions()

    response = text_of(approve(as_admin, paperless, {**APPROVAL, **CHECK}))
    assert "Verified Professional registration, GMC 1234567" in response
    db.session.refresh(paperless)
    assert paperless.status == "verified"
    assert (paperless.register_checked_in, paperless.register_reference, paperless.register_checked_on) == (
        "GMC", CHECK["register_reference"], date(2030, 6, 14))
    assert actions(paperless.id)[-2:] == ["credential.register_checked", "credential.approved"]
    checked = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential.register_checked"))
    assert checked.after["register"] == "GMC register (UK doctors)" and checked.actor_email == "admin@verity.example"
    approved = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential.approved"))
    assert approved.after["evidence"] == ["register_check"]
    trail = text_of(as_admin.get(f"/admin/audit?subject_type=credential&subject_id={paperless.id}"))
    assert "credential.register_checked" in trail and "registered with a licence" in trail
    shown = text_of(as_admin.get(f"/admin/credentials/{paperless.id}"))
    assert "GMC register (UK doctors)" in shown and "checked 14 June 2030" in shown


@pytest.mark.parametrize("change, message", [
    ({"register_checked_on": ""}, "Enter the date you checked the register."),
    ({"register_checked_on": "2030-06-16"}, "The date checked cannot be in the future."),
    ({"register_checked_on": "2011-01-01"}, "The register could not show it before it was issued on 1 September 2012."),
    ({"register_reference": ""}, "Enter the reference the register shows"),
    ({"register": "NMC"}, "This registration is held with GMC: check it on the GMC register (UK doctors)."),
])
def test_an_incomplete_register_check_is_refused_on_its_field(as_admin, paperless, change, message):
    page = text_of(approve(as_admin, paperless, {**APPROVAL, **CHECK, **change}))
    assert message in page
    db.session.refresh(paperless)
    assert paperless.status == "pending" and paperless.register_checked_on is None
    assert "credential.register_checked" not in actions()


def test_a_document_on_file_is_evidence_enough(as_admin, make_practitioner, make_pending):
    credential = make_pending(make_practitioner(verified=False))
    assert "Optional: a document is on file" in text_of(as_admin.get(f"/admin/credentials/{credential.id}"))
    approve(as_admin, credential, APPROVAL)
    db.session.refresh(credential)
    assert credential.status == "verified" and credential.register_checked_on is None
    approved = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential.approved"))
    assert approved.after["evidence"] == ["document"]


def test_services_refuse_with_codes_for_the_api_and_cli(admin, paperless, make_practitioner, make_pending):
    with pytest.raises(Refusal) as missing:
        services.approve(paperless, admin, date(2031, 6, 1), None, NOW.date())
    assert missing.value.code == "evidence_missing"
    with pytest.raises(Refusal) as incomplete:
        services.approve(paperless, admin, date(2031, 6, 1), None, NOW.date(),
                         RegisterCheck("GMC", "GMC 1234567", date(2030, 7, 1)))
    assert (incomplete.value.code, incomplete.value.field) == ("register_check_incomplete", "register_checked_on")
    other = make_pending(make_practitioner(name="Dr Other", verified=False))
    with pytest.raises(Refusal) as duplicate:
        services.approve(paperless, admin, date(2031, 6, 1), None, NOW.date(),
                         RegisterCheck("GMC", "GMC 1234567", date(2030, 6, 1)))
    assert duplicate.value.code == "duplicate_registration" and duplicate.value.status == 409
    assert duplicate.value.extra["held_by"] == [other.id]


def test_a_number_held_by_another_practitioner_blocks_until_resolved(as_admin, make_practitioner, make_pending):
    first = make_pending(make_practitioner(name="Dr First", verified=False, email="first@example.com"),
                         issuer_choice="us_state_board", state="TX", issuer_name="Medical Board", number="Q 1234")
    second = make_pending(make_practitioner(name="Dr Second", verified=False, email="second@example.com"),
                          issuer_choice="us_state_board", state="TX", issuer_name="Medical Board", number="q1234")
    # Declaring it recorded the block on both credentials.
    assert "credential.duplicate_blocked" in actions(second.id) and "credential.duplicate_blocked" in actions(first.id)

    page = f"/admin/credentials/{second.id}"
    refused = text_of(approve(as_admin, second, APPROVAL))
    assert "Texas Medical Board q1234 is also held by Dr First (pending)" in refused
    db.session.refresh(second)
    assert second.status == "pending"

    shown = text_of(as_admin.get(page))
    for text in ("Registration number held by another practitioner", "This credential", f"Credential {first.id}",
                 "Dr First", "first@example.com", "Dr Second", "second@example.com", "Q 1234", "q1234",
                 "evidence.pdf", "1 September 2012", "Resolve duplicate"):
        assert text in shown
    assert "Write a reason of 10 to 1,000 characters." in text_of(
        submit(as_admin, f"{page}/resolve-duplicate", {"resolution": "ok"}, page=page))
    assert db.session.scalar(select(DuplicateResolution)) is None

    resolved = text_of(submit(as_admin, f"{page}/resolve-duplicate", {"resolution": RESOLUTION}, page=page,
                              follow_redirects=True))
    assert "Duplicate resolved; you can now verify this credential." in resolved and RESOLUTION in resolved
    [resolution] = db.session.scalars(select(DuplicateResolution)).all()
    assert (resolution.credential_id, resolution.other_credential_id, resolution.reason) == (
        second.id, first.id, RESOLUTION)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential.duplicate_resolved"))
    assert event.reason == RESOLUTION and event.after["held_by"][0]["credential"] == first.id

    assert "Verified Professional registration" in text_of(approve(as_admin, second, APPROVAL))
    db.session.refresh(second)
    assert second.status == "verified"
    # The resolution was for the second record: the first stays blocked until someone resolves it too.
    assert "is also held by Dr Second (verified)" in text_of(approve(as_admin, first, APPROVAL))
    trail = text_of(as_admin.get("/admin/audit"))
    for action in ("credential.duplicate_blocked", "credential.duplicate_resolved", "credential.approved"):
        assert action in trail
    assert RESOLUTION in trail


def test_a_rejected_record_holds_no_number(as_admin, admin, make_practitioner, make_pending):
    first = make_pending(make_practitioner(name="Dr First", verified=False))
    second = make_pending(make_practitioner(name="Dr Second", verified=False))
    services.reject(first, admin, "The register shows another name for this number.")
    db.session.commit()
    approve(as_admin, second, APPROVAL)
    assert db.session.scalar(select(Credential.status).where(Credential.id == second.id)) == "verified"


def test_a_training_certificate_is_checked_with_its_issuer(as_admin, make_practitioner, make_pending):
    credential = make_pending(make_practitioner(verified=False), kind="training", issuer_choice="named",
                              issuer_name="Harley Academy", number="HA-2291")
    credential.document_name = None
    db.session.commit()
    check = {"register_reference": "Harley Academy confirmed HA-2291 by email", "register_checked_on": "2030-06-01"}
    assert "Choose the register you checked." in text_of(approve(as_admin, credential, {**APPROVAL, **check}))
    approve(as_admin, credential, {**APPROVAL, **check, "register": "issuer"})
    db.session.refresh(credential)
    assert (credential.status, credential.register_checked_in) == ("verified", "issuer")
    page = text_of(as_admin.get(f"/admin/credentials/{credential.id}"))
    assert "The issuer&#39;s own records (training provider or insurer)" in page


def test_a_resolution_carries_to_the_next_version_but_not_to_a_new_holder(as_admin, admin, make_practitioner,
                                                                          make_pending):
    from credentials import rules

    make_pending(make_practitioner(name="Dr First", verified=False))
    second = make_pending(make_practitioner(name="Dr Second", verified=False))
    services.resolve_duplicate(second, admin, RESOLUTION)
    revised = services.revise(second, rules.Declaration(
        kind="registration", issuer_choice="GMC", number="1234567", issued_on=date(2012, 9, 1),
        expires_on=date(2046, 1, 31)), None, second.practitioner.user, NOW.date())
    db.session.commit()
    assert "credential.duplicate_blocked" not in actions(revised.id)
    third = make_pending(make_practitioner(name="Dr Third", verified=False))
    assert "credential.duplicate_blocked" in actions(revised.id)  # the third holder blocks it again
    page = text_of(approve(as_admin, revised, {**APPROVAL, "expires_on": "2046-01-31"}))
    assert "GMC 1234567 is also held by Dr Third (pending). Compare the records" in page
    assert third.id and db.session.get(Credential, revised.id).status == "pending"
