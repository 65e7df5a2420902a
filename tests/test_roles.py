"""Role-protected pages: anonymous users go to log in, the wrong role gets 403."""
import pytest

from tests.helpers import login

PROTECTED = {"/admin/": "admin", "/practice/": "practitioner", "/bookings": "patient"}


@pytest.mark.parametrize("path", PROTECTED)
def test_anonymous_users_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


@pytest.mark.parametrize("path, owner", PROTECTED.items())
@pytest.mark.parametrize("role", ["patient", "practitioner", "admin"])
def test_each_role_reaches_only_its_own_pages(client, make_user, path, owner, role):
    user = make_user(role=role)
    login(client, user.email)
    assert client.get(path).status_code == (200 if role == owner else 403)


def test_forbidden_page_is_friendly(client, make_user):
    user = make_user(role="patient")
    login(client, user.email)
    response = client.get("/admin/")
    assert "Not allowed" in response.get_data(as_text=True)
