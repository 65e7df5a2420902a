"""Review pages: the profile, the result card and the API show the rating; the write, practice and admin screens."""
import re
from datetime import timedelta

from sqlalchemy import select

from audit.models import AuditEvent
from core.extensions import db
from reviews import services
from reviews.models import Review
from reviews.services import send_review_requests
from tests.booking.helpers import NOW, words
from tests.helpers import csrf_token, login, submit, text_of
from tests.reviews.conftest import GOOD
from tests.reviews.test_requests import link_in

MANCHESTER = "lat=53.4794&lon=-2.2453&radius=20&unit=km"


def test_profile_card_and_api_say_no_reviews_yet_never_a_number(client, bookable):
    assert "No reviews yet" in words(client.get(f"/practitioners/{bookable.practitioner.slug}"))
    assert "No reviews yet" in words(client.get(f"/search?{MANCHESTER}"))
    [result] = client.get(f"/api/v1/practitioners?{MANCHESTER}").get_json()["results"]
    assert result["rating"] == {"average": None, "count": 0}


def test_a_review_shows_verified_booking_the_treatment_and_dates_and_counts_everywhere(client, attended, patient):
    services.post_review(attended, patient, 4, GOOD, NOW)
    db.session.commit()
    profile = words(client.get(f"/practitioners/{attended.practitioner.slug}"))
    assert "4.0 out of 5 · 1 verified review" in profile
    assert "Pat P. ✓ Verified booking Microneedling · appointment March 2026 · posted 2 March 2026" in profile
    assert GOOD in profile and "How reviews work" in profile
    assert "4.0 out of 5 · 1 verified review" in words(client.get(f"/search?{MANCHESTER}"))
    [result] = client.get(f"/api/v1/practitioners?{MANCHESTER}").get_json()["results"]
    assert result["rating"] == {"average": 4.0, "count": 1}


def test_the_policy_page_lists_every_removal_reason_and_the_rules(client):
    page = words(client.get("/reviews/policy"))
    assert "Nobody can hide a review for being negative" in page and "16 CFR Part 465" in page
    assert "It threatens, harasses or uses slurs against someone." in page


def test_a_refused_review_says_why_beside_the_text_and_a_held_one_tells_the_patient(client, attended, mailbox):
    send_review_requests(NOW + timedelta(hours=3))
    link = link_in(mailbox.messages[0])
    token = csrf_token(text_of(client.get(link)))
    refused = text_of(client.post(link, data={"stars": "1", "text": "Ring me on 07700 900123 to hear more.",
                                              "csrf_token": token}))
    assert re.search(r'id="text-error">Please remove the phone number or email address', refused)
    held = client.post(link, data={"stars": "5", "text": "Amazing, the exosome facial cured my acne for good.",
                                   "csrf_token": token}, follow_redirects=True)
    assert "Your review is held, not yet published" in words(held)
    assert db.session.scalar(select(Review.status)) == "held"
    assert "No reviews yet" in words(client.get(f"/practitioners/{attended.practitioner.slug}"))


def test_the_practitioner_marks_attended_from_the_agenda(client, bookable, patient, add_booking):
    booking = add_booking(bookable, patient, NOW - timedelta(hours=1), status="confirmed")
    login(client, bookable.practitioner.user.email)
    agenda = "/practice/booking/agenda?day=2026-03-02"
    response = submit(client, f"/practice/booking/bookings/{booking.id}/attended", {}, page=agenda)
    assert response.status_code == 302
    db.session.refresh(booking)
    assert booking.status == "attended"
    assert "Attended" in words(client.get(agenda))


def test_the_practitioner_replies_once_and_a_second_reply_is_refused(client, attended, patient, bookable):
    review = services.post_review(attended, patient, 2, "The wait was long and nobody explained the delay.", NOW)
    db.session.commit()
    login(client, bookable.practitioner.user.email)
    url = f"/practice/reviews/{review.id}"
    reply = "Sorry about the wait; we have changed how we book."
    first = submit(client, f"{url}/reply", {"text": reply}, page=url)
    assert first.status_code == 302
    second = submit(client, f"{url}/reply", {"text": "One more thing."}, page="/practice/reviews")
    assert second.status_code == 200 and "You have already replied to this review" in words(second)
    assert db.session.get(Review, review.id).reply_text == reply
    assert "Reply from Dr Bookable" in words(client.get(f"/practitioners/{bookable.practitioner.slug}"))


def test_an_admin_removes_a_reported_review_only_with_a_listed_reason_and_the_trail_shows_it(
        client, attended, patient, bookable, make_user, mailbox):
    review = services.post_review(attended, patient, 1, "Awful from start to finish, would not go back.", NOW)
    services.report(review, bookable.practitioner, bookable.practitioner.user, "conflict_of_interest",
                    "This is my former business partner.", NOW)
    db.session.commit()
    login(client, make_user(role="admin").email)
    assert "Reported: It was written by the practitioner" in words(client.get("/admin/reviews"))
    url = f"/admin/reviews/{review.id}"
    refused = submit(client, f"{url}/remove", {"reason": "negative", "note": "Hurts their business."}, page=url)
    assert refused.status_code == 200 and db.session.get(Review, review.id).status == "published"
    done = submit(client, f"{url}/remove", {"reason": "conflict_of_interest", "note": "Confirmed by both."}, page=url)
    assert done.status_code == 302 and db.session.get(Review, review.id).status == "removed"
    trail = words(client.get(url))
    assert "review.reported" in trail and "review.removed" in trail and "Confirmed by both." in trail
    assert db.session.scalar(select(AuditEvent.reason).where(AuditEvent.action == "review.removed")) == \
        "conflict_of_interest: Confirmed by both."


def test_a_reply_the_checker_is_unsure_of_waits_for_an_admin_who_may_refuse_it(
        client, make_bookable, patient, add_booking, make_user, mailbox):
    bookable = make_bookable(zone="America/New_York", name="Dr York")  # an unqualified efficacy claim: US FTC rule
    booking = add_booking(bookable, patient, NOW - timedelta(hours=3), status="attended")
    review = services.post_review(booking, patient, 5, GOOD, NOW)
    services.reply(review, bookable.practitioner, bookable.practitioner.user,
                   "Thank you! Our treatment is clinically proven to work.", NOW)
    db.session.commit()
    assert review.reply_held and "Reply from" not in words(client.get(f"/practitioners/{bookable.practitioner.slug}"))
    login(client, make_user(role="admin").email)
    url = f"/admin/reviews/{review.id}"
    assert "Reply held." in words(client.get("/admin/reviews"))
    done = submit(client, f"{url}/reply/refuse", {"note": "Efficacy claims need evidence; describe the visit."},
                  page=url)
    assert done.status_code == 302 and db.session.get(Review, review.id).reply_text is None
    [message] = mailbox.to(bookable.practitioner.user.email)
    assert "Efficacy claims need evidence" in message.get_body(("plain",)).get_content()
