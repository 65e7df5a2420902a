"""Adding, editing and deleting clinics: postcodes, ZIP codes, map pins and time zones."""
import pytest
from sqlalchemy import select

from directory.models import Clinic
from core.extensions import db
from core.refusal import Refusal
from directory import clinics
from tests.helpers import submit, text_of
from tests.practice.conftest import PICCADILLY


def clinics_of(practitioner) -> list[Clinic]:
    return list(db.session.scalars(select(Clinic).where(Clinic.practitioner_id == practitioner.id).order_by(Clinic.id)))


def add_clinic(client, follow_redirects=False, **fields):
    return submit(client, "/practice/clinics/new", {**PICCADILLY, **fields}, follow_redirects=follow_redirects)


def test_a_uk_clinic_is_pinned_from_its_postcode(client, practitioner):
    response = add_clinic(client, name="Northern Quarter Clinic", postcode="m11ae")
    assert response.location == "/practice/"
    clinic = clinics_of(practitioner)[-1]
    assert (clinic.name, clinic.postcode, clinic.country) == ("Northern Quarter Clinic", "M1 1AE", "GB")
    assert clinic.lat == pytest.approx(53.48, abs=0.01) and clinic.lon == pytest.approx(-2.23, abs=0.02)
    assert clinic.time_zone == "Europe/London"
    page = text_of(client.get("/practice/"))
    assert "Northern Quarter Clinic is saved." in page and "times in Europe/London" in page


def test_a_us_clinic_is_pinned_from_its_zip_code(client, practitioner):
    add_clinic(client, name="Rodeo Skin", city="Beverly Hills", country="US", postcode="90210-1234")
    clinic = clinics_of(practitioner)[-1]
    assert clinic.postcode == "90210-1234"
    assert clinic.lat == pytest.approx(34.09, abs=0.02) and clinic.lon == pytest.approx(-118.41, abs=0.02)
    assert clinic.time_zone == "America/Los_Angeles"


@pytest.mark.parametrize("country, postcode, message", [
    ("GB", "90210", "Enter a full UK postcode, such as M1 1AE."),
    ("GB", "M1", "Enter a full UK postcode"),
    ("US", "M1 1AE", "Enter a 5-digit ZIP code"),
    ("US", "9021", "Enter a 5-digit ZIP code"),
])
def test_the_postcode_must_suit_the_country(client, practitioner, country, postcode, message):
    page = text_of(add_clinic(client, country=country, postcode=postcode))
    assert message in page and 'id="postcode-error"' in page
    assert len(clinics_of(practitioner)) == 1


def test_an_unknown_postcode_is_refused_with_real_ones_nearby(client, practitioner):
    page = text_of(add_clinic(client, postcode="M1 1ZZ"))
    assert "We couldn&#39;t find the postcode M1 1ZZ." in page and 'id="postcode-error"' in page
    assert "Did you mean one of these?" in page and "<li>M1 1AE</li>" in page
    assert len(clinics_of(practitioner)) == 1


def test_a_postcode_the_gazetteer_lacks_cannot_be_confirmed(client, practitioner):
    page = text_of(add_clinic(client, name="Belfast Clinic", city="Belfast", postcode="BT1 1AA"))
    assert "Postcodes in Northern Ireland are not in our offline data yet, so we cannot confirm this address." in page
    assert len(clinics_of(practitioner)) == 1


def test_a_hand_placed_pin_near_the_postcode_is_kept(client, practitioner):
    add_clinic(client, name="Pinned", pin_lat="53.4808", pin_lon="-2.2426")
    clinic = clinics_of(practitioner)[-1]
    assert (clinic.lat, clinic.lon, clinic.time_zone) == (53.4808, -2.2426, "Europe/London")


def test_a_hand_placed_pin_in_hawaii_gets_hawaii_time(client, practitioner):
    add_clinic(client, name="Waikiki", city="Honolulu", country="US", postcode="96815",
               pin_lat="21.2793", pin_lon="-157.8292")
    assert clinics_of(practitioner)[-1].time_zone == "Pacific/Honolulu"


@pytest.mark.parametrize("lat, lon, message", [
    ("53.48", "2.24", "That pin is not in the United Kingdom"),  # east instead of west
    ("53.48", "", "Enter both latitude and longitude"),
    ("91", "-2.2", "Latitude must be between -90 and 90."),
    ("53.48", "-181", "Longitude must be between -180 and 180."),
    ("north", "-2.2", "Enter a decimal number, such as 53.4794"),
    ("56.0", "1.5", "That pin is 368.2 km from M1 1AE; it must be within 2 km."),
])
def test_a_hand_placed_pin_is_checked(client, practitioner, lat, lon, message):
    page = text_of(add_clinic(client, pin_lat=lat, pin_lon=lon))
    assert message in page
    assert len(clinics_of(practitioner)) == 1


