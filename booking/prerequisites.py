"""Steps a domain above booking asks of a patient before a booking is made, without booking importing it.

Floors only point down, so booking cannot call intake (the health questions). Instead intake
registers a `Prerequisite` on the app when it starts (`register`), and booking asks every
registered one what is still to do before it books (`pending`, shown on the confirm page and
refused by `booking.services.book`) and tells each one once the booking row exists (`attach`),
in the same transaction.

A domain whose rule depends on the appointment itself (where and when: the age rules of eligibility/)
registers a `Restriction` instead (`restrict`): booking asks it on the confirm page (`visit_steps`) and
inside `book` and `reschedule` (`check_visit`); it names a step still to do, or raises a Refusal when
the appointment may not be had at all.

A domain whose rule bars a treatment at a clinic for everyone (licensing/: a tier's requirement not met)
registers a `Barrier` (`bar`): booking.queries.requirements asks it first, before the prescriber step,
so the slot page, the confirm page, search's next free times, the API and `book` all give its reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask import current_app

from core.refusal import Refusal

EXTENSION = "booking_prerequisites"
RESTRICTIONS = "booking_restrictions"
BARRIERS = "booking_barriers"


@dataclass(frozen=True)
class Step:
    """Something the patient must do before booking: why, and where to do it."""

    code: str  # the refusal's code when the patient books without it
    title: str
    message: str
    url: str
    label: str  # the link's words


class Prerequisite(Protocol):
    """What a domain registers: the step still to do (or None), and what to do once the booking exists."""

    def pending(self, patient, offering, now: datetime, choice: dict) -> Step | None:
        """The step this patient has still to do before booking this offering; `choice` names the slot chosen."""

    def attach(self, booking, now: datetime) -> None:
        """Link what the patient did to the booking just made (its id is set); inside book()'s transaction."""


def register(app, name: str, prerequisite: Prerequisite) -> None:
    """Add a prerequisite to this app (once per name)."""
    app.extensions.setdefault(EXTENSION, {})[name] = prerequisite


def _registered() -> list[Prerequisite]:
    """This app's prerequisites, in the order they were registered."""
    return list(current_app.extensions.get(EXTENSION, {}).values())


def pending(patient, offering, now: datetime, choice: dict | None = None) -> list[Step]:
    """Every step the patient has still to do before booking the offering."""
    steps = (p.pending(patient, offering, now, choice or {}) for p in _registered())
    return [step for step in steps if step is not None]


def check(patient, offering, now: datetime, choice: dict | None = None) -> None:
    """Refuse the booking while a step is still to do."""
    for step in pending(patient, offering, now, choice):
        raise Refusal(step.code, step.message, status=409)


def attach(booking, now: datetime) -> None:
    """Tell every prerequisite that the booking is made."""
    for prerequisite in _registered():
        prerequisite.attach(booking, now)


class Restriction(Protocol):
    """What a domain registers to judge one appointment: a step still to do, or a Refusal raised."""

    def step(self, patient, offering, clinic, starts_at: datetime, choice: dict) -> Step | None:
        """The step still to do before this appointment (or None); raises Refusal when it may not be had at all."""


def restrict(app, name: str, restriction: Restriction) -> None:
    """Add a restriction to this app (once per name)."""
    app.extensions.setdefault(RESTRICTIONS, {})[name] = restriction


def visit_steps(patient, offering, clinic, starts_at: datetime, choice: dict | None = None) -> list[Step]:
    """Every step still to do before this appointment; raises the first Refusal of a restriction."""
    restrictions = current_app.extensions.get(RESTRICTIONS, {}).values()
    steps = (r.step(patient, offering, clinic, starts_at, choice or {}) for r in restrictions)
    return [step for step in steps if step is not None]


def check_visit(patient, offering, clinic, starts_at: datetime) -> None:
    """Refuse an appointment a restriction forbids, or one with a step still to do."""
    for step in visit_steps(patient, offering, clinic, starts_at):
        raise Refusal(step.code, step.message, status=409)


class Barrier(Protocol):
    """What a domain registers to bar a treatment at a clinic for every patient: the reason, or None."""

    def reason(self, offering, clinic, now: datetime) -> str | None:
        """Why nobody can book this offering at this clinic now, in words, or None."""


def bar(app, name: str, barrier: Barrier) -> None:
    """Add a barrier to this app (once per name)."""
    app.extensions.setdefault(BARRIERS, {})[name] = barrier


def barred(offering, clinic, now: datetime) -> str | None:
    """The first registered barrier's reason this offering cannot be booked at this clinic, or None."""
    for barrier in current_app.extensions.get(BARRIERS, {}).values():
        reason = barrier.reason(offering, clinic, now)
        if reason:
            return reason
    return None
