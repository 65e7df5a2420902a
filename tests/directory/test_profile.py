"""Public profile pages: clean URL, what is verified, JSON-LD."""
import json
import re
from datetime import date, timedelta

from core.extensions import db
from tests.helpers import text_of


def jsonld(page: str) -> dict:
    """The JSON-LD block of a page."""
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_profile_shows_verified_credentials_and_jsonld(client, make_practitioner):
    practitioner = make_practitioner(name="Dr Amelia Stone", bio="Calm, careful consultations.")
    response = client.get(f"/practitioners/{practitioner.slug}")
    assert response.status_code == 200 and practitioner.slug == "dr-amelia-stone"
    page = text_of(response)
    expires = practitioner.credentials[0].expires_on
    assert "Verified by Verity on" in page and f"expires {expires.day} {expires:%B %Y}" in page
    data = jsonld(page)
    assert data["@type"] == "Physician" and data["name"] == "Dr Amelia Stone"
    assert data["geo"]["latitude"] == 53.4794 and data["address"]["postalCode"] == "M1 1AE"


def test_nurse_profile_is_a_medical_business(client, make_practitioner):
    practitioner = make_practitioner(name="Nina Nurse", profession="nurse", treatments=("chemical-peel",))
    assert jsonld(text_of(client.get(f"/practitioners/{practitioner.slug}")))["@type"] == "MedicalBusiness"


def test_pending_credentials_are_never_shown_as_verified(client, make_practitioner):
    from credentials.models import Credential

    practitioner = make_practitioner()
    practitioner.credentials.append(Credential(kind="training", issuer="Harley Academy", number="PENDING-1",
                                               status="pending"))
    db.session.commit()
    page = text_of(client.get(f"/practitioners/{practitioner.slug}"))
    assert "PENDING-1" not in page


def test_unlisted_practitioners_have_no_public_profile(client, make_practitioner):
    unverified = make_practitioner(verified=False)
    expired = make_practitioner(registration_expires=date.today() - timedelta(days=1))
    assert client.get(f"/practitioners/{unverified.slug}").status_code == 404
    assert client.get(f"/practitioners/{expired.slug}").status_code == 404
    assert client.get("/practitioners/no-such-person").status_code == 404
