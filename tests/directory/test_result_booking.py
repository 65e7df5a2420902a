"""What a search card and a profile say about booking: a practitioner AT a clinic for one treatment.

"Book" opens exactly that clinic and treatment, the time shown is the first free one there, a clinic
without opening hours says so, and a practitioner whose badge is not compliant takes no new bookings.
"""
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from booking.models import Booking
from compliance.rules import RULES
from core.extensions import db
from tests.booking.conftest import add_booking, make_bookable, make_patient, not_compliant, patient  # noqa: F401
from tests.booking.helpers import NOW, words
from tests.helpers import login, submit, text_of

MANCHESTER = "/search?lat=53.4794&lon=-2.2453&radius=20&unit=km"
SALFORD = {"name": "Salford Rooms", "city": "Salford", "postcode": "M5 4WT", "lat": 53.4875, "lon": -2.2901,
           "address": "1 Crescent", "time_zone": "Europe/London"}


@pytest.fixture
def app_config(app_config):
    """Pages run at the pinned instant NOW (Monday 2 March 2026, 08:00 in London)."""
    app_config["CLOCK_NOW"] = NOW
    return app_config


@pytest.fixture
def two_treatments(make_bookable, catalogue):
    """Dr Two: microneedling (from £250) and a cheaper chemical peel (from £90), 09:00 to 17:00 daily."""
    target = make_bookable(name="Dr Two")
    from directory.models import Offering

    target.practitioner.offerings.append(Offering(treatment=catalogue["chemical-peel"], price_from_minor=9000,
                                                  currency="GBP", duration_minutes=30))
    db.session.commit()
    return target




def book_link(html: str) -> dict:
    """The arguments of the one "Book" link on a page."""
    [href] = re.findall(r'href="([^"]*/book\?[^"]*)"', html)
    return {k: v[0] for k, v in parse_qs(urlsplit(href.replace("&amp;", "&")).query).items()}


def test_the_card_names_the_treatment_its_price_and_the_first_time_at_that_clinic(client, two_treatments):
    response = client.get(MANCHESTER)
    assert "Chemical peel from £90, their lowest price" in words(response)
    assert "Next free for Chemical peel at Piccadilly Clinic (GMT clinic time) Mon 2 Mar 09:00" in words(response)
    assert book_link(text_of(response)) == {"treatment": "chemical-peel", "clinic": str(two_treatments.clinic.id),
                                            "from": "2026-03-02"}


def test_a_treatment_search_books_that_treatment(client, two_treatments):
    response = client.get(MANCHESTER + "&treatment=microneedling")
    assert "Microneedling from £250 " in words(response) and "their lowest price" not in words(response)
    assert "Next free for Microneedling at Piccadilly Clinic" in words(response)
    assert book_link(text_of(response))["treatment"] == "microneedling"


def test_book_opens_that_clinic_and_treatment_on_the_week_of_the_time_shown(client, make_bookable, add_booking,
                                                                           patient):  # noqa: F811
    target = make_bookable(name="Dr Full", horizon_days=30)
    for day in range(2, 12):  # booked solid every morning for ten days: the first free time is after a week
        for hour in range(9, 17):
            add_booking(target, patient, NOW.replace(day=day, hour=hour))
    card = client.get(MANCHESTER)
    assert "Next free for Microneedling at Piccadilly Clinic (GMT clinic time) Thu 12 Mar 09:00" in words(card)
    args = book_link(text_of(card))
    page = client.get(f"/practitioners/{target.practitioner.slug}/book", query_string=args)
    assert '<option selected value="microneedling">' in text_of(page) or 'value="microneedling" selected' in \
        text_of(page)
    first = re.search(r'<a class="slot" href="[^"]*"><time datetime="([^"]+)"', text_of(page)).group(1)
    assert first == "2026-03-12T09:00:00+00:00"


def test_a_clinic_without_hours_says_no_online_booking_and_how_to_contact_it(client, make_bookable):
    make_bookable(name="Dr Offline", hours={}, extra_clinics=[])
    page = words(client.get(MANCHESTER))
    assert "No online booking at Piccadilly Clinic. To book, contact the clinic: Manchester M1 1AE." in page
    assert "Next free" not in page and "Book Microneedling" not in page


def test_a_not_compliant_card_says_why_without_book_or_time(client, not_compliant):
    response = client.get(MANCHESTER)
    page = words(response)
    assert "Exosomes: not compliant" in page
    assert "Describes exosomes as treating a condition, which in the UK would make them an unlicensed medicine." \
        in page
    assert "Not taking new bookings through Verity for now" in page
    assert "Next free" not in page and "/book?" not in text_of(response) and "/book/confirm" not in text_of(response)


def test_a_not_compliant_profile_says_why_without_book(client, not_compliant):
    response = client.get(f"/practitioners/{not_compliant.practitioner.slug}")
    assert response.status_code == 200
    page = words(response)
    assert "Exosomes: not compliant" in page and "Not taking new bookings through Verity for now" in page
    assert "Next free" not in page and "/book" not in text_of(response)


def test_a_bookable_profile_gives_each_clinic_its_own_line(client, make_bookable):
    target = make_bookable(name="Dr Two Places", extra_clinics=[SALFORD])
    salford = target.practitioner.clinics[1]
    db.session.execute(db.delete(db.metadata.tables["opening_hours"]).where(
        db.metadata.tables["opening_hours"].c.clinic_id == salford.id))
    db.session.commit()
    page = words(client.get(f"/practitioners/{target.practitioner.slug}"))
    assert "Next free for Microneedling (from £250) at Piccadilly Clinic: Monday 2 March 2026, 09:00 GMT" in page
    assert "No online booking at Salford Rooms. To book, contact the clinic: 1 Crescent, Salford M5 4WT." in page


@pytest.mark.parametrize("path", ["/search?lat=53.4794&lon=-2.2453&radius=20&unit=km", "/practitioners/{slug}",
                                  "/practitioners/{slug}/book"])
def test_patients_never_read_a_rule_id(client, not_compliant, path):
    page = words(client.get(path.format(slug=not_compliant.practitioner.slug)))
    assert [rule.id for rule in RULES if rule.id in page] == []


def test_the_booking_pages_refuse_with_a_clear_message(client, not_compliant, patient):  # noqa: F811
    slug = not_compliant.practitioner.slug
    start = client.get(f"/practitioners/{slug}/book")
    assert start.status_code == 409
    assert "Dr Claims is not taking new bookings" in words(start)
    confirm = f"/practitioners/{slug}/book/confirm?treatment=microneedling&clinic={not_compliant.clinic.id}" \
              f"&start=2026-03-03T09:00Z"
    assert client.get(confirm).status_code == 409
    login(client, patient.email)
    posted = submit(client, confirm, {"patient_name": "Pat Patient"})
    assert posted.status_code == 409 and "is not taking new bookings" in words(posted)
    assert db.session.query(Booking).count() == 0
