"""Once the scheme is in force, an unmet tier requirement stops offering and booking, with the reason (ENG-LICENCE).

The catalogue opens no amber-tier treatment to aesthetic therapists, so these tests put microneedling in the
amber tier (a new dated row, as a law change would) to follow an overseen therapist end to end.
"""
from datetime import date
from html import unescape

import pytest

from core.extensions import db
from licensing import rules, services
from tests.api.problems import problem_of
from tests.booking.helpers import words
from tests.helpers import csrf_token, login, submit, text_of

AMBER_MICRONEEDLING = rules.TierRule("microneedling", "GB-ENG", rules.AMBER, date(2026, 1, 1), "Test regulations")
TODAY = date(2026, 3, 2)


@pytest.fixture
def in_force(app, monkeypatch):
    """England's scheme switched on, with microneedling in the amber tier."""
    monkeypatch.setattr(rules, "TIER_RULES", (*rules.TIER_RULES, AMBER_MICRONEEDLING))
    app.config["LICENSING_IN_FORCE"] = ("GB-ENG",)


@pytest.fixture
def therapist(make_bookable, send_licence, admin):
    """An aesthetic therapist offering microneedling in Manchester, with verified personal and premises licences."""
    target = make_bookable(name="Tia Therapist", profession="aesthetic_therapist")
    for kind, clinic in (("personal", None), ("premises", target.clinic)):
        services.approve(send_licence(target.practitioner, kind=kind, clinic=clinic), admin, date(2027, 3, 31), TODAY)
    db.session.commit()
    return target


def book(client, target, patient):
    """POST /api/v1/bookings as the patient for 3 March 2026 at 09:00 London."""
    login(client, patient.email)
    token = csrf_token(text_of(client.get(f"/practitioners/{target.practitioner.slug}")))
    return client.post("/api/v1/bookings", headers={"X-CSRFToken": token}, json={
        "practitioner_id": target.practitioner.id, "treatment": "microneedling", "clinic": target.clinic.id,
        "starts_at": "2026-03-03T09:00:00+00:00", "patient_name": "Pat Patient"})


def test_not_in_force_the_profile_says_not_required_yet_and_booking_is_open(client, therapist, patient, monkeypatch):
    monkeypatch.setattr(rules, "TIER_RULES", (*rules.TIER_RULES, AMBER_MICRONEEDLING))
    profile = unescape(words(client.get(f"/practitioners/{therapist.practitioner.slug}")))
    assert "Microneedling: amber tier" in profile and "England's licensing scheme is not in force yet" in profile
    assert "A named healthcare professional must oversee it, and accept on Verity (not required yet in England)" \
        in profile
    assert book(client, therapist, patient).status_code == 201


def test_booking_is_refused_with_the_reason_until_the_overseer_accepts(client, in_force, therapist, patient,
                                                                       make_practitioner):
    overseer = make_practitioner(name="Dr Olu Overseer")
    link = services.ask_overseer(therapist.practitioner, overseer.slug, therapist.practitioner.user, TODAY)
    db.session.commit()
    problem = problem_of(book(client, therapist, patient), 403, "refused")
    assert "Under England's cosmetic licensing scheme, now in force, Microneedling is in the amber tier" \
        in problem["detail"]
    assert "a named healthcare professional must oversee it" in problem["detail"]
    confirm = unescape(words(client.get(f"/practitioners/{therapist.practitioner.slug}/book/confirm?"
                                        f"treatment=microneedling&clinic={therapist.clinic.id}"
                                        "&start=2026-03-03T09:00Z")))
    assert "a named healthcare professional must oversee it" in confirm
    login(client, overseer.user.email)
    assert "Tia Therapist" in words(client.get("/practice/licences/"))
    answered = submit(client, f"/practice/licences/oversight/{link.id}", {"accept": "Accept"},
                      page="/practice/licences/")
    assert answered.status_code == 302
    assert book(client, therapist, patient).status_code == 201
    profile = unescape(words(client.get(f"/practitioners/{therapist.practitioner.slug}")))
    assert "✓ Overseen by Dr Olu Overseer" in profile and "✓ Personal licence PL-1 verified until 31 March 2027" \
        in profile


