"""A result card shows who, where, what it costs at that clinic and when they are free there; each line true or absent.

Pinned clock (Monday 2 March 2026, 08:00 in London) and pinned data; the API gives the same facts.
"""
import io
import re
from datetime import date, datetime, time, timezone

import pytest
from PIL import Image
from sqlalchemy import event

from core.extensions import db
from credentials.models import Credential
from credentials.registration import shown_registration
from directory import photos
from tests.booking.conftest import make_bookable, make_patient  # noqa: F401 - fixtures
from tests.booking.helpers import NOW, words

UTC = timezone.utc
ANCOATS = "/search?lat=53.4842&lon=-2.2265&radius=20&unit=km"
NEW_YORK = {"lat": 40.7616, "lon": -73.9719, "radius": 5}
WEEKEND = {5: (time(9), time(17)), 6: (time(9), time(17))}


@pytest.fixture
def app_config(app_config):
    """Pages run at the pinned instant NOW."""
    app_config["CLOCK_NOW"] = NOW
    return app_config


def card(response, name: str) -> str:
    """The HTML of the one result card naming this practitioner."""
    cards = response.get_data(as_text=True).split('<li class="result card')[1:]
    [found] = [c.split("</ol>")[0] for c in cards if f">{name}<" in c]
    return found


def card_words(response, name: str) -> str:
    """The words a reader sees on that card."""
    return " ".join(re.sub(r"<[^>]+>", " ", "<" + card(response, name)).split()).replace(" ,", ",")


def time_links(html: str) -> list[str]:
    """The hrefs of a card's free times, in order."""
    return [h.replace("&amp;", "&") for h in re.findall(r'<a class="result-time" href="([^"]+)"', html)]


def jpeg() -> str:
    """Store a small photo as an upload would be stored, and return its name."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "teal").save(buffer, "JPEG")
    return photos.store(buffer.getvalue())


@pytest.fixture
def ada(make_bookable):
    """Dr Ada Lovelace: a nurse prescriber with a photo, microneedling from £85, verified just after midnight BST."""
    target = make_bookable(name="Dr Ada Lovelace", profession="nurse_prescriber")
    target.offering.price_from_minor = 8500
    target.practitioner.photo_filename = jpeg()
    target.practitioner.credentials[0].verified_at = datetime(2025, 7, 31, 23, 30, tzinfo=UTC)  # 1 August in London
    db.session.commit()
    return target


def test_a_card_shows_each_element(client, ada):
    response = client.get(ANCOATS)
    html, seen = card(response, "Dr Ada Lovelace"), card_words(response, "Dr Ada Lovelace")
    photo = re.search(r'<img class="result-photo" src="([^"]+)" alt="Photo of Dr Ada Lovelace"', html).group(1)
    assert client.get(photo).status_code == 200 and client.get(photo).mimetype == "image/jpeg"
    assert "Dr Ada Lovelace 1.4 km away" in seen
    assert "Nurse who can prescribe · 11 years practising" in seen
    assert "✓ Verified registration: GMC 7000001, checked 1 August 2025" in seen
    assert "Piccadilly Clinic, Manchester M1 1AE" in seen
    assert "Microneedling from £85" in seen and "their lowest price" not in seen  # their only treatment
    assert "Exosome use not declared" in seen
    assert "Next free for Microneedling at Piccadilly Clinic (GMT clinic time) Mon 2 Mar 09:00 GMT" in seen
    slug, clinic = ada.practitioner.slug, ada.clinic.id
    assert time_links(html) == [f"/practitioners/{slug}/book/confirm?treatment=microneedling&clinic={clinic}"
                                f"&start=2026-03-02T{t}Z" for t in ("09:00", "09:15", "09:30")]
    confirm = words(client.get(time_links(html)[1]))  # one tap: the confirm page with that slot chosen
    assert "Book Microneedling" in confirm and "With Dr Ada Lovelace" in confirm
    assert "When Monday 2 March 2026, 09:15 to 10:00 GMT" in confirm and "Where Piccadilly Clinic" in confirm


def test_the_api_gives_the_same_facts(client, ada):
    [hit] = client.get("/api/v1/practitioners", query_string={"lat": 53.4842, "lon": -2.2265, "unit": "km"}).json[
        "results"]
    assert re.fullmatch(r"https?://[^/]+/practice/photos/[0-9a-f]{32}\.jpg", hit["photo_url"])
    assert hit["price_from"] == {"amount": "85.00", "currency": "GBP"}
    assert hit["next_slots"] == ["2026-03-02T09:00:00+00:00", "2026-03-02T09:15:00+00:00",
                                 "2026-03-02T09:30:00+00:00"]
    assert hit["next_available"] == hit["next_slots"][0]


def test_initials_stand_in_for_a_missing_photo(client, make_bookable):
    make_bookable(name="Dr Grace van Hopper")
    response = client.get(ANCOATS)
    html = card(response, "Dr Grace van Hopper")
    assert re.search(r'role="img"\s+aria-label="No photo yet: initials of Dr Grace van Hopper">GH</span>', html)
    assert "<img" not in html
    [hit] = client.get("/api/v1/practitioners", query_string={"lat": 53.4842, "lon": -2.2265}).json["results"]
    assert hit["photo_url"] is None


def test_only_a_verified_current_registration_is_named(client, ada):
    """A newer registration waiting for review, and the number the profile declares, are not what was checked."""
    ada.practitioner.registration_number = "7654321"
    ada.practitioner.credentials.append(Credential(kind="registration", issuer="GMC", number="7654321",
                                                   status="pending", issued_on=date(2026, 1, 1)))
    db.session.commit()
    seen = card_words(client.get(ANCOATS), "Dr Ada Lovelace")
    assert "GMC 7000001, checked 1 August 2025" in seen and "7654321" not in seen


def test_no_registration_line_without_a_verified_current_one(ada):
    [verified] = ada.practitioner.credentials
    assert shown_registration(ada.practitioner, date(2026, 3, 2)).number == "7000001"
    assert shown_registration(ada.practitioner, date(2099, 1, 2)) is None  # expired on 1 January 2099
    verified.status = "pending"
    assert shown_registration(ada.practitioner, date(2026, 3, 2)) is None


def test_the_price_is_the_one_at_the_cards_clinic(client, make_bookable):
    """Prices are entered in the first clinic's currency: a clinic in another country shows none rather than a guess."""
    from tests.booking.conftest import CLINICS

    two = make_bookable(name="Dr Two Countries", extra_clinics=[{**CLINICS["America/New_York"],
                                                                 "time_zone": "America/New_York"}])
    local = make_bookable(name="Dr Madison", zone="America/New_York")
    local.offering.currency, local.offering.price_from_minor = "USD", 19950
    db.session.commit()
    assert "Microneedling from £250" in card_words(client.get(ANCOATS), "Dr Two Countries")
    page = client.get("/search", query_string={**NEW_YORK, "unit": "mi"})
    there = card_words(page, "Dr Two Countries")
    assert "from £" not in there and "from $" not in there and "Madison Skin" in there
    assert "Microneedling from $199.50" in card_words(page, "Dr Madison")
    assert "checked March 2, 2026" in card_words(page, "Dr Madison")  # the US way round
    prices = {h["name"]: h["price_from"] for h in client.get("/api/v1/practitioners", query_string=NEW_YORK).json[
        "results"]}
    assert prices == {"Dr Two Countries": None, "Dr Madison": {"amount": "199.50", "currency": "USD"}}


