"""Answers and URLs for the intake tests."""
from sqlalchemy import select

from core.extensions import db
from intake.models import HealthAnswers
from intake.questions import QUESTIONS

SECRET = "penicillin makes my throat swell"


def form_data(**yes) -> dict:
    """The questionnaire as posted: 'no' to everything except the keys given, answered yes with that detail."""
    data = {}
    for q in QUESTIONS:
        data[q.key] = "yes" if q.key in yes else "no"
        data[f"{q.key}_detail"] = yes.get(q.key, "")
    return data


def answers(**yes) -> dict:
    """The same, in intake.services' shape."""
    data = form_data(**yes)
    return {q.key: {"answer": data[q.key], "detail": data[f"{q.key}_detail"]} for q in QUESTIONS}


def stored() -> list[HealthAnswers]:
    """Every stored set of answers, oldest first."""
    db.session.commit()
    return list(db.session.scalars(select(HealthAnswers).order_by(HealthAnswers.id)))


def confirm_url(target, start="2026-03-03T09:00Z") -> str:
    """The confirm page of one slot."""
    return (f"/practitioners/{target.practitioner.slug}/book/confirm?treatment={target.offering.treatment.slug}"
            f"&clinic={target.clinic.id}&start={start}")


def health_url(target, start="2026-03-03T09:00Z") -> str:
    """The health questions before booking that slot."""
    return confirm_url(target, start).replace("/book/confirm?", "/book/health?")
