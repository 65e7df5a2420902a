"""An admin reviews a declaration's evidence, or sends it back with a reason; both are emailed and audited."""
import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from compliance import services
from compliance.badge import badge_for
from compliance.services import declare_from_import
from core.extensions import db
from tests.compliance.conftest import NOW
from tests.helpers import login, outbox_to, plain_text, submit, text_of


@pytest.fixture
def pending(uk_practitioner, declare):
    return declare(uk_practitioner, {})


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_the_queue_lists_declarations_waiting_for_review(client, admin, pending):
    login(client, admin.email)
    page = text_of(client.get("/admin/declarations"))
    assert "Dr Una King" in page and "Rose Vesicle Serum (plant, topical)" in page


def test_marking_reviewed_verifies_the_badge_and_emails_the_practitioner(client, admin, pending, mailbox):
    login(client, admin.email)
    url = f"/admin/declarations/{pending.id}"
    assert "Mark the evidence reviewed" in text_of(client.get(url))
    response = submit(client, f"{url}/review", {}, page=url, follow_redirects=True)
    assert "Marked reviewed" in text_of(response)
    db.session.refresh(pending)
    assert pending.review_status == "reviewed" and pending.reviewed_by_id == admin.id
    assert badge_for(pending.practitioner).status == "verified_compliant"
    [mail] = mailbox.to(pending.practitioner.user.email)
    assert mail["Subject"] == "Your exosome declaration is reviewed"
    assert "marked it reviewed" in plain_text(mail)
    assert actions()[-1] == "exosome_declaration.reviewed"


def test_sending_back_emails_the_reason(client, admin, pending, mailbox):
    login(client, admin.email)
    url = f"/admin/declarations/{pending.id}"
    submit(client, f"{url}/return", {"reason": "The COA is for a different batch number."}, page=url)
    db.session.refresh(pending)
    assert pending.review_status == "returned"
    [mail] = mailbox.to(pending.practitioner.user.email)
    assert "The COA is for a different batch number." in plain_text(mail)
    assert actions()[-1] == "exosome_declaration.returned"
    assert badge_for(pending.practitioner).status == "declared_compliant"


def test_a_short_reason_is_refused(client, admin, pending, mailbox):
    login(client, admin.email)
    url = f"/admin/declarations/{pending.id}"
    response = submit(client, f"{url}/return", {"reason": "no"}, page=url)
    assert "Give a reason of 10 to 1,000 characters." in text_of(response)
    db.session.refresh(pending)
    assert pending.review_status == "pending" and mailbox.messages == []
    assert outbox_to(pending.practitioner.user.email) == []


def test_a_decision_rolled_back_leaves_no_email(admin, pending):
    email = pending.practitioner.user.email
    services.send_back(pending, admin, "The COA is for a different batch number.")
    db.session.rollback()
    assert outbox_to(email) == []


def test_evidence_without_documents_cannot_be_marked_reviewed(client, admin, uk_practitioner, mailbox):
    declaration = declare_from_import(uk_practitioner, ["plant"], ["topical"], True, True, admin, NOW,
                                      attested=True)
    db.session.commit()
    login(client, admin.email)
    url = f"/admin/declarations/{declaration.id}"
    response = submit(client, f"{url}/review", {}, page=url)
    assert "There is no document to check for: Certificate of analysis" in text_of(response)
    db.session.refresh(declaration)
    assert declaration.review_status == "pending" and mailbox.messages == []


def test_a_replaced_declaration_cannot_be_decided(client, admin, pending, declare):
    declare(pending.practitioner)
    login(client, admin.email)
    url = f"/admin/declarations/{pending.id}"
    page = text_of(client.get(url))
    assert "replaced on" in page and "Mark the evidence reviewed" not in page
    response = submit(client, f"{url}/review", {}, page=url)
    assert "A newer declaration replaced this one" in text_of(response)
    db.session.refresh(pending)
    assert pending.review_status == "pending"


@pytest.mark.parametrize("role", ["patient", "practitioner"])
def test_only_admins_review(client, make_user, pending, role):
    login(client, make_user(role=role).email)
    assert client.get("/admin/declarations").status_code == 403
    assert client.get(f"/admin/declarations/{pending.id}").status_code == 403
    assert submit(client, f"/admin/declarations/{pending.id}/review", {}, page="/").status_code == 403
