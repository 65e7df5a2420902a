"""Report a problem over HTTP: urgent signs first, the safety route of the clinic's country, the admin closes it."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from complications import services
from complications.models import ProblemReport
from core import outbox
from core.extensions import db
from core.outbox import OutboxMessage
from reviews.services import send_review_requests
from tests.booking.helpers import NOW, words
from tests.complications.conftest import SWELLING
from tests.helpers import csrf_token, login, plain_text, submit, text_of


def stored() -> list[ProblemReport]:
    """Every report stored, oldest first."""
    db.session.commit()
    return list(db.session.scalars(select(ProblemReport).order_by(ProblemReport.id)))


def test_the_booking_page_offers_report_a_problem_and_the_details_are_asked_when_nothing_is_urgent(
        client, attended, admin):
    login(client, attended.patient.email)
    page = client.get(f"/bookings/{attended.id}")
    assert "Report a problem" in words(page) and f"/bookings/{attended.id}/problem" in text_of(page)
    url = f"/bookings/{attended.id}/problem"
    first = words(client.get(url))
    assert "Do you have any of these now?" in first and "Any change to your vision" in first
    details = submit(client, url, {"step": "signs"})
    assert details.status_code == 200 and "Tell us what happened" in words(details) and stored() == []
    refused = client.post(url, data={"step": "details", "what_happened": "", "started_on": "2026-03-01",
                                      "csrf_token": csrf_token(text_of(details))})
    assert refused.status_code == 200 and "Say what happened." in words(refused) and stored() == []
    done = client.post(url, data={"step": "details", "what_happened": SWELLING.what_happened,
                                  "started_on": "2026-03-01", "csrf_token": csrf_token(text_of(details))})
    [problem] = stored()
    assert done.status_code == 302 and done.headers["Location"].endswith(
        f"/problems/{problem.id}")
    shown = words(client.get(done.headers["Location"]))
    assert "Get help now" not in shown and "Lumps and swelling on the left cheek" in shown
    assert "Tell the MHRA (Yellow Card)" in shown and "Verity does not send this for you" in shown
    assert "https://yellowcard.mhra.gov.uk/" in text_of(client.get(done.headers["Location"]))
    assert "Treatment: Microneedling Date of treatment: 1 March 2026" in shown


def test_an_urgent_sign_in_a_uk_clinic_says_call_now_and_999_or_111_and_is_stored(client, attended, admin):
    login(client, attended.patient.email)
    done = submit(client, f"/bookings/{attended.id}/problem", {"step": "signs", "urgent_signs": ["blanching"]})
    [problem] = stored()
    assert done.status_code == 302 and problem.urgent_signs == ["blanching"] and problem.country == "GB"
    page = client.get(done.headers["Location"])
    html, shown = text_of(page), words(page)
    assert "Get help now" in shown and "Call Dr Bookable now" in shown
    assert 'href="tel:01614960000"' in html and "0161 496 0000" in shown
    assert 'href="tel:999"' in html and 'href="tel:111"' in html and "911" not in shown
    rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert {(row.recipient, row.priority) for row in rows} == {
        (attended.practitioner.user.email, outbox.URGENT), (admin.email, outbox.URGENT)}
    assert all(row.subject.startswith("URGENT") for row in rows)


def test_an_urgent_sign_in_a_us_clinic_says_911_and_offers_medwatch(client, attended_us):
    login(client, attended_us.patient.email)
    done = submit(client, f"/bookings/{attended_us.id}/problem", {"step": "signs", "urgent_signs": ["vision"]})
    page = client.get(done.headers["Location"])
    html, shown = text_of(page), words(page)
    assert 'href="tel:911"' in html and 'href="tel:+12125550100"' in html
    assert "999" not in shown and "111" not in shown and "Tell the FDA (MedWatch)" in shown
    assert stored()[0].country == "US"


def test_an_unknown_step_or_sign_goes_back_to_the_first_step_with_a_message(client, attended):
    login(client, attended.patient.email)
    url = f"/bookings/{attended.id}/problem"
    token = csrf_token(text_of(client.get(url)))
    unknown = client.post(url, data={"step": "sideways", "csrf_token": token})
    assert unknown.status_code == 200 and "Please start again" in words(unknown)
    sign = client.post(url, data={"step": "signs", "urgent_signs": "itching", "csrf_token": token})
    assert sign.status_code == 200 and "Choose the signs from the list." in words(sign)
    bad_date = client.post(url, data={"step": "details", "what_happened": "Sore", "started_on": "2026-02-30",
                                      "csrf_token": token})
    assert bad_date.status_code == 200 and stored() == []


def test_another_patient_gets_404(client, attended, make_patient):
    problem = services.report(attended, attended.patient, SWELLING, NOW)
    db.session.commit()
    other = make_patient(email="other@example.com")
    login(client, other.email)
    assert client.get(f"/bookings/{attended.id}/problem").status_code == 404
    token = csrf_token(text_of(client.get("/bookings")))
    assert client.post(f"/bookings/{attended.id}/problem", data={"step": "signs", "urgent_signs": "vision",
                                                                 "csrf_token": token}).status_code == 404
    assert client.get(f"/problems/{problem.id}").status_code == 404


def test_the_practitioner_sees_the_report_on_their_agenda(client, attended):
    services.report(attended, attended.patient, SWELLING, NOW)
    db.session.commit()
    login(client, attended.practitioner.user.email)
    agenda = words(client.get("/practice/booking/agenda?day=2026-03-01&view=day"))
    assert "Problem reported" in agenda and "Lumps and swelling on the left cheek" in agenda


def test_an_admin_lists_reads_and_closes_a_report(client, attended, admin):
    problem = services.report(attended, attended.patient, SWELLING, NOW)
    db.session.commit()
    login(client, admin.email)
    listed = words(client.get("/admin/problems"))
    assert "Open (1)" in listed and "Dr Bookable" in listed and "Microneedling" in listed
    assert "Lumps and swelling" in words(client.get(f"/admin/problems/{problem.id}"))
    url = f"/admin/problems/{problem.id}/close"
    refused = submit(client, url, {"note": " "}, page=f"/admin/problems/{problem.id}")
    assert refused.status_code == 200 and "Say what was done" in words(refused)
    closed = submit(client, url, {"note": "Seen the next morning; settled."}, page=f"/admin/problems/{problem.id}")
    assert closed.status_code == 302
    db.session.refresh(problem)
    assert (problem.status, problem.closing_note) == ("closed", "Seen the next morning; settled.")
    listed = words(client.get("/admin/problems"))
    assert "Open (0)" in listed and "Recently closed" in listed
    login(client, attended.patient.email)
    assert "Closed" in words(client.get(f"/problems/{problem.id}"))


def test_the_aftercare_email_links_to_report_a_problem(attended, mailbox):
    assert send_review_requests(NOW + timedelta(hours=2)) == 1
    [message] = mailbox.messages
    link = re.search(r"To report a problem: (\S+)", plain_text(message)).group(1)
    assert link.endswith(f"/bookings/{attended.id}/problem")
    assert db.session.scalar(select(func.count(ProblemReport.id))) == 0
