"""Fixtures for compliance: clinics in both countries, declarations built through the services, evidence files."""
import io
from datetime import datetime, timezone

import pytest
from werkzeug.datastructures import FileStorage

from compliance import services
from core.extensions import db

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=timezone.utc)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LONDON = {"name": "Harley Skin", "city": "London", "postcode": "W1G 9PF", "country": "GB", "lat": 51.5206,
          "lon": -0.1477, "time_zone": "Europe/London"}
BEVERLY_HILLS = {"name": "Rodeo Skin", "city": "Beverly Hills", "postcode": "90210", "country": "US",
                 "lat": 34.0901, "lon": -118.4065, "time_zone": "America/Los_Angeles"}
ROSE_SERUM = {"name": "Rose Vesicle Serum", "supplier": "Petal Labs", "source": "plant", "route": "topical"}


def pdf_upload(name="coa.pdf", data=PDF) -> FileStorage:
    """An uploaded file as a form or service receives it."""
    return FileStorage(io.BytesIO(data), filename=name, content_type="application/pdf")


@pytest.fixture
def uk_practitioner(make_practitioner):
    """A listed doctor with one London clinic."""
    return make_practitioner(name="Dr Una King", clinics=[LONDON])


@pytest.fixture
def us_practitioner(make_practitioner):
    """A listed doctor with one Beverly Hills clinic."""
    return make_practitioner(name="Dr Sam Ortiz", clinics=[BEVERLY_HILLS])


@pytest.fixture
def both_practitioner(make_practitioner):
    """A listed doctor with a clinic in London and one in Beverly Hills."""
    return make_practitioner(name="Dr Bo Atlantic", clinics=[LONDON, BEVERLY_HILLS])


@pytest.fixture
def admin(make_user):
    """An admin account."""
    return make_user(role="admin", email="admin@example.com")


@pytest.fixture
def declare(app):
    """Return declare(practitioner, *products, evidence=True, attested=True, now=NOW) -> stored declaration.

    Each product is a dict like ROSE_SERUM; with evidence, a COA and test results are uploaded for it.
    No products declares no exosome use.
    """

    def factory(practitioner, *products, evidence=True, attested=True, now=NOW, statement=""):
        inputs = []
        for product in products:
            documents = {}
            if evidence:
                documents = {kind: services.store_evidence(practitioner, kind, pdf_upload(f"{kind}.pdf"))
                             for kind in ("coa", "tests")}
            inputs.append(services.ProductInput(**{**ROSE_SERUM, **product}, **documents))
        data = services.DeclarationInput(bool(products), inputs, attested=attested, statement=statement)
        declaration = services.declare(practitioner, data, practitioner.user, now)
        db.session.commit()
        return declaration

    return factory
