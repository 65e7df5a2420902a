"""Review requests: once per attended booking, at 10:00 clinic time the next day (DST weeks too), single-use link."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from reviews.services import send_review_requests
from tests.booking.helpers import NOW, at
from tests.helpers import csrf_token, plain_text
from tests.reviews.conftest import GOOD

UTC = timezone.utc


def link_in(message) -> str:
    """The review link's path in an email."""
    return re.search(r"https?://[^/\s]+(/reviews/write/\S+)", plain_text(message)).group(1)


def test_every_attended_booking_is_asked_once_and_no_other(bookable, make_patient, add_booking, mailbox):
    asked = add_booking(bookable, make_patient(email="came@example.com"), NOW - timedelta(hours=22),
                        status="attended")
    add_booking(bookable, make_patient(email="absent@example.com"), NOW - timedelta(hours=21), status="no_show")
    add_booking(bookable, make_patient(email="unmarked@example.com"), NOW - timedelta(hours=20), status="confirmed")
    add_booking(bookable, make_patient(email="old@example.com"), NOW - timedelta(days=40), status="attended")
    assert send_review_requests(NOW + timedelta(hours=1, minutes=59)) == 0  # 09:59 the next day
    assert send_review_requests(NOW + timedelta(hours=2)) == 1  # 10:00
    assert send_review_requests(NOW + timedelta(hours=3)) == 0
    [message] = mailbox.messages
    assert message["To"] == "came@example.com" and message["Subject"] == "How was your appointment with Dr Bookable?"
    body = plain_text(message)
    assert "Whatever your experience, good or bad" in body and "we offer nothing in return" in body
    assert asked.id


@pytest.mark.parametrize("zone, appointment, early, due", [
    # Clocks go forward on Sunday 29 March 2026: 10:00 BST that day is 09:00 UTC.
    ("Europe/London", (2026, 3, 28, 14), datetime(2026, 3, 29, 8, 59, tzinfo=UTC), datetime(2026, 3, 29, 9, tzinfo=UTC)),
    # Clocks go back on Sunday 25 October 2026: 10:00 GMT that day is 10:00 UTC, not 09:00.
    ("Europe/London", (2026, 10, 24, 14), datetime(2026, 10, 25, 9, 59, tzinfo=UTC),
     datetime(2026, 10, 25, 10, tzinfo=UTC)),
    # New York springs forward on Sunday 8 March 2026: 10:00 EDT is 14:00 UTC.
    ("America/New_York", (2026, 3, 7, 11), datetime(2026, 3, 8, 13, 59, tzinfo=UTC),
     datetime(2026, 3, 8, 14, tzinfo=UTC)),
])
def test_the_request_goes_at_ten_on_the_clinics_clocks_the_next_day_in_a_dst_week(
        make_bookable, patient, add_booking, mailbox, zone, appointment, early, due):
    target = make_bookable(zone=zone)
    add_booking(target, patient, at(zone, *appointment), status="attended")
    assert send_review_requests(early) == 0
    assert send_review_requests(due) == 1
    assert send_review_requests(due + timedelta(days=1)) == 0
    assert len(mailbox.messages) == 1


def test_the_emailed_link_works_once(client, attended, mailbox):
    send_review_requests(NOW + timedelta(hours=3))
    link = link_in(mailbox.messages[0])
    page = client.get(link)
    assert page.status_code == 200 and "Review your appointment" in page.get_data(as_text=True)
    posted = client.post(link, data={"stars": "4", "text": GOOD, "csrf_token": csrf_token(page.get_data(as_text=True))},
                         follow_redirects=True)
    assert posted.status_code == 200 and "your review is published below" in posted.get_data(as_text=True)
    again = client.get(link)
    assert again.status_code == 410 and "already reviewed this appointment" in again.get_data(as_text=True)
    assert client.get(link[:-3] + "abc").status_code == 410
