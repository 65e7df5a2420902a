"""Fixtures for the admin pages: an admin, a logged-in admin client, and pending credentials."""
from datetime import date

import pytest

from tests.credentials.factories import credential_factory
from tests.helpers import login

TODAY = date(2030, 6, 15)


@pytest.fixture
def admin(make_user):
    """An admin account."""
    return make_user(role="admin", email="admin@verity.example", name="Ada Admin")


@pytest.fixture
def as_admin(client, admin):
    """The client, logged in as the admin."""
    login(client, admin.email)
    return client


@pytest.fixture
def make_pending(app):
    """make_pending(practitioner, **declaration): a pending credential with a stored PDF."""
    return credential_factory(TODAY)
