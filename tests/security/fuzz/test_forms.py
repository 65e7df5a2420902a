"""Fuzzing the main forms: accounts, the practice pages, exosome declarations and an admin's reason.

Whatever is typed, a form either redirects, having stored what was submitted (cleaned), or shows
the form again with a message beside the field (or above the form); a refusal writes no row.
Never a 500. The booking forms (opening hours, booking a slot) are in test_booking_forms.py.
"""
import re
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select

from accounts.models import User
from accounts.services import find_user
from audit.models import AuditEvent
from compliance.models import ExosomeDeclaration
from credentials.models import Credential
from directory.models import Clinic, Offering, Practitioner, Treatment
from core.extensions import db
from directory.clinics import normalise_postcode
from directory.offerings import parse_money
from tests.credentials.factories import credential_factory
from tests.security.fuzz import fuzz
from tests.security.fuzz.forms import answered, count, forms, holds_nul, tidy
from tests.helpers import TEST_PASSWORD, login, submit


@pytest.fixture
def browser(app, client):
    """Return browser() -> a new client with its own cookies (the `client` fixture sets their class)."""
    return app.test_client


@fuzz(60)
@given(form=forms(name=["Ann Lee", " Dr  Ann\tLee ", "Zoë Ångström"], email=st.one_of(st.emails(), st.just(
    " Pat@Example.com ")), password=[TEST_PASSWORD, "password", "Ann's long passphrase"],
    role=["patient", "practitioner"]), same=st.booleans())
@example(form={"name": "Ann\x00", "email": "ann@example.com", "password": TEST_PASSWORD, "role": "patient"}, same=True)
def test_registration(browser, patient, form, same):
    """POST /register: an account with the cleaned email and name, or a message and no account."""
    before = count(User)
    data = {**form, "confirm": form["password"] if same else form["password"] + "!"}
    if not answered(submit(browser(), "/register", data), data):
        assert count(User) == before
        return
    user = find_user(form["email"])
    assert count(User) == before + 1 and user.email == form["email"].strip().lower()
    assert (user.name, user.role) == (form["name"].strip(), form["role"])
    assert form["role"] in ("patient", "practitioner")
    assert same and user.check_password(form["password"])


def lands_on_this_site(location: str) -> bool:
    """Whether a browser following this Location stays on the site (it drops tabs and newlines, reads \\ as /)."""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").lstrip("".join(map(chr, range(33))))
    return urlsplit(urljoin("http://verity.test/login", cleaned)).netloc == "verity.test"


@fuzz(60)
@given(form=forms(email=["pat@example.com", " PAT@example.com "], password=[TEST_PASSWORD], remember=["", "y"],
                  next=st.one_of(st.sampled_from(["", "/bookings", "//evil.example", "/\\evil.example",
                                                  "/\t/evil.example", "https://evil.example", "\\\\evil.example",
                                                  "javascript:alert(1)", " /x", "/%2F/evil.example"]),
                                 st.text(alphabet="/\\:.@ \t\nevil%x", max_size=12))))
@example(form={"email": "pat@example.com", "password": TEST_PASSWORD, "remember": "y", "next": "/\t/evil.example"})
@example(form={"email": "pat\x00@example.com", "password": TEST_PASSWORD, "remember": "", "next": ""})
def test_login(browser, patient, form):
    """POST /login: in only with the right password, and sent back only to a page of this site."""
    response = submit(browser(), "/login", form)
    right = form["email"].strip().lower() == "pat@example.com" and form["password"] == TEST_PASSWORD
    if answered(response, form):
        assert right and lands_on_this_site(response.location), response.location
    else:  # browsers trim an email input; a spaced one sent by hand is refused as not an email
        assert not right or form["email"] != form["email"].strip() or holds_nul(form)


@fuzz(60)
@given(form=forms(name=["Dr Ada Hart", " Dr  Ada   Hart-Jones "], profession=["doctor", "nurse", "surgeon",
                  "aesthetic_therapist"], registration_body=["GMC", "NMC", " Texas  Medical Board "],
                  registration_number=["7123456", " 7123 456 ", "tx-12"], practising_since=["2012-09-01", "1950-01-01"],
                  bio=["", "Ten years of aesthetic practice.\r\nIn Manchester. "],
                  languages=["English", "english, French,, French "]))
@example(form={"name": "Dr Ada\x00", "profession": "doctor", "registration_body": "GMC",
               "registration_number": "7123456", "practising_since": "2012-09-01", "bio": "", "languages": "English"})
def test_practice_profile(client, practitioner, form):
    """POST /practice/profile: the tidied profile is stored, or nothing changes."""
    fields = ("name", "profession", "registration_body", "registration_number", "practising_since", "bio", "languages")
    snapshot = lambda p: tuple(getattr(p, f) for f in fields)  # noqa: E731
    old, events = snapshot(db.session.get(Practitioner, practitioner.id)), count(AuditEvent)
    accepted = answered(submit(client, "/practice/profile", form), form)
    db.session.expire_all()
    stored = db.session.get(Practitioner, practitioner.id)
    if not accepted:
        assert snapshot(stored) == old and count(AuditEvent) == events
        return
    assert (stored.name, stored.profession, stored.registration_body, stored.bio) == (
        tidy(form["name"]), form["profession"], tidy(form["registration_body"]), form["bio"].strip())
    assert stored.registration_number == "".join(form["registration_number"].split()).upper()
    assert stored.practising_since == datetime.strptime(form["practising_since"], "%Y-%m-%d").date()


ADDRESSES = [("Manchester", "GB", "m11ae", ("53.4794", "-2.2453")), ("Leeds", "GB", "LS1 5HD", ("", "")),
             ("Beverly Hills", "US", "90210", ("34.0901", "-118.4065")), ("New York", "US", "10022-1234", ("", ""))]


