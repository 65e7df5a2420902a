"""Advertising rules on practitioners' own copy, as data: what each wording is, where it binds, what to say.

UK: no prescription-only medicine named to the public (UK-POM-ADVERT: Human Medicines Regulations 2012
reg. 284, CAP Code 12.12) and no cosmetic intervention aimed at under-18s (UK-CAP-UNDER18: CAP Code 12.25).
US: "clinically proven" or an unqualified efficacy promise needs competent and reliable scientific evidence
(US-FTC-SUBSTANTIATION), so it goes to a person rather than being refused.
"""
import re

from compliance.claim_patterns import ClaimPattern

# kind -> the rule it breaks in each country (a kind absent from a country does not bind there).
ADVERT_RULES = {
    "pom": {"GB": "UK-POM-ADVERT"},
    "under18": {"GB": "UK-CAP-UNDER18"},
    "efficacy": {"US": "US-FTC-SUBSTANTIATION"},
}
REVIEW_KINDS = frozenset({"efficacy"})  # a person decides; the others are refused
NAMING_KINDS = frozenset({"pom"})  # naming the medicine is the breach, even in a denial

TOXIN = (r"botox|bo-?tox|botulinum(?: toxin)?(?: type a)?|botulin|azzalure|bocouture|dysport|xeomin|vistabel|"
         r"letybo|relfydess|alluzience|daxxify|jeuveau|myobloc|neurobloc")
ENZYME = r"hyaluronidase|hyalase|hylenex|hyalozima|liporase|vitrase|amphadase"
UNDER18 = (r"teen(?:s|age|agers?|aged)?|tweens?|prom(?:s| night| season| offer| glow| ready)?|school[- ]?leavers?|"
           r"sixth[- ]form(?:ers)?|back[- ]to[- ]school|gcses?|a[- ]level results|sweet sixteen|16th birthday|"
           r"under[- ]?(?:18|eighteen)s?(?: year olds?)? (?:welcome|offer|discount|special|deal|price|"
           r"friendly|allowed|treated)|(?:age[sd]?|from) 1[3-7](?: and over| and up|\+)?(?= )|"
           r"1[3-7][- ]year[- ]olds?|student prom|young teens?|(?:for|aimed at) (?:girls|boys) at school")
EFFICACY = (r"clinically (?:proven|shown|tested and proven|demonstrated)|scientifically proven|medically proven|"
            r"proven (?:results|to work|effective|formula|technology)|guaranteed (?:results|to work)|"
            r"results guaranteed|100 ?% (?:effective|results|success|satisfaction)|works (?:for|on) everyone|"
            r"\d{2,3} ?% (?:of (?:patients|clients|users|people)|reduction|improvement|more collagen|fewer)|"
            r"(?:instant|permanent|lasting|dramatic) results|no downtime,? guaranteed|doctor recommended")

PATTERNS = (
    ClaimPattern("pom", "pom_toxin", re.compile(rf"\b(?:{TOXIN})\b")),
    ClaimPattern("pom", "pom_enzyme", re.compile(rf"\b(?:{ENZYME})\b")),
    ClaimPattern("under18", "under18", re.compile(rf"\b(?:{UNDER18})\b")),
    ClaimPattern("efficacy", "efficacy", re.compile(rf"\b(?:{EFFICACY})")),
)

SUGGESTIONS = {
    "pom_toxin": "Prescription-only medicines may not be advertised to the public in the UK: say "
                 "\u201canti-wrinkle injections\u201d instead of the medicine's name.",
    "pom_enzyme": "Prescription-only medicines may not be advertised to the public in the UK: say "
                  "\u201cfiller dissolving treatment\u201d instead of the enzyme's name.",
    "under18": "Cosmetic treatments may not be advertised to under-18s in the UK: remove wording aimed at "
               "teenagers, school-leavers or proms, and say \u201cwe treat adults (18 and over) only\u201d.",
    "efficacy": "In the US an efficacy claim needs competent and reliable scientific evidence: cite the study "
                "and qualify it (\u201cin a study of 30 patients, 24 saw ...\u201d), or describe appearance "
                "instead. An admin will review this wording.",
}
