"""A practitioner not listed yet previews their profile with what is missing; everyone else still gets a 404."""
import re
from datetime import date

import pytest

from core.extensions import db
from credentials.models import Credential
from directory import services
from tests.helpers import login, text_of


def public_profile_link(client) -> str:
    """The "View your public profile" link on the practitioner's dashboard."""
    page = text_of(client.get("/practice/"))
    return re.search(r'<a [^>]*href="([^"]+)"[^>]*>View your public profile</a>', page).group(1)


@pytest.fixture
def awaiting(make_practitioner):
    """Dr Pending: a profile and a clinic, the registration uploaded but not yet verified."""
    practitioner = make_practitioner(name="Dr Pending", verified=False)
    practitioner.credentials.append(Credential(kind="registration", issuer="GMC", number="7654321",
                                               issued_on=date(2015, 3, 1), status="pending"))
    db.session.commit()
    return practitioner


def test_a_practitioner_awaiting_verification_previews_their_profile(client, awaiting):
    login(client, awaiting.user.email)
    link = public_profile_link(client)
    assert link == f"/practitioners/{awaiting.slug}"
    response = client.get(link)
    page = text_of(response)
    assert response.status_code == 200
    assert "Not public yet:</strong>\n    your registration is awaiting verification by our team." in page
    assert "Dr Pending" in page and "Dermal fillers" in page
    assert "Registration verified" not in page and "Book an appointment" not in page
    assert '<meta name="robots" content="noindex">' in page and "application/ld+json" not in page
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("viewer", [None, "patient", "practitioner"])
def test_everyone_else_still_gets_a_404(client, awaiting, make_user, make_practitioner, viewer):
    if viewer == "practitioner":
        login(client, make_practitioner(name="Dr Other").user.email)
    elif viewer:
        login(client, make_user(role=viewer).email)
    assert client.get(f"/practitioners/{awaiting.slug}").status_code == 404


def test_an_admin_sees_the_preview(client, awaiting, make_user):
    login(client, make_user(role="admin").email)
    page = text_of(client.get(f"/practitioners/{awaiting.slug}"))
    assert "Not public yet:" in page and "only Dr Pending and Verity" in page


def test_a_suspended_practitioner_sees_why(app, client, make_practitioner, make_user):
    practitioner = make_practitioner(name="Dr Paused")
    services.suspend(practitioner, make_user(role="admin"), "Your insurance certificate has lapsed.")
    db.session.commit()
    login(client, practitioner.user.email)
    page = text_of(client.get(public_profile_link(client)))
    assert "suspended: Your insurance certificate has lapsed." in page
    assert "Registration verified" in page  # true: the registration itself is still verified
    anyone = app.test_client()
    assert anyone.get(f"/practitioners/{practitioner.slug}").status_code == 404


def test_an_expired_registration_and_no_clinic_are_named(client, make_practitioner):
    practitioner = make_practitioner(name="Dr Lapsed", registration_expires=date(2020, 1, 31))
    practitioner.clinics.clear()
    db.session.commit()
    login(client, practitioner.user.email)
    page = text_of(client.get(f"/practitioners/{practitioner.slug}"))
    assert "your registration expired on 31 January 2020: upload your renewed registration; " \
           "you have not added a clinic yet." in page


def test_a_listed_practitioner_sees_the_public_page_without_a_banner(client, make_practitioner):
    practitioner = make_practitioner(name="Dr Listed", registration_expires=date(2099, 1, 1))
    login(client, practitioner.user.email)
    response = client.get(public_profile_link(client))
    page = text_of(response)
    assert response.status_code == 200 and "Not public yet" not in page and "Registration verified" in page
    assert "X-Robots-Tag" not in response.headers
