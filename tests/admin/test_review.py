"""The verification queue and the approve and reject journeys, with the emails they send."""
from datetime import date, datetime, timezone

from sqlalchemy import select

from audit.models import AuditEvent
from credentials.models import Credential
from core.extensions import db
from tests.helpers import assert_waiting, login, outbox_to, plain_text, submit, text_of

APPROVAL = {"next_check_on": "2044-01-01", "expires_on": "2045-01-31"}
REASON = "The register shows a different name; please upload your current certificate."


def test_queue_lists_pending_credentials_oldest_first_with_filters(as_admin, make_practitioner, make_pending):
    london = make_practitioner(name="Dr London", verified=False)
    texas = make_practitioner(name="Dr Texas", verified=False, clinics=[{
        "city": "Austin", "postcode": "78701", "country": "US", "lat": 30.27, "lon": -97.74,
        "time_zone": "America/Chicago"}])
    newest = make_pending(london, kind="training", issuer_choice="named", issuer_name="Harley Academy", number="")
    oldest = make_pending(texas, issuer_choice="us_state_board", state="TX", issuer_name="Medical Board",
                          number="Q1234")
    oldest.created_at = datetime(2020, 1, 1, tzinfo=timezone.utc)
    db.session.commit()
    page = text_of(as_admin.get("/admin/credentials"))
    assert "2 credentials waiting" in page and page.index("Dr Texas") < page.index("Dr London")
    assert "Dr London" not in text_of(as_admin.get("/admin/credentials?kind=registration"))
    assert "Dr Texas" not in text_of(as_admin.get("/admin/credentials?issuer=Harley+Academy"))
    by_country = text_of(as_admin.get("/admin/credentials?country=US"))
    assert "Dr Texas" in by_country and "Dr London" not in by_country
    assert newest.id != oldest.id


def test_detail_page_shows_everything_declared_and_the_document(as_admin, make_practitioner, make_pending):
    practitioner = make_practitioner(name="Dr Declared", verified=False)
    credential = make_pending(practitioner, filename="gmc-register.pdf")
    page = text_of(as_admin.get(f"/admin/credentials/{credential.id}"))
    for text in ("Dr Declared", "Professional registration", "GMC", "1234567", "1 September 2012",
                 "31 January 2045", "gmc-register.pdf", f"/admin/credentials/{credential.id}/document",
                 "Verify this credential", "Reject and email the reason"):
        assert text in page


def test_approve_journey(as_admin, admin, make_practitioner, make_pending, mailbox):
    practitioner = make_practitioner(name="Dr Approved", verified=False, email="approved@example.com")
    credential = make_pending(practitioner)
    assert as_admin.application.test_client().get(f"/practitioners/{practitioner.slug}").status_code == 404
    assert "Not public yet:" in text_of(as_admin.get(f"/practitioners/{practitioner.slug}"))  # admins see a preview
    response = submit(as_admin, f"/admin/credentials/{credential.id}/approve", APPROVAL,
                      page=f"/admin/credentials/{credential.id}", follow_redirects=True)
    assert "Verified Professional registration, GMC 1234567" in text_of(response)
    db.session.refresh(credential)
    assert (credential.status, credential.verified_by_id, credential.next_check_on) == (
        "verified", admin.id, date(2044, 1, 1))
    assert credential.verified_at.date() == date.today()
    [mail] = mailbox.to("approved@example.com")
    body = plain_text(mail)
    assert mail["Subject"] == "Your credential is verified"
    assert f"verified it on {date.today():%-d %B %Y}" in body and "check it again by 1 January 2044" in body
    profile = text_of(as_admin.get(f"/practitioners/{practitioner.slug}"))
    assert f"Verified by Verity on {date.today():%-d %B %Y}, expires 31 January 2045" in profile


def test_the_admin_can_correct_the_expiry_shown_on_the_evidence(as_admin, make_practitioner, make_pending):
    credential = make_pending(make_practitioner(verified=False))
    submit(as_admin, f"/admin/credentials/{credential.id}/approve",
           {"next_check_on": "2040-06-01", "expires_on": "2040-06-30"}, page=f"/admin/credentials/{credential.id}")
    db.session.refresh(credential)
    assert credential.expires_on == date(2040, 6, 30)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential.approved"))
    assert event.before["expires_on"] == "2045-01-31" and event.after["expires_on"] == "2040-06-30"


