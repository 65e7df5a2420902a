"""Creating and editing a practitioner's profile."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from directory.models import Practitioner
from core.extensions import db
from tests.helpers import login, submit, text_of
from tests.practice.conftest import PROFILE


@pytest.fixture
def newcomer(client, make_user):
    """A practitioner account with no profile yet, logged in."""
    user = make_user(role="practitioner", name="Amelia Smith")
    login(client, user.email)
    return user


def stored_profile(user) -> Practitioner | None:
    return db.session.scalar(select(Practitioner).where(Practitioner.user_id == user.id))


def test_a_new_practitioner_is_invited_to_create_a_profile(client, newcomer):
    page = text_of(client.get("/practice/"))
    assert "Create your profile" in page
    assert 'href="/practice/profile/new"' in page
    assert 'value="Amelia Smith"' in text_of(client.get("/practice/profile/new"))


def test_creating_a_profile(client, newcomer):
    response = submit(client, "/practice/profile/new", {**PROFILE, "languages": "english, Spanish,  English "})
    assert response.location == "/practice/"
    practitioner = stored_profile(newcomer)
    assert (practitioner.slug, practitioner.profession) == ("dr-amelia-smith", "doctor")
    assert practitioner.practising_since == date(2012, 9, 1)
    assert practitioner.languages == "english, Spanish"
    page = text_of(client.get("/practice/"))
    assert "Your profile is created" in page
    assert 'href="/practitioners/dr-amelia-smith"' in page
    assert "Add the clinic where you see patients" in page and "Your profile is 3 of 6 complete" in page


def test_a_second_profile_with_the_same_name_gets_its_own_slug(client, newcomer, make_practitioner):
    make_practitioner(name="Dr Amelia Smith")
    submit(client, "/practice/profile/new", PROFILE)
    assert stored_profile(newcomer).slug == "dr-amelia-smith-2"


@pytest.mark.parametrize("since, message", [
    ((date.today() + timedelta(days=1)).isoformat(), "cannot be in the future"),
    ("1949-12-31", "from 1 January 1950 onwards"),
    ("", "Enter the date you first registered"),
])
def test_the_practising_since_date_is_checked(client, newcomer, since, message):
    page = text_of(submit(client, "/practice/profile/new", {**PROFILE, "practising_since": since}))
    assert message in page
    assert 'aria-describedby="practising_since-hint practising_since-error"' in page
    assert stored_profile(newcomer) is None


def test_a_bio_over_2000_characters_is_refused(client, newcomer):
    page = text_of(submit(client, "/practice/profile/new", {**PROFILE, "bio": "x" * 2001}))
    assert "Keep your bio to 2,000 characters." in page
    assert stored_profile(newcomer) is None


def test_required_fields_are_named(client, newcomer):
    page = text_of(submit(client, "/practice/profile/new", {**PROFILE, "name": " ", "registration_number": ""}))
    assert "Enter your name." in page and "Enter your registration number." in page


def test_a_registration_number_already_claimed_is_refused(client, newcomer, make_practitioner):
    other = make_practitioner()
    page = text_of(submit(client, "/practice/profile/new",
                          {**PROFILE, "registration_body": "gmc", "registration_number": other.registration_number}))
    assert "Another profile already uses this registration number" in page
    assert stored_profile(newcomer) is None


def test_a_practitioner_with_a_profile_is_sent_to_edit_it(client, practitioner):
    assert client.get("/practice/profile/new").location == "/practice/profile"


def test_editing_a_profile_keeps_the_slug(client, practitioner):
    response = submit(client, "/practice/profile", {**PROFILE, "name": "Dr Amelia Jones", "bio": "New bio."})
    assert response.location == "/practice/"
    db.session.refresh(practitioner)
    assert (practitioner.name, practitioner.bio, practitioner.slug) == ("Dr Amelia Jones", "New bio.", "dr-amelia-smith")
    assert "Dr Amelia Jones" in text_of(client.get("/practice/"))


def test_the_edit_form_shows_the_stored_profile(client, practitioner):
    page = text_of(client.get("/practice/profile"))
    assert 'value="Dr Amelia Smith"' in page and 'value="2012-09-01"' in page
    assert '<option selected value="doctor">Doctor</option>' in page


def test_a_profession_that_may_not_offer_a_listed_treatment_is_refused(client, make_practitioner, login_as):
    practitioner = make_practitioner(treatments=("botulinum-toxin", "dermal-filler"))
    login_as(practitioner)
    page = text_of(submit(client, "/practice/profile", {**PROFILE, "profession": "nurse"}))
    assert "A nurse cannot offer Anti-wrinkle injections (botulinum toxin)" in page
    assert 'id="profession-error"' in page
    db.session.refresh(practitioner)
    assert practitioner.profession == "doctor"


def test_a_profession_that_may_offer_every_listed_treatment_is_accepted(client, make_practitioner, login_as):
    practitioner = make_practitioner(treatments=("botulinum-toxin",))
    login_as(practitioner)
    submit(client, "/practice/profile", {**PROFILE, "profession": "nurse_prescriber"})
    db.session.refresh(practitioner)
    assert practitioner.profession == "nurse_prescriber"