def test_an_overseer_must_be_a_listed_healthcare_professional(client, in_force, therapist, make_bookable):
    other = make_bookable(name="Theo Therapist", profession="aesthetic_therapist")
    login(client, therapist.practitioner.user.email)
    refused = submit(client, "/practice/licences/overseer", {"profile": other.practitioner.slug},
                     page="/practice/licences/")
    assert refused.status_code == 200 and "a listed healthcare professional" in unescape(words(refused))


def test_a_treatment_whose_requirement_is_unmet_cannot_be_offered(client, in_force, make_bookable, catalogue):
    target = make_bookable(name="Dr Unlicensed")
    login(client, target.practitioner.user.email)
    refused = submit(client, "/practice/treatments/new", {
        "treatment": catalogue["dermal-filler"].id, "price": "200", "duration_minutes": "30"})
    page = unescape(words(refused))
    assert refused.status_code == 200 and "You cannot offer this at" in page
    assert "and here: no verified personal licence; no verified premises licence for Piccadilly Clinic." in page


def test_search_and_the_profile_never_show_a_barred_treatment_as_bookable(client, in_force, therapist):
    hit = client.get("/api/v1/practitioners", query_string={"lat": therapist.clinic.lat,
                                                           "lon": therapist.clinic.lon}).json["results"][0]
    assert hit["bookable"] is False and hit["next_available"] is None
    assert "a named healthcare professional must oversee it" in hit["not_bookable_reason"]
    profile = unescape(words(client.get(f"/practitioners/{therapist.practitioner.slug}")))
    assert "now in force, Microneedling is in the amber tier" in profile and "Next free for" not in profile


def test_red_tier_needs_a_healthcare_professional_and_a_verified_cqc_registration(app, make_bookable, send_licence,
                                                                                  admin, monkeypatch):
    from licensing.standing import standing
    monkeypatch.setattr(rules, "TIER_RULES", (rules.TierRule("microneedling", "GB-ENG", rules.RED, date(2026, 1, 1),
                                                             "Test regulations"),))
    app.config["LICENSING_IN_FORCE"] = ("GB-ENG",)
    doctor, therapist = make_bookable(name="Dr Red"), make_bookable(name="Tam Red", profession="aesthetic_therapist")
    before = standing(doctor.practitioner, doctor.clinic, doctor.offering.treatment, TODAY)
    assert before.reason.endswith("and here: no verified CQC registration for Piccadilly Clinic.")
    cqc = send_licence(doctor.practitioner, kind="cqc", clinic=doctor.clinic, number="1-101234567", expires_on=None)
    services.approve(cqc, admin, None, TODAY)
    after = standing(doctor.practitioner, doctor.clinic, doctor.offering.treatment, TODAY)
    assert after.reason is None and [r.words for r in after.requirements] == [
        "Done by a regulated healthcare professional", "CQC registration 1-101234567 verified"]
    assert "only a regulated healthcare professional may do it" in standing(
        therapist.practitioner, therapist.clinic, therapist.offering.treatment, TODAY).reason


def test_a_booking_cannot_be_moved_while_its_treatment_is_barred(client, therapist, patient, add_booking, app,
                                                                 monkeypatch):
    from tests.booking.helpers import at
    booking = add_booking(therapist, patient, at("Europe/London", 2026, 3, 3, 9))
    monkeypatch.setattr(rules, "TIER_RULES", (*rules.TIER_RULES, AMBER_MICRONEEDLING))
    app.config["LICENSING_IN_FORCE"] = ("GB-ENG",)
    login(client, patient.email)
    token = csrf_token(text_of(client.get(f"/practitioners/{therapist.practitioner.slug}")))
    moved = client.post(f"/api/v1/bookings/{booking.id}/reschedule", headers={"X-CSRFToken": token},
                        json={"starts_at": "2026-03-04T09:00:00+00:00"})
    assert "a named healthcare professional must oversee it" in problem_of(moved, 403, "refused")["detail"]