def test_a_us_pin_must_be_in_the_us(client, practitioner):
    page = text_of(add_clinic(client, country="US", postcode="90210", city="Beverly Hills",
                              pin_lat="53.48", pin_lon="-2.24"))
    assert "That pin is not in the United States" in page


def test_editing_a_clinic(client, practitioner):
    clinic_id = practitioner.clinics[0].id
    assert 'value="Piccadilly Clinic"' in text_of(client.get(f"/practice/clinics/{clinic_id}"))
    submit(client, f"/practice/clinics/{clinic_id}", {**PICCADILLY, "name": "Rodeo Skin", "city": "Beverly Hills",
                                                      "country": "US", "postcode": "90210"})
    clinic = db.session.get(Clinic, clinic_id)
    assert (clinic.name, clinic.country, clinic.time_zone) == ("Rodeo Skin", "US", "America/Los_Angeles")


def test_editing_other_details_keeps_a_hand_placed_pin(client, practitioner):
    clinic_id = practitioner.clinics[0].id
    url = f"/practice/clinics/{clinic_id}"
    submit(client, url, {**PICCADILLY, "pin_lat": "53.4771", "pin_lon": "-2.2309"})
    submit(client, url, {**PICCADILLY, "blurb": "Step-free access from Portland Street."})
    clinic = db.session.get(Clinic, clinic_id)
    assert (clinic.lat, clinic.lon) == (53.4771, -2.2309)
    assert clinic.blurb == "Step-free access from Portland Street."


def test_deleting_a_clinic(client, make_practitioner, login_as):
    practitioner = make_practitioner(clinics=[{}, {"name": "Second Clinic"}])
    login_as(practitioner)
    second = practitioner.clinics[1].id
    response = submit(client, f"/practice/clinics/{second}/delete", {}, follow_redirects=True)
    assert "Second Clinic is deleted." in text_of(response)
    assert [c.name for c in clinics_of(practitioner)] == ["Piccadilly Clinic"]


def test_the_last_clinic_cannot_be_deleted(client, practitioner):
    only = practitioner.clinics[0].id
    response = submit(client, f"/practice/clinics/{only}/delete", {}, follow_redirects=True)
    assert "This is your only clinic." in text_of(response)
    assert db.session.get(Clinic, only) is not None


@pytest.mark.parametrize("code, country, expected", [
    ("sw1a1aa", "GB", "SW1A 1AA"), (" M1  1AE ", "GB", "M1 1AE"), ("902101234", "US", "90210-1234"),
    ("90210", "US", "90210"),
])
def test_postcodes_are_written_as_on_an_envelope(code, country, expected):
    assert clinics.normalise_postcode(code, country) == expected


@pytest.mark.parametrize("lat, lon, country", [
    (60.15, -1.15, "GB"),  # Lerwick, Shetland
    (54.6, -5.93, "GB"),  # Belfast
    (61.22, -149.9, "US"),  # Anchorage
    (52.0, 174.0, "US"),  # the Aleutians, west of 180°
    (21.3, -157.8, "US"),  # Honolulu
    (24.56, -81.78, "US"),  # Key West
])
def test_pins_across_each_country_are_accepted(lat, lon, country):
    clinics.check_pin(lat, lon, country)


def test_a_pin_in_another_country_is_refused():
    with pytest.raises(Refusal, match="not in the United Kingdom"):
        clinics.check_pin(48.85, 2.35, "GB")  # Paris


# The address check: a postcode in the town given, a pin near it, a preview before saving.


def test_a_postcode_in_another_town_is_refused(client, practitioner):
    page = text_of(add_clinic(client, name="Wrong Town Clinic", city="Manchester", postcode="LS1 4AP"))
    assert "LS1 4AP is in Leeds, not Manchester." in page and 'id="city-error"' in page
    assert [c.name for c in clinics_of(practitioner)] == ["Piccadilly Clinic"]


@pytest.mark.parametrize("city", ["Leeds", "leeds", "Leeds, West Yorkshire", "Leeds, England", "Headingley, Leeds"])
def test_a_postcode_in_the_town_given_is_confirmed(client, practitioner, city):
    response = add_clinic(client, name="Park Square Clinic", city=city, postcode="ls1 4ap", follow_redirects=True)
    assert "Park Square Clinic is saved." in text_of(response)
    clinic = clinics_of(practitioner)[-1]
    assert (clinic.postcode, clinic.address_status, clinic.address_problem) == ("LS1 4AP", "confirmed", None)
    assert clinic.lat == pytest.approx(53.7955, abs=0.001) and clinic.lon == pytest.approx(-1.5557, abs=0.001)


def test_a_town_next_to_the_postcode_counts_as_near(client, practitioner):
    add_clinic(client, name="Salford Quays Clinic", city="Salford", postcode="M3 5FS")
    assert clinics_of(practitioner)[-1].address_status == "confirmed"


