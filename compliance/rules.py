"""The rules a compliance badge rests on, as data: id, jurisdiction, rule, source and plain words.

Each rule names the `condition` that breaks it; compliance/badge.py holds one small function per
condition. To add a rule, add a Rule here (reusing a condition, or adding one to badge.CONDITIONS).
"""
from dataclasses import dataclass

COUNTRY_NAMES = {"GB": "United Kingdom", "US": "United States", "ANY": "Every jurisdiction"}
COSENTINO = ("Cosentino, \u201cExosomes in Aesthetics: Hype vs Evidence & What\u2019s Legal in 2025\u201d "
             "(24 October 2025)")
TWEAKMENT = ("Tweakment Finder, \u201cWhat\u2019s the big buzz about exosomes (and are they even legal in the "
             "UK)?\u201d (30 May 2023)")
FDA_NOTICE = "FDA Public Safety Notification on Exosome Products (6 December 2019)"
POM_LAW = "Human Medicines Regulations 2012, regulation 284; CAP Code rule 12.12"
CAP_UNDER18 = "CAP Code rule 12.25 (cosmetic interventions not to be advertised to under-18s)"


@dataclass(frozen=True)
class Rule:
    """One regulatory rule as the site applies it."""

    id: str
    jurisdiction: str  # "GB", "US" or "ANY"
    text: str
    source: str
    plain: str  # what it means for a patient, in plain words
    condition: str  # the name of the check in compliance.badge.CONDITIONS that breaks it

    @property
    def jurisdiction_name(self) -> str:
        """The jurisdiction spelled out."""
        return COUNTRY_NAMES[self.jurisdiction]

    def applies_in(self, country: str) -> bool:
        """True when the rule binds a clinic in this country."""
        return self.jurisdiction in ("ANY", country)


RULES = (
    Rule("UK-COS-HUMAN", "GB",
         "Ingredients of human origin, human-derived exosomes included, are not permitted in cosmetics, "
         "topical use included.",
         f"{COSENTINO}, section \u201cUnited Kingdom\u201d; {TWEAKMENT}",
         "In the UK a practitioner may not use exosomes made from human cells, even in a serum put on the skin.",
         "human_source"),
    Rule("UK-MED", "GB",
         "A product meant to treat or prevent disease is a medicinal product (an ATMP) and needs a "
         "marketing authorisation.",
         f"{COSENTINO}, section \u201cATMP context\u201d",
         "In the UK, exosomes offered to treat a condition, or put into the body, would be an unlicensed "
         "medicine. A cosmetic serum may only be described by how skin looks or feels.",
         "drug_like_claims"),
    Rule("US-FDA-UNAPPROVED", "US",
         "No exosome product is FDA-approved; exosome products marketed for therapeutic use are unapproved "
         "biologics, and injection or IV infusion outside a clinical trial (IND) is unlawful.",
         f"{COSENTINO}, section \u201cUnited States\u201d; {FDA_NOTICE}",
         "In the US no exosome product is approved by the FDA. Exosomes may not be injected or given by drip "
         "outside a registered clinical trial.",
         "injected_or_unapproved"),
    Rule("US-FDA-CLAIMS", "US",
         "A topical product stays cosmetic only while its claims are cosmetic (cleansing, beautifying, "
         "transient appearance); a claim to treat disease or change skin structure or function makes it a drug.",
         f"{COSENTINO}, section \u201cWhat about topicals?\u201d",
         "In the US a serum is only cosmetic while the practitioner talks about appearance. Saying it treats "
         "acne, regrows hair or rebuilds skin turns it into an unapproved drug.",
         "drug_like_claims"),
    Rule("UK-POM-ADVERT", "GB",
         "Prescription-only medicines, botulinum toxin products and filler-dissolving enzymes among them, may "
         "not be advertised to the public.",
         POM_LAW,
         "In the UK a practitioner may not name a prescription-only medicine, such as Botox, in their own "
         "advertising; they may say \u201canti-wrinkle injections\u201d.",
         "drug_like_claims"),
    Rule("UK-CAP-UNDER18", "GB",
         "Cosmetic interventions may not be advertised to, or aimed at, people under 18.",
         CAP_UNDER18,
         "In the UK a practitioner may not aim cosmetic treatments at teenagers, school-leavers or proms.",
         "drug_like_claims"),
    Rule("ANY-TOPICAL-ADJUNCT", "ANY",
         "The defensible use is a topical, cosmetic, post-procedure adjunct from a non-human source with a "
         "certificate of analysis and microbial and endotoxin testing.",
         f"{COSENTINO}, sections \u201cPathway A\u201d and \u201cQuality and safety\u201d",
         "Wherever they practise, we expect exosomes only as a serum on the skin after a procedure, from a "
         "plant or synthetic source, with a certificate of analysis and contamination tests for each batch, "
         "and described in cosmetic words.",
         "not_topical_adjunct"),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    """The rule with this id."""
    return RULES_BY_ID[rule_id]


def rules_for_countries(countries) -> list[Rule]:
    """The rules that bind a practitioner with clinics in these countries, in the order listed above."""
    countries = set(countries)
    return [r for r in RULES if r.jurisdiction == "ANY" or r.jurisdiction in countries]

# What breaking each rule means, in a few plain words a patient reads on a badge (the id stays in the API).
BREACH_WORDS = {
    "UK-COS-HUMAN": "Uses exosomes made from human cells, which UK law does not allow in cosmetic treatments.",
    "UK-MED": "Describes exosomes as treating a condition, which in the UK would make them an unlicensed medicine.",
    "US-FDA-UNAPPROVED": "Injects exosomes or gives them by drip, or calls them approved: no exosome product is "
                         "FDA-approved.",
    "US-FDA-CLAIMS": "Describes exosomes as treating a condition, which in the US would make them an unapproved drug.",
    "UK-POM-ADVERT": "Names a prescription-only medicine in their advertising, which UK law does not allow.",
    "UK-CAP-UNDER18": "Aims cosmetic treatments at under-18s, which UK advertising rules do not allow.",
    "ANY-TOPICAL-ADJUNCT": "Does not use exosomes only as a checked, non-human serum on the skin after a procedure.",
}


def breach_words(rule_id: str) -> str:
    """What breaking a rule means, in plain words (a rule without its own words gets a general sentence)."""
    return BREACH_WORDS.get(rule_id, "What they declared or wrote about exosomes breaks a rule where they practise.")