@fuzz(60)
@given(form=forms(name=["Hart Aesthetics", " Hart   Leeds "], address=["", "1 Portland Street "],
                  place=ADDRESSES, blurb=["", "Step-free access. "]))
@example(form={"name": "Hart\x00", "address": "", "place": ADDRESSES[0], "blurb": ""})
def test_clinic(client, practitioner, form):
    """POST /practice/clinics/new: a clinic with the tidied address and a pin in its country, or no row."""
    place = form["place"] if isinstance(form["place"], tuple) else (form["place"], "GB", form["place"], ("", ""))
    city, country, postcode, (lat, lon) = place
    before = count(Clinic)
    data = {"name": form["name"], "address": form["address"], "city": city, "country": country, "postcode": postcode,
            "blurb": form["blurb"], "pin_lat": lat, "pin_lon": lon}
    if not answered(submit(client, "/practice/clinics/new", data), data):
        assert count(Clinic) == before
        return
    clinic = db.session.scalar(select(Clinic).order_by(Clinic.id.desc()).limit(1))
    assert count(Clinic) == before + 1
    assert (clinic.name, clinic.city, clinic.country) == (tidy(form["name"]), tidy(city), country)
    assert (clinic.address, clinic.blurb) == (form["address"].strip(), form["blurb"].strip())
    assert clinic.postcode == normalise_postcode(postcode, country)
    assert clinic.time_zone.startswith("Europe/London" if country == "GB" else ("America/", "Pacific/"))


@fuzz(60)
@given(form=forms(treatment=["chemical-peel", "prp", "botulinum-toxin", "facelift", "dermal-filler"],
                  price=["250", "250.5", "£1,250.00", "99.99", "100000.00"], duration_minutes=["45", "5", "480"],
                  description=["", "Includes a review appointment. "]))
@example(form={"treatment": "chemical-peel", "price": "250", "duration_minutes": "45", "description": "Peel\x00"})
def test_offering(client, practitioner, form):
    """POST /practice/treatments/new: the treatment at the price and length typed, or no row."""
    ids = dict(db.session.execute(select(Treatment.slug, Treatment.id)).all())
    before = count(Offering)
    data = {**form, "treatment": str(ids.get(form["treatment"], form["treatment"]))}
    if not answered(submit(client, "/practice/treatments/new", data), data):
        assert count(Offering) == before
        return
    offering = db.session.scalar(select(Offering).order_by(Offering.id.desc()).limit(1))
    assert offering.treatment.slug == form["treatment"]
    assert offering.price_from_minor == parse_money(form["price"], "GBP")
    assert offering.duration_minutes == int(form["duration_minutes"])
    assert offering.description == form["description"].strip()
    db.session.delete(offering)  # so the next example can list the same treatment again
    db.session.commit()


PRODUCT = {"name": "Rose Vesicle Serum ", "supplier": "Petal Labs", "source": "plant", "route": "topical",
           "coa_keep": ""}
products = st.lists(forms(**{name: [value] for name, value in PRODUCT.items()}), max_size=3)


@fuzz(60)
@given(form=forms(uses_exosomes=["yes", "no"], attested=["y"], statement=["", "A soothing serum. "]), products=products)
@example(form={"uses_exosomes": "yes", "attested": "y", "statement": ""}, products=[{**PRODUCT, "name": "Rose\x00"}])
@example(form={"uses_exosomes": "yes", "attested": "y", "statement": ""}, products=[{**PRODUCT, "coa_keep": "²"}])
@example(form={"uses_exosomes": "yes", "attested": "y", "statement": ""},
         products=[{**PRODUCT, "coa_keep": "99999999999999999999"}])
def test_declaration(client, practitioner, form, products):
    """POST /practice/exosomes/declare: a new declaration with the products typed, or none."""
    before = count(ExosomeDeclaration)
    data = dict(form)
    for n, product in enumerate(products):
        data.update({f"products-{n}-{name}": value for name, value in product.items()})
    if not answered(submit(client, "/practice/exosomes/declare", data), data):
        assert count(ExosomeDeclaration) == before
        return
    declaration = db.session.scalar(select(ExosomeDeclaration).order_by(ExosomeDeclaration.id.desc()).limit(1))
    assert count(ExosomeDeclaration) == before + 1 and declaration.uses_exosomes == (form["uses_exosomes"] == "yes")
    typed_in = [p for p in products if any(p[k].strip() for k in ("name", "supplier", "source", "route"))]
    assert [p.name for p in declaration.products] == ([p["name"].strip() for p in typed_in] if declaration.uses_exosomes
                                                      else [])


@pytest.fixture
def as_admin(client, make_user):
    """An admin, logged in on `client`."""
    admin = make_user(role="admin", email="admin@example.com")
    login(client, admin.email)
    return admin


@fuzz(20)  # every admin form is also fuzzed field by field in test_every_input.py
@given(form=forms(reason=["The register shows no such number.", " Expired on the register.\r\n "]))
@example(form={"reason": "Not on the register\x00"})
@example(form={"reason": " " * 9 + "x"})
def test_admin_rejection_reason(client, as_admin, make_practitioner, form):
    """POST /admin/credentials/<id>/reject: rejected with the reason typed (trimmed), or still pending."""
    credential = credential_factory(date(2030, 6, 15))(make_practitioner(verified=False))
    page, events = f"/admin/credentials/{credential.id}", count(AuditEvent)
    accepted = answered(submit(client, f"{page}/reject", form, page=page), form)
    db.session.expire_all()
    credential = db.session.get(Credential, credential.id)
    if accepted:
        assert (credential.status, credential.rejection_reason) == ("rejected", form["reason"].strip())
    else:
        assert credential.status == "pending" and count(AuditEvent) == events