def test_an_unpriced_treatment_shows_no_price_and_is_not_the_one_chosen(client, make_bookable, catalogue):
    from directory.models import Offering

    target = make_bookable(name="Dr Imported")
    target.offering.price_from_minor = 0  # imported offerings start without a price
    db.session.commit()
    assert "from £" not in card_words(client.get(ANCOATS), "Dr Imported")
    target.practitioner.offerings.append(Offering(treatment=catalogue["chemical-peel"], price_from_minor=12000,
                                                  currency="GBP", duration_minutes=30))
    db.session.commit()
    seen = card_words(client.get(ANCOATS), "Dr Imported")
    assert "Chemical peel from £120, their lowest price" in seen and "Next free for Chemical peel" in seen


@pytest.mark.parametrize("zone, now, expected, names", [
    ("Europe/London", datetime(2026, 3, 28, 15, 50, tzinfo=UTC),
     ["2026-03-28T16:00:00+00:00", "2026-03-28T16:15:00+00:00", "2026-03-29T09:00:00+01:00"], "GMT/BST"),
    ("America/New_York", datetime(2026, 3, 7, 20, 50, tzinfo=UTC),
     ["2026-03-07T16:00:00-05:00", "2026-03-07T16:15:00-05:00", "2026-03-08T09:00:00-04:00"], "EST/EDT"),
])
def test_the_three_times_cross_a_change_of_clocks(app, client, make_bookable, zone, now, expected, names):
    target = make_bookable(name="Dr Weekend", zone=zone, hours=WEEKEND)
    app.config["CLOCK_NOW"] = now
    clinic = target.clinic
    [hit] = client.get("/api/v1/practitioners", query_string={"lat": clinic.lat, "lon": clinic.lon}).json["results"]
    assert hit["next_slots"] == expected and hit["next_available"] == expected[0]
    slots = client.get(f"/api/v1/practitioners/{hit['id']}/slots", query_string={
        "clinic": clinic.id, "treatment": "microneedling", "days": 3}).json["slots"]
    assert [s["starts_at"] for s in slots[:3]] == expected
    html = card(client.get("/search", query_string={"lat": clinic.lat, "lon": clinic.lon}), "Dr Weekend")
    assert f"({names} clinic time)" in html
    assert [re.search(r"start=([^&]+)$", h).group(1) for h in time_links(html)] == [
        datetime.fromisoformat(t).astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") for t in expected]


def count_statements(work) -> int:
    """How many SQL statements `work()` runs."""
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - before_cursor_execute's statement
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_a_page_of_twenty_cards_takes_as_many_queries_as_a_page_of_two(client, make_bookable):
    """No query per card: photo, registration, price, badge and times come in a fixed number for the page."""
    for _ in range(2):
        make_bookable()
    db.session.expire_all()
    api = "/api/v1/practitioners?lat=53.48&lon=-2.23"
    pages = {"html": lambda: client.get(ANCOATS), "api": lambda: client.get(api)}
    few = {name: count_statements(page) for name, page in pages.items()}
    for _ in range(18):
        make_bookable()
    db.session.expire_all()
    many = {name: count_statements(page) for name, page in pages.items()}
    assert client.get(api).json["total"] == 20
    assert many == few, (few, many)
