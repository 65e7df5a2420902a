"""Rendering pages that show health answers: never cached, and the answers as question-and-answer rows."""
from __future__ import annotations

from flask import make_response, render_template

from intake.questions import QUESTIONS

UNREADABLE_STATUS = 503  # the server is set up with the wrong key: nothing the reader did, and nothing changed


def private(template: str, status: int = 200, **context):
    """A page with health answers on it: not stored by the browser or any cache, not indexed."""
    response = make_response(render_template(template, **context), status)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def rows(data: dict | None) -> list[tuple]:
    """(question, 'Yes' or 'No', details) for each question, in the order asked."""
    answers = (data or {}).get("answers", {})
    return [(q, "Yes" if answers.get(q.key, {}).get("answer") == "yes" else "No",
             answers.get(q.key, {}).get("detail", "")) for q in QUESTIONS if q.key in answers]
