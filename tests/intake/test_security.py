"""Health answers are special category data: encrypted at rest, read only by the patient and the booking's
practitioner, every read audited, never cached, exported and erased with the account."""
import base64
import os

from sqlalchemy import func, select, text

from audit.models import AuditEvent
from core.extensions import db
from intake import services
from tests.booking.helpers import NOW, at, words
from tests.helpers import login, submit
from tests.intake.helpers import SECRET, answers, form_data, stored


def answered_booking(make_bookable, add_booking, patient, when=(2026, 3, 4, 9)):
    """A prescription-only booking of the patient with answers linked (an allergy given as SECRET)."""
    target = make_bookable(treatment="botulinum-toxin")
    booking = add_booking(target, patient, at("Europe/London", *when), kind="consultation")
    services.update_for_booking(booking, answers(allergies=SECRET), patient, NOW)
    db.session.commit()
    return target, booking


def reads(booking_id: int) -> list[AuditEvent]:
    db.session.commit()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.read",
                                                            AuditEvent.subject_id == booking_id)))


def test_the_database_never_holds_the_answers_in_clear(app, make_bookable, add_booking, patient):
    answered_booking(make_bookable, add_booking, patient)
    [raw] = db.session.execute(text("SELECT sealed, key_id FROM health_answers")).all()
    sealed = bytes(raw[0])
    assert b"penicillin" not in sealed and b"allergies" not in sealed and b"yes" not in sealed
    assert sealed.startswith(b"v1." + raw[1].encode() + b".")
    dumped = " ".join(str(v) for row in db.session.execute(text("SELECT * FROM health_answers")) for v in row)
    assert "penicillin" not in dumped


def test_answers_moved_to_another_patients_row_do_not_open(app, make_bookable, add_booking, patient, make_patient):
    target, booking = answered_booking(make_bookable, add_booking, patient)
    other = make_patient()
    theirs = add_booking(target, other, at("Europe/London", 2026, 3, 5, 9), kind="consultation")
    services.update_for_booking(theirs, answers(), other, NOW)
    mine, copy = stored()
    copy.sealed = mine.sealed  # someone with database access swaps the ciphertext
    db.session.commit()
    from intake import crypto
    try:
        crypto.open_sealed(copy.sealed, copy.patient_id, copy.practitioner_id)
    except crypto.Unreadable as error:
        assert "do not match" in str(error)
    else:
        raise AssertionError("answers opened on another patient's row")


def test_only_the_patient_and_the_bookings_practitioner_read_them_each_read_audited(
        client, app, make_bookable, add_booking, patient, make_patient, make_practitioner, make_user):
    target, booking = answered_booking(make_bookable, add_booking, patient)
    practitioner_page = f"/practice/booking/bookings/{booking.id}/health"
    patient_page = f"/bookings/{booking.id}/health"

    login(client, target.practitioner.user.email)
    seen = client.get(practitioner_page)
    assert seen.status_code == 200 and SECRET in words(seen)
    assert seen.headers["Cache-Control"] == "private, no-store"
    [event] = reads(booking.id)
    assert (event.actor_id, event.subject_type, event.practitioner_id) == (
        target.practitioner.user_id, "booking", target.practitioner.id)
    assert event.occurred_at == NOW
    client.get(practitioner_page)
    assert len(reads(booking.id)) == 2

    submit(client, "/logout", {}, page="/practice/booking/")
    login(client, make_practitioner(name="Dr Other").user.email)
    refused = client.get(practitioner_page)
    assert refused.status_code == 404 and SECRET not in words(refused)

    submit(client, "/logout", {}, page="/")
    login(client, make_user(role="admin", email="ada@example.com").email)
    assert client.get(practitioner_page).status_code == 403
    assert client.get(patient_page).status_code == 403

    submit(client, "/logout", {}, page="/")
    login(client, make_patient(email="olly@example.com").email)
    assert client.get(patient_page).status_code == 404
    assert len(reads(booking.id)) == 2

    submit(client, "/logout", {}, page="/")
    login(client, patient.email)
    own = client.get(patient_page)
    assert own.status_code == 200 and SECRET in own.get_data(as_text=True)
    assert own.headers["Cache-Control"] == "private, no-store"
    assert [e.actor_id for e in reads(booking.id)][-1] == patient.id


def test_a_server_with_another_key_says_so_and_changes_nothing(client, app, make_bookable, add_booking, patient):
    target, booking = answered_booking(make_bookable, add_booking, patient)
    app.config["INTAKE_KEY"] = base64.urlsafe_b64encode(os.urandom(32)).decode()
    login(client, target.practitioner.user.email)
    page = client.get(f"/practice/booking/bookings/{booking.id}/health")
    assert page.status_code == 503
    assert "encrypted with key" in words(page) and "Set INTAKE_KEY to the key they were saved with" in words(page)
    assert reads(booking.id) == []


def test_the_patient_changes_answers_until_the_appointment(client, app, make_bookable, add_booking, patient):
    target, booking = answered_booking(make_bookable, add_booking, patient)
    login(client, patient.email)
    changed = submit(client, f"/bookings/{booking.id}/health", form_data(pregnancy="Breastfeeding"))
    assert changed.status_code == 302
    assert "Breastfeeding" in words(client.get(f"/bookings/{booking.id}/health"))
    app.config["CLOCK_NOW"] = booking.starts_at
    page = client.get(f"/bookings/{booking.id}/health")
    assert "Breastfeeding" in words(page) and "Save my answers" not in words(page)
    assert client.post(f"/bookings/{booking.id}/health", data=form_data()).status_code in (400, 409)


def test_the_answers_are_exported_and_erased_with_the_account(app, make_bookable, add_booking, patient):
    _, booking = answered_booking(make_bookable, add_booking, patient)
    exported = services.export_for_patient(patient)
    [item] = exported["health_answers"]
    assert item["booking_id"] == booking.id and item["answers"]["allergies"] == {"answer": "yes", "detail": SECRET}
    services.erase_for_patient(patient, NOW)
    db.session.commit()
    assert stored() == [] and services.export_for_patient(patient) == {"health_answers": []}
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "intake.erased")) == 1
