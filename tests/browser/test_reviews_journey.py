"""A practitioner marks yesterday's booking attended; the patient follows the emailed review link and posts
4 stars; the profile shows it as a verified booking and the card and API count it; the practitioner replies
once, and a second reply (from a page opened before the first) is refused.

Pages run at the pinned instant NOW (Monday 2 March 2026, 08:00 in London), as in tests/booking.
"""
import re
from datetime import timedelta

from playwright.sync_api import expect

from reviews.services import send_review_requests
from tests.booking.conftest import add_booking, app_config, bookable, patient  # noqa: F401
from tests.booking.helpers import NOW
from tests.browser.conftest import links_in, log_in, log_out

TEXT = "Calm and careful. I felt well looked after and would go back."


def test_attended_review_reply_and_rating_end_to_end(new_page, live_server, bookable, patient, add_booking,
                                                     mailbox):
    booking = add_booking(bookable, patient, NOW - timedelta(hours=22), status="confirmed")  # Sunday 10:00
    doctor = bookable.practitioner
    tab = new_page()
    log_in(tab, live_server, doctor.user.email)
    tab.goto(live_server + "/practice/booking/agenda?day=2026-03-01")
    with tab.expect_navigation():
        tab.get_by_role("button", name=re.compile(r"^Attended.*Pat Patient")).click()
    expect(tab.get_by_text("Pat Patient is marked as attended.")).to_be_visible()
    log_out(tab)

    assert send_review_requests(NOW + timedelta(hours=2)) == 1  # 10:00 London time, the day after
    [message] = mailbox.to(patient.email)
    [link] = [url for url in links_in(message) if "/reviews/write/" in url]
    tab.goto(re.sub(r"^https?://[^/]+", live_server, link))
    tab.get_by_label("4 stars").check()
    tab.get_by_label("Your review").fill(TEXT)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Post my review").click()
    expect(tab.get_by_text("Thank you: your review is published below.")).to_be_visible()
    reviews = tab.locator("#reviews")
    expect(reviews.get_by_text("Verified booking")).to_be_visible()
    expect(reviews.locator(".reviews-summary")).to_contain_text("4.0 out of 5 · 1 verified review")
    expect(reviews.locator(".review-text")).to_have_text(TEXT)
    expect(reviews.locator(".review-meta").first).to_contain_text("Microneedling · appointment March 2026")
    reviews.screenshot(path="/tmp/reviews-profile.png")
    tab.goto(f"{live_server}/search?lat=53.4794&lon=-2.2453&radius=20&unit=km")
    expect(tab.locator(".result .card-rating")).to_contain_text("4.0 out of 5 · 1 verified review")
    api = tab.request.get(f"{live_server}/api/v1/practitioners?lat=53.4794&lon=-2.2453").json()
    assert api["results"][0]["rating"] == {"average": 4.0, "count": 1}

    log_in(tab, live_server, doctor.user.email)
    stale = new_page()
    stale.context.add_cookies(tab.context.cookies())
    tab.goto(live_server + "/practice/reviews")
    with tab.expect_navigation():
        tab.get_by_role("link", name=re.compile("Reply or report")).click()
    stale.goto(tab.url)  # the same page, opened before the reply
    tab.get_by_label("Your reply").fill("Thank you, Pat. It was good to see you.")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Publish reply").click()
    expect(tab.get_by_text("Your reply is published under the review.")).to_be_visible()
    stale.get_by_label("Your reply").fill("And one more thing.")
    with stale.expect_navigation():
        stale.get_by_role("button", name="Publish reply").click()
    expect(stale.get_by_text("You have already replied to this review")).to_be_visible()
    tab.goto(f"{live_server}/practitioners/{doctor.slug}#reviews")
    expect(tab.locator(".review-reply")).to_have_count(1)
    expect(tab.locator(".review-reply")).to_contain_text("Thank you, Pat. It was good to see you.")
    assert booking.id
