"""The security baseline: headers, CSRF, error pages and JSON errors."""
import pytest

from tests.api.problems import problem_of
from tests.helpers import login, text_of

PUBLIC_PAGES = ["/", "/search", "/login", "/register", "/forgot-password", "/about/verification", "/nope"]


@pytest.mark.parametrize("path", PUBLIC_PAGES + ["/api/v1/nope", "/static/css/site.css"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_when_served_over_https(client):
    response = client.get("/", base_url="https://verity.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_post_without_csrf_token_is_refused_with_a_friendly_page(client, make_user):
    make_user(email="pat@example.com")
    response = client.post("/login", data={"email": "pat@example.com", "password": "correct horse battery staple"})
    assert response.status_code == 400
    assert "Your form expired" in text_of(response)
    assert "Log out" not in text_of(client.get("/"))


def test_logout_is_post_only(client, make_user):
    make_user(email="pat@example.com")
    login(client, "pat@example.com")
    assert client.get("/logout").status_code == 405
    assert "Log out" in text_of(client.get("/"))


def test_session_cookie_flags(client, make_user):
    make_user(email="pat@example.com")
    response = login(client, "pat@example.com")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_not_found_page_is_friendly(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in text_of(response) and "Go to the home page" in text_of(response)


def test_api_errors_are_problem_documents(client):
    problem = problem_of(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert "not found on the server" in problem["detail"]


def test_oversized_request_gets_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "File too large" in text_of(response)


def test_unexpected_error_gets_500_page_without_details(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom():
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/v1/boom", "api_boom", boom)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in text_of(response) and "secret internals" not in text_of(response)
    api = client.get("/api/v1/boom")
    assert problem_of(api, 500, "internal_server_error")["detail"].startswith("Something went wrong on our side.")
    assert "secret internals" not in text_of(api)


@pytest.mark.parametrize("path", ["/practice/clinics/99999999999999999999", "/admin/credentials/99999999999999999999",
                                  "/bookings/99999999999999999999"])
def test_ids_too_long_for_the_database_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_an_audit_filter_too_long_for_the_database_is_explained(client, make_user):
    login(client, make_user(role="admin", email="admin@example.com").email)
    response = client.get("/admin/audit?practitioner_id=99999999999999999999")
    assert response.status_code == 200 and "Number must be between 1 and" in text_of(response)
