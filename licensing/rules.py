"""The licensing tiers as dated data with their source, and the pure functions that apply them (ENG-LICENCE).

A law change is a new TierRule row with its date: `tier_for` picks the row in force in a jurisdiction
on a date. Whether the scheme is enforced there yet is a setting (LICENSING_IN_FORCE), read by
`licensing.standing`; these functions only say what the rules are.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

GREEN, AMBER, RED = "green", "amber", "red"
TIERS = (GREEN, AMBER, RED)
TIER_WORDS = {GREEN: "green: a licensed practitioner",
              AMBER: "amber: a healthcare professional, or a licensed practitioner overseen by one",
              RED: "red: a healthcare professional in CQC-registered premises"}

JURISDICTION_NAMES = {"GB-ENG": "England"}

ENG_SOURCE = ("Health and Care Act 2022 s.180; Licensing of non-surgical cosmetic procedures in England, "
              "government consultation response (August 2025)")
# The response was published in August 2025; the day each tier takes effect is set by regulations still to come,
# so the enforcement switch is LICENSING_IN_FORCE, and a new row with the regulations' date replaces these.
ENG_PUBLISHED = date(2025, 8, 1)


@dataclass(frozen=True)
class TierRule:
    """The risk tier of one catalogue treatment in one jurisdiction, from a date, with the law it comes from."""

    treatment: str  # catalogue slug
    jurisdiction: str  # ISO 3166-2 where a country has nations ("GB-ENG"), as eligibility.rules.jurisdiction_of
    tier: str  # GREEN, AMBER or RED
    in_force_from: date
    source: str


def _england(tier: str, *slugs: str) -> tuple[TierRule, ...]:
    """Rows for England's scheme, one per treatment."""
    return tuple(TierRule(slug, "GB-ENG", tier, ENG_PUBLISHED, ENG_SOURCE) for slug in slugs)


# The surgical facelift has no row: surgery is outside the scheme (CQC regulates it already).
TIER_RULES: tuple[TierRule, ...] = (
    *_england(AMBER, "botulinum-toxin", "dermal-filler", "lip-augmentation", "cheek-lift", "jawline-contouring",
              "thread-lift", "prp"),
    *_england(GREEN, "chemical-peel", "microneedling", "rf-microneedling", "fractional-rf", "laser-bbl",
              "exosome-facial"),
)


def tier_rule(treatment_slug: str, jurisdiction: str, day: date, rules=None) -> TierRule | None:
    """The tier row for a treatment in a jurisdiction on a date (the latest in force), or None outside the scheme."""
    applying = [r for r in (TIER_RULES if rules is None else rules)
                if r.treatment == treatment_slug and r.jurisdiction == jurisdiction and r.in_force_from <= day]
    return max(applying, key=lambda r: r.in_force_from, default=None)


def tier_for(treatment_slug: str, jurisdiction: str, day: date, rules=None) -> str | None:
    """The tier of a treatment in a jurisdiction on a date, or None where no scheme covers it."""
    rule = tier_rule(treatment_slug, jurisdiction, day, rules)
    return rule.tier if rule is not None else None


def tiers_of(treatment_slug: str, day: date, rules=None) -> dict[str, str]:
    """{jurisdiction: tier} for a treatment on a date, every jurisdiction with a scheme that covers it."""
    places = sorted({r.jurisdiction for r in (TIER_RULES if rules is None else rules)})
    found = {place: tier_for(treatment_slug, place, day, rules) for place in places}
    return {place: tier for place, tier in found.items() if tier is not None}


def jurisdiction_name(code: str) -> str:
    """The name pages use for a jurisdiction ("England"), or its code."""
    return JURISDICTION_NAMES.get(code, code)


# What each tier needs (ENG-LICENCE). Red-tier work is regulated by the CQC rather than by council licences.
PERSONAL, PREMISES, CQC, HEALTHCARE, OVERSIGHT = "personal", "premises", "cqc", "healthcare", "oversight"


NON_HEALTHCARE = frozenset({"aesthetic_therapist"})  # directory.models.Profession values; every other is regulated


def is_healthcare(practitioner) -> bool:
    """A regulated healthcare professional: any profession but aesthetic therapist (a listed one is verified)."""
    return practitioner.profession not in NON_HEALTHCARE


def needs(tier: str | None, healthcare: bool) -> tuple[str, ...]:
    """What a practitioner needs to do a treatment of this tier (healthcare: a regulated healthcare professional)."""
    if tier is None:
        return ()
    if tier == RED:
        return (HEALTHCARE, CQC)
    if tier == AMBER and not healthcare:
        return (PERSONAL, PREMISES, OVERSIGHT)
    return (PERSONAL, PREMISES)
