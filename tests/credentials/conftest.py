"""Fixtures for the credential pages: a logged-in practitioner and pending credentials."""
from datetime import date

import pytest

from tests.credentials.factories import credential_factory
from tests.helpers import login

TODAY = date(2030, 6, 15)


@pytest.fixture
def make_pending(app):
    """make_pending(practitioner, **declaration): a pending credential with a stored PDF."""
    return credential_factory(TODAY)


@pytest.fixture
def practitioner(client, make_practitioner):
    """A listed doctor, logged in."""
    practitioner = make_practitioner(name="Dr Amelia Smith", email="amelia@example.com")
    login(client, practitioner.user.email)
    return practitioner


@pytest.fixture
def admin_user(make_user):
    """An admin who reviews credentials."""
    return make_user(role="admin", email="reviewer@verity.example")
