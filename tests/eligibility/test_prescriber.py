"""UK-POM-CONSULT: a prescription-only treatment is bookable only once the prescriber marked the consultation done."""
from sqlalchemy import select

from audit.models import AuditEvent
from core.extensions import db
from tests.booking.helpers import at, words
from tests.helpers import login, submit
from tests.intake.helpers import confirm_url


def slots(client, target):
    return client.get(f"/api/v1/practitioners/{target.practitioner.id}/slots?treatment=botulinum-toxin"
                      f"&clinic={target.clinic.id}&from=2026-03-03&days=1").get_json()


def test_the_treatment_is_bookable_only_after_the_prescriber_marks_the_consultation_done(
        client, make_bookable, patient, add_booking):
    target = make_bookable(treatment="botulinum-toxin")
    consultation = add_booking(target, patient, at("Europe/London", 2026, 2, 20, 10), kind="consultation")
    login(client, patient.email)
    # Its time has passed, but nobody marked it done: the next booking is still a consultation, and both say why.
    waiting = slots(client, target)
    assert waiting["kind"] == "consultation"
    assert "consultation with Dr Test 1 on 20 February 2026 is booked" in waiting["still_to_do"]
    assert "marked the consultation done" in waiting["still_to_do"]
    page = words(client.get(confirm_url(target)))
    assert "Book a consultation" in page and "Still to do:" in page and "marked the consultation done" in page

    login(client, target.practitioner.user.email)
    agenda = words(client.get("/practice/booking/agenda?day=2026-02-20"))
    assert "Consultation done" in agenda
    done = submit(client, f"/practice/booking/bookings/{consultation.id}/attended", {"next": "/practice/booking/"},
                  page="/practice/booking/agenda?day=2026-02-20")
    assert done.status_code == 302
    assert "can now book anti-wrinkle injections" in words(client.get("/practice/booking/"))
    db.session.commit()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "booking.consultation_done"))
    assert event is not None and event.subject_id == consultation.id

    login(client, patient.email)
    ready = slots(client, target)
    assert (ready["kind"], ready["still_to_do"]) == ("treatment", None)
    page = words(client.get(confirm_url(target)))
    assert "Book Anti-wrinkle injections (botulinum toxin)" in page and "Still to do:" not in page


def test_a_new_patient_is_told_the_consultation_comes_first(client, make_bookable, patient):
    target = make_bookable(treatment="botulinum-toxin")
    login(client, patient.email)
    body = slots(client, target)
    assert body["kind"] == "consultation" and body["still_to_do"].startswith(
        "First, an in-person consultation with Dr Test 1, who prescribes it.")