def test_a_pin_more_than_2_km_from_the_postcode_is_refused(client, practitioner):
    page = text_of(add_clinic(client, name="Far Pin", postcode="M1 1AE", pin_lat="53.51", pin_lon="-2.2312"))
    assert "That pin is 2.9 km from M1 1AE; it must be within 2 km." in page and 'id="pin_lat-error"' in page
    assert len(clinics_of(practitioner)) == 1


@pytest.mark.parametrize("city, message", [
    ("Miami", "90210 is in Beverly Hills, CA, not Miami."),
    ("Beverly Hills, NY", "90210 is in Beverly Hills, CA, not NY."),
])
def test_a_zip_must_be_in_its_city_and_state(client, practitioner, city, message):
    page = text_of(add_clinic(client, city=city, country="US", postcode="90210"))
    assert message in page and 'id="city-error"' in page
    assert len(clinics_of(practitioner)) == 1


def test_a_zip_with_its_city_and_state_is_confirmed(client, practitioner):
    add_clinic(client, name="Rodeo Skin", city="Beverly Hills, CA", country="US", postcode="90210")
    clinic = clinics_of(practitioner)[-1]
    assert (clinic.name, clinic.address_status, clinic.time_zone) == ("Rodeo Skin", "confirmed", "America/Los_Angeles")


def test_check_address_previews_the_pin_without_saving(client, practitioner):
    page = text_of(add_clinic(client, name="Park Square Clinic", city="Leeds", postcode="LS1 4AP", check="1"))
    assert "Pin at 53.80, -1.56 — LS1 4AP, Leeds" in page
    assert '<svg viewBox="0 0 320 200" role="img" aria-labelledby="pin-map-title"' in page
    assert '<title id="pin-map-title">Pin at 53.80, -1.56 — LS1 4AP, Leeds</title>' in page
    assert "The gazetteer puts LS1 4AP in Leeds" in page and 'value="Park Square Clinic"' in page
    assert len(clinics_of(practitioner)) == 1


def test_check_address_shows_what_is_wrong_without_saving(client, practitioner):
    page = text_of(add_clinic(client, city="Manchester", postcode="LS1 4AP", check="1"))
    assert "LS1 4AP is in Leeds, not Manchester." in page and "Pin at" not in page
    assert len(clinics_of(practitioner)) == 1


@pytest.mark.parametrize("postcode, city", [("LS1 4AP", ",,,"), ("LS1 4AP", "-"), ("ZZ", "Leeds"),
                                            ("LS1 4AP", "Leeds" * 20)])
def test_odd_addresses_are_refused_not_crashed(client, practitioner, postcode, city):
    for check in ("1", ""):
        response = add_clinic(client, city=city, postcode=postcode, check=check)
        assert response.status_code == 200 and 'class="error"' in text_of(response)
    assert len(clinics_of(practitioner)) == 1


def test_a_nul_in_the_address_is_a_bad_request_not_a_crash(client, practitioner):
    for check in ("1", ""):
        assert add_clinic(client, city="Leeds\x00", postcode="LS1 4AP", check=check).status_code == 400


def test_a_hidden_clinic_says_why_on_the_dashboard_and_saving_it_fixes_it(client, make_practitioner, login_as):
    practitioner = make_practitioner(clinics=[{}, {"name": "Leeds Clinic", "city": "Manchester", "postcode": "LS1 4AP",
                                                  "address_status": "refused",
                                                  "address_problem": "LS1 4AP is in Leeds, not Manchester."}])
    login_as(practitioner)
    hidden = practitioner.clinics[1]
    assert hidden.listed_until is None and practitioner.clinics[0].listed_until is not None
    dashboard = text_of(client.get("/practice/"))
    assert "Hidden from search. Address not confirmed:\n                LS1 4AP is in Leeds, not Manchester." in dashboard
    assert f'href="/practice/clinics/{hidden.id}">Fix the address' in dashboard
    form = text_of(client.get(f"/practice/clinics/{hidden.id}"))
    assert "LS1 4AP is in Leeds, not Manchester." in form and 'id="city-error"' in form
    submit(client, f"/practice/clinics/{hidden.id}", {"name": "Leeds Clinic", "city": "Leeds", "postcode": "LS1 4AP",
                                                      "country": "GB"})
    db.session.expire_all()
    fixed = db.session.get(Clinic, hidden.id)
    assert (fixed.address_status, fixed.address_problem) == ("confirmed", None) and fixed.listed_until is not None
    assert "Hidden from search" not in text_of(client.get("/practice/"))


def test_the_edit_page_previews_the_stored_pin(client, practitioner):
    page = text_of(client.get(f"/practice/clinics/{practitioner.clinics[0].id}"))
    assert "Pin at 53.48, -2.25 — M1 1AE, Manchester" in page
