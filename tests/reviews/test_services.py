"""Review services on their own: who may review, the checks, one reply, removal only for a written reason, ratings."""
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from audit.models import AuditEvent
from booking.services import mark_attended, mark_no_show
from core.extensions import db
from core.refusal import Refusal
from reviews import services
from reviews.models import Review
from reviews.queries import ratings_for, shown_reviews
from tests.booking.helpers import NOW
from tests.reviews.conftest import GOOD


def refusal_of(call) -> Refusal:
    """The Refusal a call raises (rolled back, as the views do)."""
    with pytest.raises(Refusal) as caught:
        call()
    db.session.rollback()
    return caught.value


def test_a_booking_is_marked_attended_only_once_it_has_started_and_it_is_audited(bookable, patient, add_booking):
    booking = add_booking(bookable, patient, NOW + timedelta(hours=1))
    user = bookable.practitioner.user
    assert refusal_of(lambda: mark_attended(booking, user, NOW)).code == "appointment_not_started"
    mark_attended(booking, user, NOW + timedelta(hours=1))
    db.session.commit()
    assert (booking.status, booking.attended_at) == ("attended", NOW + timedelta(hours=1))
    assert refusal_of(lambda: mark_no_show(booking, user, NOW + timedelta(hours=2))).code == "booking_inactive"
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "booking.attended"))
    assert audit.before["status"] == "booked" and audit.after["status"] == "attended"


def test_only_the_patient_of_an_attended_booking_reviews_it_once(bookable, patient, make_patient, add_booking,
                                                                   attended):
    other = make_patient(email="olly@example.com")
    assert refusal_of(lambda: services.post_review(attended, other, 5, GOOD, NOW)).code == "not_your_booking"
    not_yet = add_booking(bookable, patient, NOW - timedelta(hours=30), status="confirmed")
    assert refusal_of(lambda: services.post_review(not_yet, patient, 5, GOOD, NOW)).code == "not_attended"
    no_show = add_booking(bookable, patient, NOW - timedelta(hours=50), status="no_show")
    assert refusal_of(lambda: services.post_review(no_show, patient, 1, GOOD, NOW)).code == "not_attended"
    review = services.post_review(attended, patient, 4, GOOD, NOW)
    db.session.commit()
    assert (review.status, review.author, review.treatment_name, review.appointment_on.isoformat()) == \
        ("published", "Pat P.", "Microneedling", "2026-03-01")
    assert refusal_of(lambda: services.post_review(attended, patient, 1, GOOD, NOW)).code == "already_reviewed"
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.subject_type == "review")) == "review.posted"


def test_the_practitioner_and_addresses_at_their_own_domain_cannot_review(make_bookable, make_patient, add_booking):
    target = make_bookable(name="Dr Domain")
    target.practitioner.user.email = "owner@glowclinic.co.uk"
    db.session.commit()
    for email in ("receptionist@glowclinic.co.uk", "Owner+reviews@GlowClinic.co.uk"):
        booking = add_booking(target, make_patient(email=email), NOW - timedelta(hours=3), status="attended")
        assert refusal_of(lambda: services.post_review(booking, booking.patient, 5, GOOD, NOW)).code == "insider"


@pytest.mark.parametrize("text, message", [
    ("Lovely clinic, call me on 07700 900123 if you want details.", "phone number or email address"),
    ("Lovely clinic, write to pat.smith@mailbox.org for the details.", "phone number or email address"),
    ("Rude receptionist. I know where you live and I'll find you.", "may not threaten"),
    ("Short.", "at least 20 characters"),
])
def test_contact_details_threats_and_short_texts_are_refused_on_the_text_field(attended, patient, text, message):
    refusal = refusal_of(lambda: services.post_review(attended, patient, 2, text, NOW))
    assert refusal.field == "text" and message in refusal.message
    assert db.session.scalar(select(Review.id)) is None


def test_a_review_making_a_drug_like_claim_is_held_not_published_or_counted(attended, patient):
    review = services.post_review(attended, patient, 5, "Brilliant: the exosome facial cured my acne for good.", NOW)
    db.session.commit()
    assert (review.status, review.claims_verdict, review.published_at) == ("held", "drug-like", None)
    assert ratings_for([attended.practitioner_id])[attended.practitioner_id].count == 0
    admin_action = db.session.scalar(select(AuditEvent.action).where(AuditEvent.subject_type == "review"))
    assert admin_action == "review.held"


