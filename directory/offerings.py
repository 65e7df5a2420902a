"""Rules for the treatments a practitioner lists: the profession gate, prices and durations.

Nothing here writes: directory/services.py adds, changes and removes offerings with these rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from core.refusal import Refusal
from directory.models import PRESCRIBERS, Clinic, Offering, Practitioner, Profession, Treatment

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
        raise Refusal("clinic_needed", "Add a clinic first: its country decides whether prices are in pounds or "
                      "dollars.")
    return CURRENCY_OF_COUNTRY[practitioner.clinics[0].country]


class Price(NamedTuple):
    """A "from" price of one treatment at one clinic, in minor units of its currency."""

    minor: int
    currency: str
    treatment: str  # the treatment's name, so a card can say which price it is

    @property
    def amount(self) -> str:
        """The amount as a decimal string with two places, as the API gives it: "85.00"."""
        whole, cents = divmod(self.minor, 100)
        return f"{whole}.{cents:02d}"

    @property
    def text(self) -> str:
        """The amount as a patient reads it: "£85", "$99.50"."""
        return format_money(self.minor, self.currency)


def price_at(offering: Offering | None, clinic: Clinic) -> Price | None:
    """The offering's "from" price at a clinic, or None when there is no true one to show.

    None when the price is unset (imported offerings start at zero) or its currency is not the clinic's
    country's: prices are entered once, in the currency of the practitioner's first clinic, so a clinic
    in another country has no price of its own that we know.
    """
    if offering is None or offering.price_from_minor <= 0:
        return None
    if offering.currency != CURRENCY_OF_COUNTRY.get(clinic.country):
        return None
    return Price(offering.price_from_minor, offering.currency, offering.treatment.name)


def parse_money(text: str, currency: str) -> int:
    """Turn "250", "250.5", "£1,250.00" into minor units (pence or cents)."""
    cleaned = (text or "").strip()
    symbol = CURRENCY_SYMBOLS[currency]
    if cleaned[:1] in CURRENCY_SYMBOLS.values():
        if cleaned[0] != symbol:
            raise Refusal("price_currency", f"Your prices are in {currency}; enter the amount without another "
                          "currency.", "price")
        cleaned = cleaned[1:].strip()
    if not MONEY_RE.match(cleaned):
        raise Refusal("price_invalid", "Enter a price in numbers, such as 250 or 250.00.", "price")
    whole, _, fraction = cleaned.replace(",", "").partition(".")
    minor = int(whole) * 100 + int(fraction.ljust(2, "0") or "0")
    if minor == 0:
        raise Refusal("price_zero", "Enter a starting price above zero.", "price")
    if minor > MAX_PRICE_MINOR:
        raise Refusal("price_too_high", f"Enter a starting price below {format_money(MAX_PRICE_MINOR, currency)}.",
                      "price")
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
        raise Refusal("duration_out_of_range", f"Enter a duration between {low} and {high} minutes.",
                      "duration_minutes")


def check_offering(practitioner: Practitioner, treatment: Treatment, details: OfferingDetails) -> None:
    """Apply the profession gate and the price and duration rules."""
    reason = refusal_reason(treatment, practitioner.profession)
    if reason:
        raise Refusal("profession_may_not_offer", reason, "treatment")
    check_duration(details.duration_minutes)
    if not 0 < details.price_from_minor <= MAX_PRICE_MINOR:
        raise Refusal("price_zero", "Enter a starting price above zero.", "price")


def check_not_listed(practitioner: Practitioner, treatment: Treatment) -> None:
    """Refuse a treatment the practitioner already lists."""
    if any(o.treatment_id == treatment.id for o in practitioner.offerings):
        raise Refusal("already_offered", f"You already offer {treatment.name}; change it from your dashboard "
                      "instead.", "treatment")
