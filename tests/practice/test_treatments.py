"""Listing treatments from the catalogue: the profession gate, prices and durations."""
import pytest
from sqlalchemy import select

from directory.models import Offering
from core.extensions import db
from core.refusal import Refusal
from directory import offerings, services
from tests.helpers import submit, text_of
from tests.practice.conftest import BEVERLY_HILLS


def offerings_of(practitioner) -> dict[str, Offering]:
    rows = db.session.scalars(select(Offering).where(Offering.practitioner_id == practitioner.id))
    return {o.treatment.slug: o for o in rows}


def add_treatment(client, treatment, price="250", duration="45", follow_redirects=False):
    return submit(client, "/practice/treatments/new", {"treatment": str(treatment.id), "price": price,
                                                       "duration_minutes": duration, "description": ""},
                  follow_redirects=follow_redirects)


def test_adding_a_treatment(client, practitioner, catalogue):
    response = add_treatment(client, catalogue["chemical-peel"], price="1,250.50", duration="60",
                             follow_redirects=True)
    assert "Chemical peel is added to your treatments." in text_of(response)
    assert "From £1,250.50 · 60 minutes" in text_of(response)
    offering = offerings_of(practitioner)["chemical-peel"]
    assert (offering.price_from_minor, offering.currency, offering.duration_minutes) == (125050, "GBP", 60)


def test_a_us_practitioner_prices_in_dollars(client, make_practitioner, login_as, catalogue):
    practitioner = make_practitioner(clinics=[BEVERLY_HILLS], treatments=())
    login_as(practitioner)
    assert "In US dollars (USD)" in text_of(client.get("/practice/treatments/new"))
    add_treatment(client, catalogue["microneedling"], price="$300")
    offering = offerings_of(practitioner)["microneedling"]
    assert (offering.price_from_minor, offering.currency) == (30000, "USD")
    assert "From $300 · 45 minutes" in text_of(client.get("/practice/"))


def test_a_nurse_cannot_offer_botulinum_toxin(client, make_practitioner, login_as, catalogue):
    nurse = make_practitioner(profession="nurse", treatments=())
    login_as(nurse)
    form = text_of(client.get("/practice/treatments/new"))
    assert '<optgroup label="Not open to your profession">' in form
    page = text_of(add_treatment(client, catalogue["botulinum-toxin"]))
    assert ("Anti-wrinkle injections (botulinum toxin) is a prescription-only medicine: only prescribers") in page
    assert 'id="treatment-error"' in page
    assert offerings_of(nurse) == {}


def test_only_surgeons_offer_a_facelift(client, practitioner, catalogue):
    page = text_of(add_treatment(client, catalogue["facelift"]))
    assert "Surgical facelift (rhytidectomy) is surgery: only surgeons can offer it." in page


def test_a_treatment_already_listed_is_not_offered_again(client, practitioner, catalogue):
    form = text_of(client.get("/practice/treatments/new"))
    assert "Dermal fillers (hyaluronic acid)</option>" not in form
    page = text_of(add_treatment(client, catalogue["dermal-filler"]))
    assert "Choose a treatment from the list." in page


@pytest.mark.parametrize("price, message", [
    ("", "Enter the starting price."),
    ("two hundred", "Enter a price in numbers, such as 250 or 250.00."),
    ("250.505", "Enter a price in numbers"),
    ("-50", "Enter a price in numbers"),
    ("0", "Enter a starting price above zero."),
    ("$250", "Your prices are in GBP"),
    ("250000", "Enter a starting price below £100,000."),
])
def test_prices_are_checked(client, practitioner, catalogue, price, message):
    page = text_of(add_treatment(client, catalogue["chemical-peel"], price=price))
    assert message in page and 'id="price-error"' in page
    assert "chemical-peel" not in offerings_of(practitioner)


@pytest.mark.parametrize("duration", ["4", "481", "half an hour", ""])
def test_durations_are_checked(client, practitioner, catalogue, duration):
    page = text_of(add_treatment(client, catalogue["chemical-peel"], duration=duration))
    assert 'id="duration_minutes-error"' in page
    assert "chemical-peel" not in offerings_of(practitioner)


def test_treatments_need_a_clinic_first(client, make_practitioner, login_as, catalogue):
    practitioner = make_practitioner(clinics=[{}], treatments=())
    practitioner.clinics.clear()
    db.session.commit()
    login_as(practitioner)
    response = client.get("/practice/treatments/new")
    assert response.location == "/practice/clinics/new"


def test_editing_a_treatment(client, practitioner):
    offering_id = practitioner.offerings[0].id
    url = f"/practice/treatments/{offering_id}"
    form = text_of(client.get(url))
    assert 'value="250"' in form and "Dermal fillers (hyaluronic acid)</h1>" in form
    submit(client, url, {"price": "275.50", "duration_minutes": "30", "description": "Includes a review at two weeks."})
    offering = db.session.get(Offering, offering_id)
    assert (offering.price_from_minor, offering.duration_minutes) == (27550, 30)
    assert offering.description == "Includes a review at two weeks."
    assert 'value="275.50"' in text_of(client.get(url))


def test_removing_a_treatment(client, practitioner):
    offering_id = practitioner.offerings[0].id
    response = submit(client, f"/practice/treatments/{offering_id}/delete", {}, follow_redirects=True)
    assert "Dermal fillers (hyaluronic acid) is removed from your treatments." in text_of(response)
    assert db.session.get(Offering, offering_id) is None


@pytest.mark.parametrize("text, minor", [("250", 25000), ("250.00", 25000), ("250.5", 25050), ("£1,250", 125000),
                                         (" 99.99 ", 9999), ("1250", 125000)])
def test_money_is_parsed_into_minor_units(text, minor):
    assert offerings.parse_money(text, "GBP") == minor


@pytest.mark.parametrize("text", ["1,25", "12,50.00", "1.2.3", "£", "GBP 250", "25 0"])
def test_malformed_money_is_refused(text):
    with pytest.raises(Refusal):
        offerings.parse_money(text, "GBP")


@pytest.mark.parametrize("minor, currency, shown", [(25000, "GBP", "£250"), (25050, "USD", "$250.50"),
                                                    (125000, "GBP", "£1,250")])
def test_money_is_shown_as_money(minor, currency, shown):
    assert offerings.format_money(minor, currency) == shown


def test_the_gate_is_enforced_without_http(make_practitioner, catalogue):
    nurse = make_practitioner(profession="nurse", treatments=())
    with pytest.raises(Refusal, match="only prescribers"):
        services.add_offering(nurse, catalogue["botulinum-toxin"], offerings.OfferingDetails(25000, 30),
                              actor=nurse.user)
    assert offerings.refusal_reason(catalogue["dermal-filler"], "nurse") is None
    reason = offerings.refusal_reason(catalogue["dermal-filler"], "aesthetic_therapist")
    assert reason.startswith("Dermal fillers (hyaluronic acid) can be offered only by these professions: doctor")