def test_approval_needs_a_sensible_next_check(as_admin, make_practitioner, make_pending, mailbox):
    credential = make_pending(make_practitioner(verified=False))
    url, page = f"/admin/credentials/{credential.id}/approve", f"/admin/credentials/{credential.id}"
    assert "The next check must be after today." in text_of(
        submit(as_admin, url, {**APPROVAL, "next_check_on": "2001-01-01"}, page=page))
    assert "Check again on or before the expiry date." in text_of(
        submit(as_admin, url, {**APPROVAL, "next_check_on": "2046-01-01"}, page=page))
    assert "Enter when to check this again." in text_of(submit(as_admin, url, {"next_check_on": ""}, page=page))
    db.session.refresh(credential)
    assert credential.status == "pending" and mailbox.messages == []


def test_reject_journey(client, as_admin, make_practitioner, make_pending, mailbox):
    practitioner = make_practitioner(name="Dr Rejected", verified=False, email="rejected@example.com")
    credential = make_pending(practitioner)
    url, page = f"/admin/credentials/{credential.id}/reject", f"/admin/credentials/{credential.id}"
    refused = text_of(submit(as_admin, url, {"reason": ""}, page=page))
    assert "Give a reason." in refused
    db.session.refresh(credential)
    assert credential.status == "pending" and mailbox.messages == []

    response = submit(as_admin, url, {"reason": REASON}, page=page, follow_redirects=True)
    assert "the reason was emailed" in text_of(response)
    db.session.refresh(credential)
    assert (credential.status, credential.rejection_reason) == ("rejected", REASON)
    [mail] = mailbox.to("rejected@example.com")
    assert mail["Subject"] == "We could not verify your credential" and f"Reason: {REASON}" in plain_text(mail)

    client.post("/logout", data={})  # the practitioner sees the reason on their own page
    login(client, "rejected@example.com")
    mine = text_of(client.get("/practice/credentials/"))
    assert "Not verified" in mine and REASON in mine


def test_a_decided_credential_cannot_be_decided_again(as_admin, make_practitioner, make_pending, mailbox):
    credential = make_pending(make_practitioner(verified=False))
    page = f"/admin/credentials/{credential.id}"
    submit(as_admin, f"{page}/reject", {"reason": REASON}, page=page)
    response = submit(as_admin, f"{page}/approve", APPROVAL, page=page)
    assert "This credential is rejected, not waiting for review; nothing was changed." in text_of(response)
    assert db.session.scalar(select(Credential.status).where(Credential.id == credential.id)) == "rejected"
    assert len(mailbox.messages) == 1


def test_with_the_mail_server_down_the_decision_is_made_and_its_email_waits(app, as_admin, make_practitioner,
                                                                           make_pending):
    from tests.conftest import free_port

    credential = make_pending(make_practitioner(email="waiting@example.com", verified=False))
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    response = submit(as_admin, f"/admin/credentials/{credential.id}/reject", {"reason": REASON},
                      page=f"/admin/credentials/{credential.id}")
    assert response.status_code == 302
    db.session.refresh(credential)
    assert credential.status == "rejected"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential.rejected")) is not None
    assert_waiting("waiting@example.com", "We could not verify your credential")


def test_a_refused_decision_queues_no_email(as_admin, make_practitioner, make_pending):
    credential = make_pending(make_practitioner(email="short@example.com", verified=False))
    page = f"/admin/credentials/{credential.id}"
    response = submit(as_admin, f"{page}/reject", {"reason": "no"}, page=page)
    assert response.status_code == 200 and outbox_to("short@example.com") == []


def test_a_decision_rolled_back_leaves_no_email(admin, make_practitioner, make_pending):
    from credentials import services

    credential = make_pending(make_practitioner(email="rolled@example.com", verified=False))
    services.reject(credential, admin, REASON)
    db.session.rollback()
    assert outbox_to("rolled@example.com") == []


def test_same_number_declared_by_someone_else_is_flagged(as_admin, make_practitioner, make_pending):
    first = make_pending(make_practitioner(name="Dr First", verified=False))
    second = make_pending(make_practitioner(name="Dr Second", verified=False))
    page = text_of(as_admin.get(f"/admin/credentials/{second.id}"))
    assert "Other practitioners declare GMC 1234567" in page and "Dr First" in page
    assert first.id != second.id
