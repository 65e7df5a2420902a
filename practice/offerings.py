"""Rules for the treatments a practitioner lists: the profession gate, prices and durations.

Nothing here commits; every change is recorded in the audit trail with its actor.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlalchemy import select

from audit.services import snapshot
from directory.models import PRESCRIBERS, Offering, Practitioner, Profession, Treatment
from core.extensions import db
from practice.services import PracticeError, record_change

DURATION_MINUTES = (5, 480)
MAX_PRICE_MINOR = 10_000_000  # 100,000.00: anything above is a typo, not a starting price
CURRENCY_OF_COUNTRY = {"GB": "GBP", "US": "USD"}
CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$"}
CURRENCY_NAMES = {"GBP": "pounds (GBP)", "USD": "US dollars (USD)"}
MONEY_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$")
# What the audit trail keeps of each change.
OFFERING_FIELDS = ("treatment_id", "price_from_minor", "currency", "duration_minutes", "description")


@dataclass
class OfferingDetails:
    """The practitioner's own terms for one treatment."""

    price_from_minor: int
    duration_minutes: int
    description: str = ""


def refusal_reason(treatment: Treatment, profession: str) -> str | None:
    """Why a profession may not offer a treatment, in words a practitioner accepts; None when it may."""
    if treatment.allows(profession):
        return None
    allowed = [Profession(p) for p in treatment.allowed_professions.split(",") if p]
    if set(allowed) == set(PRESCRIBERS):
        return (f"{treatment.name} is a prescription-only medicine: only prescribers (doctors, dentists, "
                "surgeons, nurse and pharmacist prescribers) can offer it.")
    if allowed == [Profession.SURGEON]:
        return f"{treatment.name} is surgery: only surgeons can offer it."
    names = ", ".join(p.label.lower() for p in allowed)
    return f"{treatment.name} can be offered only by these professions: {names}."


def currency_for(practitioner: Practitioner) -> str:
    """Prices are in the currency of the practitioner's first clinic."""
    if not practitioner.clinics:
        raise PracticeError("Add a clinic first: its country decides whether prices are in pounds or dollars.")
    return CURRENCY_OF_COUNTRY[practitioner.clinics[0].country]


def parse_money(text: str, currency: str) -> int:
    """Turn "250", "250.5", "£1,250.00" into minor units (pence or cents)."""
    cleaned = (text or "").strip()
    symbol = CURRENCY_SYMBOLS[currency]
    if cleaned[:1] in CURRENCY_SYMBOLS.values():
        if cleaned[0] != symbol:
            raise PracticeError(f"Your prices are in {currency}; enter the amount without another currency.",
                                "price")
        cleaned = cleaned[1:].strip()
    if not MONEY_RE.match(cleaned):
        raise PracticeError("Enter a price in numbers, such as 250 or 250.00.", "price")
    whole, _, fraction = cleaned.replace(",", "").partition(".")
    minor = int(whole) * 100 + int(fraction.ljust(2, "0") or "0")
    if minor == 0:
        raise PracticeError("Enter a starting price above zero.", "price")
    if minor > MAX_PRICE_MINOR:
        raise PracticeError(f"Enter a starting price below {format_money(MAX_PRICE_MINOR, currency)}.", "price")
    return minor


def format_money(minor: int, currency: str) -> str:
    """Show minor units as money: 25000 GBP is "£250", 25050 USD is "$250.50"."""
    whole, cents = divmod(minor, 100)
    return f"{CURRENCY_SYMBOLS.get(currency, currency + ' ')}{whole:,}" + (f".{cents:02d}" if cents else "")


def money_input(minor: int) -> str:
    """Minor units as a practitioner would type them back in: "250" or "250.50"."""
    whole, cents = divmod(minor, 100)
    return f"{whole}.{cents:02d}" if cents else str(whole)


def check_duration(minutes: int | None) -> None:
    """Refuse an appointment length outside five minutes to eight hours."""
    low, high = DURATION_MINUTES
    if minutes is None or not low <= minutes <= high:
        raise PracticeError(f"Enter a duration between {low} and {high} minutes.", "duration_minutes")


def _check_offering(practitioner: Practitioner, treatment: Treatment, details: OfferingDetails) -> None:
    """Apply the profession gate and the price and duration rules."""
    reason = refusal_reason(treatment, practitioner.profession)
    if reason:
        raise PracticeError(reason, "treatment")
    check_duration(details.duration_minutes)
    if not 0 < details.price_from_minor <= MAX_PRICE_MINOR:
        raise PracticeError("Enter a starting price above zero.", "price")


def add_offering(practitioner: Practitioner, treatment: Treatment, details: OfferingDetails, *, actor) -> Offering:
    """List a catalogue treatment, refused when the profession may not offer it or it is already listed."""
    _check_offering(practitioner, treatment, details)
    if any(o.treatment_id == treatment.id for o in practitioner.offerings):
        raise PracticeError(f"You already offer {treatment.name}; change it from your dashboard instead.",
                            "treatment")
    offering = Offering(treatment=treatment, currency=currency_for(practitioner), **asdict(details))
    practitioner.offerings.append(offering)
    db.session.flush()
    record_change(actor, "offering.added", offering, practitioner.id, None, snapshot(offering, OFFERING_FIELDS))
    return offering


def update_offering(offering: Offering, details: OfferingDetails, *, actor) -> Offering:
    """Change the price, duration or description of a listed treatment."""
    _check_offering(offering.practitioner, offering.treatment, details)
    before = snapshot(offering, OFFERING_FIELDS)
    for key, value in asdict(details).items():
        setattr(offering, key, value)
    db.session.flush()
    record_change(actor, "offering.updated", offering, offering.practitioner_id, before,
                  snapshot(offering, OFFERING_FIELDS))
    return offering


def remove_offering(offering: Offering, *, actor) -> None:
    """Stop offering a treatment."""
    record_change(actor, "offering.removed", offering, offering.practitioner_id,
                  snapshot(offering, OFFERING_FIELDS), None)
    offering.practitioner.offerings.remove(offering)
    db.session.flush()


def own_offering(practitioner: Practitioner, offering_id: int) -> Offering | None:
    """The practitioner's offering with this id, or None when it is missing or someone else's."""
    offering = db.session.get(Offering, offering_id)
    return offering if offering is not None and offering.practitioner_id == practitioner.id else None


def treatment_choices(practitioner: Practitioner) -> list[tuple[int, str, str]]:
    """Catalogue treatments not yet listed as (id, name, group), open ones first, then those the profession may not offer."""
    listed = {o.treatment_id for o in practitioner.offerings}
    treatments = [t for t in db.session.scalars(select(Treatment).order_by(Treatment.name)) if t.id not in listed]
    return ([(t.id, t.name, "Open to your profession") for t in treatments if t.allows(practitioner.profession)]
            + [(t.id, t.name, "Not open to your profession") for t in treatments
               if not t.allows(practitioner.profession)])
