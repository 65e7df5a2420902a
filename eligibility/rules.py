"""The age rules as dated data with their source, and the pure functions that apply them.

A law change is a new AgeRule row with its date: `rule_for` picks the rule in force in the
clinic's jurisdiction on the appointment's local date. Nothing else in the code names a treatment
or an age.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.refusal import Refusal

OLDEST = 120  # years: an older date of birth is a typing mistake
UNDER_AGE = "under_age"


@dataclass(frozen=True)
class AgeRule:
    """A minimum age for some treatments in one jurisdiction, from a date, with the law it comes from."""

    id: str
    jurisdiction: str  # ISO 3166-2 where a country has nations ("GB-ENG"), else ISO 3166-1 ("US")
    jurisdiction_name: str
    treatments: frozenset[str]  # catalogue slugs
    minimum_age: int
    in_force_from: date
    source: str


TOXIN_AND_FILLERS = frozenset({"botulinum-toxin", "dermal-filler", "lip-augmentation", "cheek-lift",
                               "jawline-contouring"})

AGE_RULES: tuple[AgeRule, ...] = (
    AgeRule("ENG-UNDER18", "GB-ENG", "England", TOXIN_AND_FILLERS, 18, date(2021, 10, 1),
            "Botulinum Toxin and Cosmetic Fillers (Children) Act 2021"),
)

# Postcode areas wholly outside England. An area that straddles a border (CH, SY, TD, LD's neighbours) counts
# as England: refusing a booking the Act allows is the safer mistake than allowing one it forbids.
GB_NATIONS_BY_AREA = {
    **dict.fromkeys(("AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE"),
                    "GB-SCT"),
    **dict.fromkeys(("CF", "LD", "LL", "NP", "SA"), "GB-WLS"),
    "BT": "GB-NIR",
}


def jurisdiction_of(country: str, postcode: str) -> str:
    """The jurisdiction a clinic is in: its GB nation from the postcode area ("GB-ENG"), else its country code."""
    country = (country or "").upper()
    if country != "GB":
        return country
    text = (postcode or "").strip().upper()
    area = text[:2] if text[:2].isalpha() else text[:1]  # the letters before the first digit: "G2" -> "G"
    return GB_NATIONS_BY_AREA.get(area, "GB-ENG")


def rule_for(treatment_slug: str, jurisdiction: str, day: date, rules=AGE_RULES) -> AgeRule | None:
    """The age rule for a treatment in a jurisdiction on a date (the latest in force), or None."""
    applying = [r for r in rules if r.jurisdiction == jurisdiction and treatment_slug in r.treatments
                and r.in_force_from <= day]
    return max(applying, key=lambda r: r.in_force_from, default=None)


def age_on(born: date, day: date) -> int:
    """Whole years of age on a date; someone born on 29 February turns a year older on 1 March in other years."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def refusal_for(rule: AgeRule, born: date, day: date, treatment_name: str) -> Refusal | None:
    """Why this patient may not have the treatment on that date under the rule, or None when they may."""
    if age_on(born, day) >= rule.minimum_age:
        return None
    return Refusal(
        UNDER_AGE, f"{treatment_name} cannot be booked for anyone under {rule.minimum_age} in "
        f"{rule.jurisdiction_name}: on {day.day} {day:%B %Y} you will be {age_on(born, day)}. This is the law "
        f"({rule.source}), and arranging such an appointment is itself an offence.",
        status=403, rule=rule.id, source=rule.source)


def check_birth_date(born: date | None, today: date) -> date:
    """A date of birth a person could have: given, not in the future, not more than OLDEST years ago."""
    if born is None:
        raise Refusal("birth_date_invalid", "Enter your date of birth as day, month and year.", "born_on")
    if born > today:
        raise Refusal("birth_date_invalid", "Your date of birth cannot be in the future.", "born_on")
    if age_on(born, today) >= OLDEST:
        raise Refusal("birth_date_invalid", f"Check the year: that date is {OLDEST} years ago or more.", "born_on")
    return born
