"""Recording products used and entering recalls: validation, ownership, normalised matching, one email each."""
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from audit.models import AuditEvent
from batches import services
from batches.models import ProductUse, RecallNotice
from core.extensions import db
from core.refusal import Refusal
from tests.batches.conftest import FILLER, RECALL
from tests.booking.helpers import NOW
from tests.helpers import plain_text


def refusal_of(change) -> Refusal:
    """The refusal a change raises (its half-made work rolled back)."""
    with pytest.raises(Refusal) as caught:
        change()
    db.session.rollback()
    return caught.value


def record(booking, entry=FILLER, now=NOW):
    """Record a product as the booking's own practitioner and commit."""
    practitioner = booking.practitioner
    use = services.record_product(booking, practitioner, practitioner.user, entry, now)
    db.session.commit()
    return use


def test_a_product_is_stored_tidied_with_its_normalised_batch_and_audited(attended):
    use = record(attended, replace(FILLER, product_name="  Juvederm   Volift "))
    assert (use.product_name, use.batch_number, use.batch_key, use.quantity, use.expired_confirmed) == \
        ("Juvederm Volift", "AB-123 45", "AB12345", "1 ml", False)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "batch.recorded"))
    assert event.subject_id == use.id and event.after["batch_number"] == "AB-123 45"


@pytest.mark.parametrize("change, field, message", [
    ({"product_name": " "}, "product_name", "Enter the product name."),
    ({"manufacturer": ""}, "manufacturer", "Enter the manufacturer."),
    ({"batch_number": " - "}, "batch_number", "letters and digits"),
    ({"batch_number": "X" * 61}, "batch_number", "60 characters"),
    ({"expires_on": None}, "expires_on", "Enter the expiry date"),
    ({"expires_on": date(2040, 1, 1)}, "expires_on", "Check the year"),
    ({"quantity": "9" * 41}, "quantity", "40 characters"),
    ({"expires_on": date(2026, 2, 28)}, "expires_on",
     "This product expired on 28 February 2026, before the appointment on 1 March 2026."),
])
def test_bad_entries_are_refused_on_their_field(attended, change, field, message):
    refusal = refusal_of(lambda: record(attended, replace(FILLER, **change)))
    assert refusal.field == field and message in refusal.message
    assert db.session.scalar(select(func.count(ProductUse.id))) == 0


def test_an_expired_product_is_kept_flagged_only_when_the_practitioner_confirms_it(attended):
    on_the_day = record(attended, replace(FILLER, expires_on=date(2026, 3, 1)))
    assert not on_the_day.expired_confirmed  # in date on its expiry date
    expired = record(attended, replace(FILLER, expires_on=date(2026, 2, 1), expired_confirmed=True))
    assert expired.expired_confirmed


def test_only_the_own_practitioners_attended_booking_in_its_window_takes_products(
        attended, bookable, make_bookable, add_booking, patient):
    other = make_bookable(name="Dr Other").practitioner
    assert refusal_of(lambda: services.record_product(attended, other, other.user, FILLER, NOW)).code \
        == "not_your_booking"
    upcoming = add_booking(bookable, patient, NOW + timedelta(days=2), status="confirmed")
    assert refusal_of(lambda: record(upcoming)).code == "not_attended"
    assert refusal_of(lambda: record(attended, now=NOW + timedelta(days=15))).code == "record_closed"
    use = record(attended, now=NOW + timedelta(days=13))
    assert refusal_of(lambda: services.remove_product(use, other, other.user, NOW)).code == "not_your_booking"
    assert db.session.scalar(select(func.count(ProductUse.id))) == 1


def test_a_correction_and_a_removal_are_audited_with_what_was_there(attended):
    use = record(attended)
    services.change_product(use, attended.practitioner, attended.practitioner.user,
                            replace(FILLER, batch_number="CD-9"), NOW)
    db.session.commit()
    assert use.batch_key == "CD9"
    services.remove_product(use, attended.practitioner, attended.practitioner.user, NOW)
    db.session.commit()
    changed, removed = db.session.scalars(select(AuditEvent).where(AuditEvent.action.in_(
        ("batch.changed", "batch.removed"))).order_by(AuditEvent.id))
    assert changed.before["batch_number"] == "AB-123 45" and changed.after["batch_number"] == "CD-9"
    assert removed.before["batch_number"] == "CD-9" and db.session.get(ProductUse, use.id) is None


def test_a_recall_finds_the_batch_however_it_was_typed_and_emails_each_person_once(
        attended, bookable, make_bookable, make_patient, add_booking, admin, mailbox):
    record(attended)  # typed "AB-123 45"
    second = add_booking(bookable, make_patient(email="sam@example.com", name="Sam Second"),
                         NOW - timedelta(days=3), status="attended")
    record(second, replace(FILLER, batch_number="ab 12345"))
    elsewhere = make_bookable(name="Dr Elsewhere")
    unaffected = add_booking(elsewhere, make_patient(email="una@example.com"), NOW - timedelta(days=1),
                             status="attended")
    record(unaffected, replace(FILLER, batch_number="AB-123 46"))
    recall, queued = services.save_recall(admin, **RECALL, now=NOW)
    db.session.commit()
    assert queued == 3  # two patients, and Dr Bookable once for both bookings
    again, queued_again = services.save_recall(admin, **{**RECALL, "batch_number": "AB-12345",
                                                         "reason": "Sterility failure confirmed."}, now=NOW)
    db.session.commit()
    assert again.id == recall.id and queued_again == 0 and again.reason == "Sterility failure confirmed."
    assert sorted(m["To"] for m in mailbox.messages) == sorted(
        ["pat@example.com", "sam@example.com", attended.practitioner.user.email])
    [pat] = mailbox.to("pat@example.com")
    body = plain_text(pat)
    assert "Juvederm Volift (Allergan), batch AB-123 45" in body and "Possible contamination" in body
    [doctor] = mailbox.to(attended.practitioner.user.email)
    assert "2 of your appointments" in doctor["Subject"] and "Sam Second" in plain_text(doctor)
    assert db.session.scalar(select(func.count(RecallNotice.id))) == 4
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("recall.%"))))
    assert sorted(actions) == ["recall.entered", "recall.patient_told", "recall.patient_told",
                               "recall.practitioner_told", "recall.practitioner_told", "recall.updated"]


def test_a_batch_recorded_after_its_recall_waits_until_an_admin_sends_the_notice(
        attended, admin, mailbox):
    from batches import queries

    recall, queued = services.save_recall(admin, **RECALL, now=NOW)
    db.session.commit()
    assert queued == 0 and db.session.scalars(queries.waiting()).all() == []
    record(attended)
    assert db.session.scalars(queries.waiting()).all() == [recall]
    assert services.notify(recall, admin, NOW) == 2
    db.session.commit()
    assert services.notify(recall, admin, NOW) == 0
    assert db.session.scalars(queries.waiting()).all() == []
    assert len(mailbox.messages) == 2


@pytest.mark.parametrize("change, field", [
    ({"source_url": "javascript:alert(1)"}, "source_url"), ({"source_url": "gov.uk/recall"}, "source_url"),
    ({"reason": "  "}, "reason"), ({"batch_number": "--"}, "batch_number"), ({"product_name": ""}, "product_name"),
])
def test_a_recall_needs_a_batch_a_reason_and_a_web_source(admin, change, field):
    refusal = refusal_of(lambda: services.save_recall(admin, **{**RECALL, **change}, now=NOW))
    assert refusal.field == field
