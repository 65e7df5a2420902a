"""Storing a problem report and closing it: validation, ownership, the audit trail, urgent emails first."""
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from audit.models import AuditEvent
from complications import rules, services
from complications.models import ProblemReport
from core import outbox
from core.extensions import db
from core.outbox import OutboxMessage
from tests.batches.test_services import refusal_of
from tests.booking.helpers import NOW
from tests.complications.conftest import BLANCHING, SWELLING


def report(booking, entry=SWELLING, patient=None):
    """Report as the booking's own patient and commit."""
    problem = services.report(booking, patient or booking.patient, entry, NOW)
    db.session.commit()
    return problem


def test_a_report_is_stored_with_its_booking_and_audited(attended):
    problem = report(attended)
    assert (problem.booking_id, problem.practitioner_id, problem.status, problem.urgent, problem.country) == \
        (attended.id, attended.practitioner_id, "open", False, "GB")
    assert problem.started_on == date(2026, 3, 1) and problem.created_at == NOW and problem.closed_at is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "complication.reported"))
    assert event.subject_id == problem.id and event.practitioner_id == attended.practitioner_id


def test_the_practitioner_and_the_admins_are_emailed_first_in_the_outbox(attended, admin, make_user):
    second = make_user(role="admin", email="second@verity.example")
    earlier = OutboxMessage(recipient="someone@example.com", subject="A reminder", text_body="Hi", html_body="Hi",
                            message_id="<earlier@verity.example>")
    outbox.add(earlier)
    db.session.commit()
    report(attended, BLANCHING)
    rows = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.priority == outbox.URGENT)
                                   .order_by(OutboxMessage.id)))
    assert [row.recipient for row in rows] == [attended.practitioner.user.email, f"{admin.email}, {second.email}"]
    assert all(row.subject.startswith("URGENT: possible complication after Microneedling with Dr Bookable")
               for row in rows)
    assert "Skin turning white, pale or blotchy" in rows[0].text_body and "0161" not in rows[0].subject


def test_the_worker_takes_an_urgent_email_before_older_ones(attended):
    for n in range(2):
        outbox.add(OutboxMessage(recipient=f"r{n}@example.com", subject="Older", text_body="Hi", html_body="Hi",
                                 message_id=f"<older{n}@verity.example>"))
    db.session.commit()
    db.session.execute(OutboxMessage.__table__.update().values(status=outbox.QUEUED, next_attempt_at=NOW))
    report(attended, BLANCHING)
    db.session.execute(OutboxMessage.__table__.update().where(OutboxMessage.priority == outbox.URGENT)
                       .values(status=outbox.QUEUED, next_attempt_at=NOW))
    db.session.commit()
    claimed, _ = outbox.claim(timedelta(minutes=5))
    assert db.session.get(OutboxMessage, claimed).subject.startswith("URGENT")


def test_a_report_without_urgent_signs_is_not_urgent_in_its_subject(attended, admin):
    report(attended)
    subjects = set(db.session.scalars(select(OutboxMessage.subject)))
    assert subjects == {"Problem reported after Microneedling with Dr Bookable (Pat Patient)"}


@pytest.mark.parametrize("change, field, message", [
    ({"what_happened": "  "}, "what_happened", "Say what happened."),
    ({"what_happened": "x" * 4001}, "what_happened", "4,000 characters"),
    ({"started_on": None}, "started_on", "Enter the date the problem started."),
    ({"started_on": date(2026, 3, 3)}, "started_on", "cannot be in the future"),
    ({"started_on": date(2026, 2, 28)}, "started_on", "on or after the appointment (1 March 2026)"),
    ({"urgent_signs": ("itching",)}, "urgent_signs", "Choose the signs from the list."),
])
def test_bad_entries_are_refused_on_their_field(attended, change, field, message):
    refusal = refusal_of(lambda: report(attended, replace(SWELLING, **change)))
    assert refusal.field == field and message in refusal.message
    assert db.session.scalar(select(func.count(ProblemReport.id))) == 0


def test_an_urgent_report_needs_no_description(attended):
    problem = report(attended, BLANCHING)
    assert problem.urgent and problem.urgent_signs == ["blanching", "severe_pain"] and problem.started_on is None


def test_only_the_bookings_own_patient_may_report(attended, make_patient):
    refusal = refusal_of(lambda: report(attended, patient=make_patient(email="other@example.com")))
    assert refusal.status == 404 and db.session.scalar(select(func.count(ProblemReport.id))) == 0


def test_an_admin_closes_a_report_once_with_a_note(attended, admin):
    problem = report(attended)
    assert refusal_of(lambda: services.close(problem, admin, " ", NOW)).field == "note"
    services.close(problem, admin, "Seen the same day; resolved.", NOW + timedelta(hours=3))
    db.session.commit()
    assert (problem.status, problem.closing_note, problem.closed_at, problem.closed_by_id) == \
        ("closed", "Seen the same day; resolved.", NOW + timedelta(hours=3), admin.id)
    assert refusal_of(lambda: services.close(problem, admin, "Again", NOW)).code == "already_closed"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "complication.closed"))
    assert event.before["status"] == "open" and event.after["status"] == "closed"


def test_the_regulator_summary_names_the_treatment_dates_and_what_happened(attended):
    problem = report(attended)
    text = rules.regulator_summary(problem, attended, services.appointment_day(attended))
    assert text.splitlines() == [
        "Treatment: Microneedling", "Date of treatment: 1 March 2026", "Given by: Dr Bookable, Piccadilly Clinic",
        "Problem started: 1 March 2026",
        "What happened: Lumps and swelling on the left cheek, a little worse today."]
    assert "Pat" not in text and "pat@example.com" not in text


def test_the_safety_route_follows_the_clinics_country():
    assert (rules.route_for("GB").emergency, rules.route_for("GB").advice, rules.route_for("GB").form_name) == \
        ("999", "111", "Yellow Card")
    assert (rules.route_for("US").emergency, rules.route_for("US").form_name) == ("911", "MedWatch")
    assert rules.tel_href("+1 (212) 555-0100") == "+12125550100" and rules.tel_href("0161 496 0000") == "01614960000"


def test_the_patients_download_holds_their_reports_and_deleting_the_account_blanks_their_words(attended):
    report(attended)
    [exported] = services.export_for_patient(attended.patient)["problem_reports"]
    assert exported["what_happened"].startswith("Lumps and swelling") and exported["status"] == "open"
    services.erase_for_patient(attended.patient, NOW)
    db.session.commit()
    [kept] = db.session.scalars(select(ProblemReport))
    assert kept.what_happened == "" and kept.status == "open"  # the safety record and the monthly counts stay
