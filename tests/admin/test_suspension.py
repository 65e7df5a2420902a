"""Suspending a practitioner takes them out of search and profiles; reinstating brings them back."""
from datetime import date, timedelta

from sqlalchemy import select

from audit.models import AuditEvent
from directory.search import SearchQuery, search
from directory.listing import is_listed
from core.extensions import db
from tests.helpers import outbox_to, plain_text, submit, text_of

MANCHESTER = SearchQuery(lat=53.48, lon=-2.24, radius=5)
REASON = "A patient complaint is under investigation."


def names(result):
    """The practitioners' names in a search result."""
    return [hit.practitioner.name for hit in result.hits]


def test_suspension_and_reinstatement(as_admin, make_practitioner, mailbox):
    today = date.today()
    practitioner = make_practitioner(name="Dr Suspended", email="suspended@example.com")
    make_practitioner(name="Dr Still Listed")
    page = f"/admin/practitioners/{practitioner.id}"
    assert "Dr Suspended" in names(search(MANCHESTER, today))

    response = submit(as_admin, f"{page}/suspend", {"reason": REASON}, page=page, follow_redirects=True)
    assert "Dr Suspended is suspended" in text_of(response) and REASON in text_of(response)
    db.session.refresh(practitioner)
    assert practitioner.suspended_at is not None and practitioner.suspension_reason == REASON
    assert not is_listed(practitioner, today)
    assert names(search(MANCHESTER, today)) == ["Dr Still Listed"]
    assert as_admin.application.test_client().get(f"/practitioners/{practitioner.slug}").status_code == 404
    assert f"suspended: {REASON}" in text_of(as_admin.get(f"/practitioners/{practitioner.slug}"))  # the preview
    [mail] = mailbox.to("suspended@example.com")
    assert "cannot be booked" in plain_text(mail) and f"Reason: {REASON}" in plain_text(mail)
    assert "Dr Suspended" in text_of(as_admin.get("/admin/practitioners?state=suspended"))

    submit(as_admin, f"{page}/reinstate", {"reason": "Investigation closed, no case to answer."}, page=page)
    db.session.refresh(practitioner)
    assert practitioner.suspended_at is None and is_listed(practitioner, today)
    assert "Dr Suspended" in names(search(MANCHESTER, today))
    assert as_admin.get(f"/practitioners/{practitioner.slug}").status_code == 200
    assert [m["Subject"] for m in mailbox.to("suspended@example.com")] == [
        "Your Verity profile is suspended", "Your Verity profile is reinstated"]
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.practitioner_id == practitioner.id)
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["practitioner.suspended", "practitioner.reinstated"]


def test_suspension_needs_a_reason(as_admin, make_practitioner, mailbox):
    practitioner = make_practitioner()
    page = f"/admin/practitioners/{practitioner.id}"
    for reason, message in (("", "Give a reason."), ("bad", "Give a reason of 10 to 1,000 characters.")):
        assert message in text_of(submit(as_admin, f"{page}/suspend", {"reason": reason}, page=page))
    db.session.refresh(practitioner)
    assert practitioner.suspended_at is None and mailbox.messages == []
    assert outbox_to(practitioner.user.email) == []


def test_a_suspension_rolled_back_leaves_no_email(admin, make_practitioner):
    from directory import services

    practitioner = make_practitioner(email="rolled@example.com")
    services.suspend(practitioner, admin, "Complaint under investigation.")
    db.session.rollback()
    assert outbox_to("rolled@example.com") == []


def test_a_suspended_practitioner_stays_out_even_with_a_current_registration(make_practitioner):
    practitioner = make_practitioner(registration_expires=date.today() + timedelta(days=900))
    from core import clock

    practitioner.suspended_at = clock.now()
    db.session.commit()
    assert not is_listed(practitioner, date.today())
    assert names(search(MANCHESTER, date.today())) == []


def test_reinstating_someone_not_suspended_is_refused(as_admin, make_practitioner):
    practitioner = make_practitioner()
    page = f"/admin/practitioners/{practitioner.id}"
    # The page offers "Suspend"; a stale form posting "reinstate" is refused with a message.
    response = submit(as_admin, f"{page}/reinstate", {"reason": "Reinstate them after the review."}, page=page)
    assert "This practitioner is not suspended." in text_of(response)
