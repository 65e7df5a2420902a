"""The audit trail records each step, can be filtered and exported, and refuses edits."""
import csv
import io
from datetime import date

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from audit.models import AuditEvent
from audit.services import record
from credentials import rules, services
from core.extensions import db
from tests.credentials.factories import PDF, Upload
from tests.helpers import text_of

TODAY = date(2030, 6, 15)


@pytest.fixture
def journey(admin, make_practitioner, make_pending, mailbox):
    """Submit, revise, approve, reject, suspend and reinstate: every step that is audited."""
    practitioner = make_practitioner(name="Dr Journey", email="journey@example.com", verified=False)
    first = make_pending(practitioner)
    second = services.revise(first, rules.Declaration(
        kind="registration", issuer_choice="GMC", number="7654321", issued_on=date(2012, 9, 1),
        expires_on=date(2045, 1, 31)), Upload(PDF, "new.pdf"), practitioner.user, TODAY)
    services.approve(second, admin, date(2044, 1, 1), date(2045, 1, 31), TODAY)
    training = make_pending(practitioner, kind="training", issuer_choice="named", issuer_name="Harley Academy",
                            number="")
    services.reject(training, admin, "=HYPERLINK(\"http://evil\") the certificate is blurred")
    from directory.services import reinstate, suspend

    suspend(practitioner, admin, "Checking a complaint from a patient.")
    reinstate(practitioner, admin, "Complaint withdrawn by the patient.")
    db.session.commit()
    return practitioner


def test_every_step_is_recorded_with_who_what_and_before_after(journey):
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == [
        "credential.submitted", "credential.revised", "credential.approved", "credential.submitted",
        "credential.rejected", "practitioner.suspended", "practitioner.reinstated"]
    submitted, revised, approved = events[:3]
    assert submitted.actor_email == revised.actor_email == "journey@example.com"
    assert revised.before["number"] == "1234567" and revised.after["number"] == "7654321"
    assert revised.before["version"] == 1 and revised.after["version"] == 2
    assert approved.actor_email == "admin@verity.example"
    assert approved.before["status"] == "pending" and approved.after["status"] == "verified"
    assert approved.after["next_check_on"] == "2044-01-01"
    assert all(e.practitioner_id == journey.id and e.occurred_at is not None for e in events)
    assert events[4].reason.endswith("the certificate is blurred")


def test_the_trail_page_filters_and_exports_csv(as_admin, journey):
    page = text_of(as_admin.get("/admin/audit"))
    assert "7 events" in page and "credential.approved" in page and "journey@example.com" in page
    only = text_of(as_admin.get("/admin/audit?action=practitioner.suspended"))
    assert "1 event" in only and "Checking a complaint" in only and "credential.approved</td>" not in only
    by_actor = text_of(as_admin.get("/admin/audit?actor=JOURNEY@"))
    assert "3 events" in by_actor
    assert "0 events" in text_of(as_admin.get("/admin/audit?since=2001-01-01&until=2001-12-31"))
    assert "7 events" in text_of(as_admin.get(f"/admin/audit?practitioner_id={journey.id}"))

    response = as_admin.get("/admin/audit.csv?subject_type=credential")
    assert response.mimetype == "text/csv" and response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(text_of(response))))
    assert len(rows) == 5 and {r["action"] for r in rows} == {
        "credential.submitted", "credential.revised", "credential.approved", "credential.rejected"}
    rejected = next(r for r in rows if r["action"] == "credential.rejected")
    assert rejected["reason"].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it
    assert '"status": "rejected"' in rejected["after"]


def test_bad_filters_are_explained_not_an_error(as_admin, journey):
    response = as_admin.get("/admin/audit?since=not-a-date&practitioner_id=abc")
    assert response.status_code == 200 and "Not a valid date value." in text_of(response)


def test_no_route_changes_the_trail(app, as_admin, journey):
    audit_rules = [r for r in app.url_map.iter_rules() if "audit" in r.rule]
    assert audit_rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in audit_rules)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(as_admin, method)("/admin/audit").status_code in (400, 405)


def test_the_database_refuses_to_change_an_event(journey):
    event_id = db.session.scalar(select(AuditEvent.id).limit(1))
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(reason="edited"))
    db.session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("UPDATE audit_events SET after = NULL"))
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.after).where(AuditEvent.id == event_id)) is not None


@pytest.mark.skipif("'postgresql' not in __import__('os').environ.get('TEST_DATABASE_URL', '')",
                    reason="SQLite keeps DELETE open: the tests empty its tables with DELETE")
def test_postgresql_refuses_to_delete_an_event(journey):
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(delete(AuditEvent))
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(AuditEvent.id))) == 7


def test_deleting_an_account_keeps_its_events_and_who_it_was(make_user):
    from accounts.models import User

    someone = make_user(role="admin", email="leaver@verity.example")
    record(someone, "test.recorded", "practitioner", 1, reason="kept")
    db.session.commit()
    db.session.execute(delete(User).where(User.id == someone.id))
    db.session.commit()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "test.recorded"))
    assert event.actor_id is None and event.actor_email == "leaver@verity.example" and event.reason == "kept"
