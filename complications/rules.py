"""The pure rules of a problem report: the urgent signs, who to call where, and the regulator's form summary."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The signs that need help at once after filler (shared/DOMAIN.md, "Safety routes"), in the order asked.
URGENT_SIGNS = {
    "blanching": "Skin turning white, pale or blotchy (mottled) near where you were treated",
    "grey_skin": "Skin turning grey, dusky or blue",
    "severe_pain": "Severe or worsening pain",
    "vision": "Any change to your vision (blurring, loss of sight, double vision)",
    "breathing": "Difficulty breathing, or swelling of the lips, tongue or throat",
}
WHAT_MAX, NOTE_MAX = 4000, 2000
OPEN, CLOSED = "open", "closed"
STATUS_LABELS = {OPEN: "Open", CLOSED: "Closed"}


@dataclass(frozen=True)
class SafetyRoute:
    """Who a patient calls in an emergency, and where they report a side effect, in one country."""

    emergency: str
    advice: str  # the non-emergency line, when the country has one
    regulator: str
    form_name: str
    form_url: str


ROUTES = {
    "GB": SafetyRoute("999", "111", "MHRA", "Yellow Card", "https://yellowcard.mhra.gov.uk/"),
    "US": SafetyRoute("911", "", "FDA", "MedWatch", "https://www.accessdata.fda.gov/scripts/medwatch/index.cfm"),
}


def route_for(country: str | None) -> SafetyRoute:
    """The safety route of a clinic's country (the UK's for a clinic whose country is unknown)."""
    return ROUTES.get(country or "", ROUTES["GB"])


def signs_named(keys) -> list[str]:
    """The patient's words for the signs ticked, in the order asked."""
    return [label for key, label in URGENT_SIGNS.items() if key in set(keys or ())]


def tel_href(phone: str) -> str:
    """A phone number as a tel: link carries it: digits and a leading +."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" if phone.strip().startswith("+") else "") + digits


def started_problem(started_on: date | None, appointment_on: date, today: date) -> str:
    """Why a start date cannot be right, or "" when it can (on or after the appointment day, not in the future)."""
    if started_on is None:
        return "Enter the date the problem started."
    if started_on > today:
        return "The date the problem started cannot be in the future."
    if started_on < appointment_on:
        return f"Enter a date on or after the appointment ({appointment_on:%-d %B %Y})."
    return ""


def regulator_summary(report, booking, appointment_on: date) -> str:
    """The text a patient can copy into the Yellow Card or MedWatch form: what, when, who, and what happened."""
    lines = [f"Treatment: {booking.title}", f"Date of treatment: {appointment_on:%-d %B %Y}",
             f"Given by: {booking.practitioner.name}, {booking.clinic_name}"]
    if report.started_on:
        lines.append(f"Problem started: {report.started_on:%-d %B %Y}")
    signs = signs_named(report.urgent_signs)
    if signs:
        lines.append("Urgent signs: " + "; ".join(signs))
    if report.what_happened:
        lines.append(f"What happened: {report.what_happened}")
    return "\n".join(lines)