def test_the_practitioner_replies_once_and_the_reply_is_checked(attended, patient, bookable):
    review = services.post_review(attended, patient, 2, "The wait was long and nobody explained the delay.", NOW)
    db.session.commit()
    practitioner, user = bookable.practitioner, bookable.practitioner.user
    assert refusal_of(lambda: services.reply(review, practitioner, user, "Call us on 0161 496 0000.", NOW)).field \
        == "text"
    drug = refusal_of(lambda: services.reply(review, practitioner, user, "Our exosome facial treats acne.", NOW))
    assert drug.code == "reply_drug_claim" and "treats acne" in drug.message
    services.reply(review, practitioner, user, "Sorry about the wait; we have changed how we book.", NOW)
    db.session.commit()
    second = refusal_of(lambda: services.reply(review, practitioner, user, "And one more thing.", NOW))
    assert second.code == "already_replied"
    assert db.session.get(Review, review.id).reply_text == "Sorry about the wait; we have changed how we book."


def test_removal_needs_a_reason_from_the_list_and_a_note_is_audited_emailed_and_uncounted(
        attended, patient, make_user, mailbox):
    review = services.post_review(attended, patient, 1, "Awful from start to finish, would not go back.", NOW)
    db.session.commit()
    admin = make_user(role="admin")
    assert refusal_of(lambda: services.remove(review, admin, "too_negative", "Bad for business.", NOW)).field \
        == "reason"
    assert refusal_of(lambda: services.remove(review, admin, "abuse", " ", NOW)).field == "note"
    services.remove(review, admin, "conflict_of_interest", "Written by a competitor's manager.", NOW)
    db.session.commit()
    assert ratings_for([attended.practitioner_id])[attended.practitioner_id].count == 0
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.removed"))
    assert audit.reason == "conflict_of_interest: Written by a competitor's manager." and audit.actor_id == admin.id
    [message] = mailbox.to("pat@example.com")
    body = message.get_body(("plain",)).get_content()
    assert message["Subject"] == "We have removed your review" and "competitor's manager" in body


def test_ratings_for_a_page_take_one_query_and_round_to_one_decimal(app, make_bookable, make_attended):
    first, second, empty = (make_bookable(name=n) for n in ("Dr One", "Dr Two", "Dr Empty"))
    for stars, target in ((5, first), (4, first), (4, first), (5, second), (4, second)):
        booking = make_attended(target=target)
        services.post_review(booking, booking.patient, stars, GOOD, NOW)
    db.session.commit()
    statements = []

    def count(*args):
        statements.append(args[2])

    ids = [first.practitioner.id, second.practitioner.id, empty.practitioner.id]
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        ratings = ratings_for(ids)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert [ratings[i].as_json() for i in ids] == [{"average": 4.3, "count": 3}, {"average": 4.5, "count": 2},
                                                   {"average": None, "count": 0}]


def test_reviews_are_shown_newest_first_in_pages_and_sortable(make_attended):
    for day in range(12):
        booking = make_attended(starts_at=NOW - timedelta(days=day + 1))
        services.post_review(booking, booking.patient, 1 + day % 5, GOOD, NOW + timedelta(minutes=day))
    db.session.commit()
    newest = shown_reviews(booking.practitioner_id)
    assert (newest.total, newest.pages, len(newest.items)) == (12, 2, 10)
    assert newest.items[0].appointment_on.isoformat() == "2026-02-18"
    assert [r.stars for r in shown_reviews(booking.practitioner_id, sort="lowest").items][:3] == [1, 1, 1]
    assert shown_reviews(booking.practitioner_id, page=2, sort="oldest").items[-1].appointment_on.isoformat() == \
        "2026-02-18"
    assert shown_reviews(booking.practitioner_id, page=99, sort="nonsense").page == 2


def test_export_and_erase_keep_the_review_but_not_the_person(attended, patient):
    review = services.post_review(attended, patient, 4, GOOD, NOW)
    db.session.commit()
    [exported] = services.export_for_patient(patient)["reviews"]
    assert (exported["stars"], exported["text"], exported["shown_as"], exported["appointment_month"]) == \
        (4, GOOD, "Pat P.", "2026-03")
    services.erase_for_patient(patient, NOW)
    db.session.commit()
    db.session.refresh(review)
    assert (review.author, review.patient_id, review.text, review.shown) == ("A verified patient", None, GOOD, True)
    assert services.export_for_patient(patient) == {"reviews": []}
