"""Friendly error pages, and RFC 9457 problem documents on API routes."""
from flask import current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from core.refusal import problem

MESSAGES = {
    400: ("Bad request", "We could not understand that request. Please check what you entered and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Page not found", "We could not find that page. It may have moved, or the link may be mistyped."),
    405: ("Not allowed", "That action is not available here."),
    413: ("File too large", "That upload is larger than we accept. Please choose a smaller file."),
    429: ("Too many attempts", "You have tried this too many times. Please wait a minute and try again."),
    500: ("Something went wrong", "Something went wrong on our side. It has been logged; please try again."),
}
CSRF_FAILED = "csrf_failed"
CSRF_MESSAGE = "Your form expired or was sent from elsewhere. Please reload the page and try again."


def code_of(status: int) -> str:
    """The snake_case code of an HTTP status, from its standard phrase: 404 is not_found."""
    return HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_").replace("'", "")


# Every code an HTTP error on an API route can carry (the OpenAPI document's enum includes them).
CODES = (*(code_of(status) for status in MESSAGES), CSRF_FAILED)


def wants_json() -> bool:
    """Return True when the request is for the JSON API."""
    return request.path.startswith("/api/")


def api_problem(error: HTTPException, status: int):
    """An HTTP error on an API route as a problem document; a 500 never shows its description."""
    detail = MESSAGES[500][1] if status == 500 else error.description
    code = CSRF_FAILED if isinstance(error, CSRFError) else code_of(status)
    return problem(status, code, HTTP_STATUS_CODES.get(status, "Error"), detail)


def handle_http_error(error: HTTPException):
    """Render an HTTP error as a page or as a problem document."""
    status = error.code or 500
    if wants_json():
        return api_problem(error, status)
    title, message = MESSAGES.get(status, (error.name, error.description))
    if isinstance(error, CSRFError):
        message = CSRF_MESSAGE
    return render_template("errors/error.html", status=status, title=title, message=message), status


def handle_unexpected(error: Exception):
    """Log an unexpected error and answer 500 without leaking details."""
    current_app.logger.exception("Unhandled error: %s", error)
    return handle_http_error(InternalServerError())


def install(app):
    """Register the handlers on the app."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
