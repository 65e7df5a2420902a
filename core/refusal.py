"""One refusal: what every service raises when the rules say no, and how each screen shows it.

A service raises `Refusal(code, message, field=...)`. A form view puts it on the field
(`put_on_form`), a JSON view answers an RFC 9457 problem document (`problem_response`), a
command prints it (`as_click_error`). The code is stable and machine-readable; the message is
for the person.
"""
from flask import jsonify
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_TYPE = "application/problem+json"


class Refusal(ValueError):
    """The rules refuse a request: a stable code, a message for the person, the field concerned."""

    status = 422

    def __init__(self, code: str, message: str, field: str | None = None, status: int | None = None, **extra):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field
        if status is not None:
            self.status = status
        self.extra = extra

    def __str__(self) -> str:
        return self.message


def put_on_form(form, refusal: Refusal) -> None:
    """Show a refusal on the form field it names, or above the form when it names none."""
    field = form._fields.get(refusal.field) if refusal.field else None
    if field is not None:
        field.errors = [*field.errors, refusal.message] if isinstance(field.errors, list) else [refusal.message]
    else:
        form.form_errors.append(refusal.message)


def problem(status: int, code: str, title: str, detail: str, field: str | None = None, **extra):
    """An RFC 9457 problem document response, with Verity's `code` and `field` members."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "code": code, "field": field, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_TYPE
    return response


def problem_response(refusal: Refusal):
    """Answer a refusal as a problem document, titled with its status's phrase as RFC 9457 asks for about:blank."""
    return problem(refusal.status, refusal.code, HTTP_STATUS_CODES[refusal.status], refusal.message, refusal.field,
                   **refusal.extra)


def as_click_error(refusal: Refusal):
    """A command-line error that prints the refusal's message."""
    import click

    return click.ClickException(refusal.message)
