"""Where a practitioner's licensing stands for a treatment at a clinic, in plain words (ENG-LICENCE).

The tier comes from the dated rows (licensing/rules.py) for the clinic's jurisdiction; whether an unmet
requirement stops the treatment being offered or booked is the setting LICENSING_IN_FORCE. Until a
jurisdiction is listed there, every requirement reads "not required yet".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from core.dates import human_date
from eligibility.rules import jurisdiction_of
from licensing import rules
from licensing.models import LicenceKind
from licensing.queries import current_licence, overseer_of
from licensing.rules import is_healthcare


@dataclass(frozen=True)
class Requirement:
    """One thing a tier needs, whether it is met, and the words a patient or practitioner reads."""

    need: str
    met: bool
    words: str


@dataclass(frozen=True)
class Standing:
    """A treatment at a clinic: its tier there, whether the scheme is enforced, and each requirement."""

    treatment: str
    tier: str | None
    place: str
    enforced: bool
    requirements: tuple[Requirement, ...]

    @property
    def reason(self) -> str | None:
        """Why the treatment cannot be offered or booked here, or None when it can."""
        unmet = [r.words[0].lower() + r.words[1:] for r in self.requirements if not r.met]
        if not self.enforced or not unmet:
            return None
        return (f"Under {self.place}'s cosmetic licensing scheme, now in force, {self.treatment} is in the {self.tier} "
                f"tier, and here: {'; '.join(unmet)}.")

    @property
    def summary(self) -> str:
        """The tier and its state in one line."""
        if self.tier is None:
            return "No licensing tier here"
        if not self.enforced:
            return f"{self.tier.capitalize()} tier: licences not required yet in {self.place}"
        return f"{self.tier.capitalize()} tier: " + ("requirements met" if self.reason is None else "not met")


def jurisdiction_of_clinic(clinic) -> str:
    """The clinic's jurisdiction ("GB-ENG"), from its country and postcode (the age rules' own answer)."""
    return jurisdiction_of(clinic.country, clinic.postcode)


def in_force(jurisdiction: str) -> bool:
    """Whether LICENSING_IN_FORCE switches the scheme on in this jurisdiction."""
    return jurisdiction in current_app.config.get("LICENSING_IN_FORCE", ())


def tiers_at(clinic, slugs, day: date) -> dict[str, str | None]:
    """{treatment slug: tier or None} at a clinic on a date."""
    place = jurisdiction_of_clinic(clinic)
    return {slug: rules.tier_for(slug, place, day) for slug in slugs}


def _until(licence) -> str:
    """" until 3 March 2027", or nothing for a licence without an end date."""
    return f" until {human_date(licence.expires_on)}" if licence.expires_on else ""


def _requirement(need: str, practitioner, clinic, day: date) -> Requirement:
    """One requirement, checked against the verified licences, with its words."""
    if need == rules.HEALTHCARE:
        met = is_healthcare(practitioner)
        return Requirement(need, met, "Done by a regulated healthcare professional" if met
                           else "Only a regulated healthcare professional may do it")
    if need == rules.OVERSIGHT:
        overseer = overseer_of(practitioner.id)
        return Requirement(need, overseer is not None, f"Overseen by {overseer.name}" if overseer is not None
                           else "A named healthcare professional must oversee it, and accept on Verity")
    kind = {rules.PERSONAL: LicenceKind.PERSONAL, rules.PREMISES: LicenceKind.PREMISES, rules.CQC: LicenceKind.CQC}[need]
    licence = current_licence(practitioner.id, kind.value, None if need == rules.PERSONAL else clinic.id, day)
    if licence is None:
        where = "" if need == rules.PERSONAL else f" for {clinic.name}"
        label = kind.label if kind == LicenceKind.CQC else kind.label.lower()
        return Requirement(need, False, f"No verified {label}{where}")
    return Requirement(need, True, f"{kind.label} {licence.number} verified{_until(licence)}")


def standing(practitioner, clinic, treatment, day: date, known: dict | None = None) -> Standing:
    """Where the practitioner stands for a treatment (a catalogue row) at one of their clinics on a date.

    A page listing many treatments passes one `known` dict, so each licence is looked up once, not once per treatment.
    """
    code = jurisdiction_of_clinic(clinic)
    tier = rules.tier_for(treatment.slug, code, day)
    needed = rules.needs(tier, is_healthcare(practitioner))
    known = {} if known is None else known
    requirements = []
    for need in needed:
        key = (need, clinic.id if need in (rules.PREMISES, rules.CQC) else None)  # the others are the practitioner's
        if key not in known:
            known[key] = _requirement(need, practitioner, clinic, day)
        requirements.append(known[key])
    return Standing(treatment.name, tier, rules.jurisdiction_name(code), in_force(code), tuple(requirements))
