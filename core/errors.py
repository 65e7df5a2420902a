"""Friendly error pages, and JSON errors on API routes."""
from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: ("Bad request", "We could not understand that request. Please check what you entered and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Page not found", "We could not find that page. It may have moved, or the link may be mistyped."),
    405: ("Not allowed", "That action is not available here."),
    413: ("File too large", "That upload is larger than we accept. Please choose a smaller file."),
    429: ("Too many attempts", "You have tried this too many times. Please wait a minute and try again."),
    500: ("Something went wrong", "Something went wrong on our side. It has been logged; please try again."),
}


def wants_json() -> bool:
    """Return True when the request is for the JSON API."""
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, **extra):
    """Build the API's error body: {"error": {"code", "message", ...}}."""
    body = {"error": {"code": code, "message": message, **extra}}
    return jsonify(body), status


def _code_name(error: HTTPException) -> str:
    """Return a snake_case code for an HTTP error, such as not_found."""
    return (error.name or "error").lower().replace(" ", "_").replace("'", "")


def handle_http_error(error: HTTPException):
    """Render an HTTP error as a page or as JSON."""
    status = error.code or 500
    title, message = MESSAGES.get(status, (error.name, error.description))
    if isinstance(error, CSRFError):
        message = "Your form expired or was sent from elsewhere. Please reload the page and try again."
    if wants_json():
        detail = error.description if status not in (500,) else message
        return json_error(status, _code_name(error), detail)
    return render_template("errors/error.html", status=status, title=title, message=message), status


def handle_unexpected(error: Exception):
    """Log an unexpected error and answer 500 without leaking details."""
    from flask import current_app

    current_app.logger.exception("Unhandled error: %s", error)
    return handle_http_error(InternalServerError())


def install(app):
    """Register the handlers on the app."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
