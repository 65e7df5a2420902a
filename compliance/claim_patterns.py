"""The wording the claims checker looks for: drug-like claims, negations and disclaimers, as data.

Every pattern runs on a lower-cased sentence whose quotes and apostrophes are straightened,
so the expressions below only need lower-case, ASCII punctuation.
"""
import re
from dataclasses import dataclass

# A word that may sit between a verb and what it acts on ("treats your stubborn adult acne"),
# but never a conjunction or comma that would join two separate things ("injections and exosome facials").
GAP = r"(?:(?!(?:and|or|but|plus|then|with|alongside|after|before|while)\b)[\w'-]+\s+)"
# Claims about what a product does may list several things: "treats redness and acne", "patients with rosacea".
WIDE_GAP = r"(?:(?!(?:but|then|after|before|while|when|if)\b)[\w'-]+\s+)"
EXO = r"(?:exo-?somes?|(?:extra-?cellular |nano-?)?vesicles?(?!-like)|secretomes?)"


def _words(*alternatives: str) -> str:
    """A non-capturing group of alternatives."""
    return "(?:" + "|".join(alternatives) + ")"


DISEASE = _words(
    r"acne(?![- ]?prone)(?:\s+scar(?:s|ring)?)?", "melasma", "rosacea", "eczema", "psoriasis", r"\w*\s?dermatitis",
    "alopecia", "hair loss", r"(?:hair )?shedding", "hair thinning", "thinning hair", "baldness", "balding", "vitiligo",
    "hyperpigmentation", r"pigmentation disorders?", r"scars?\b", "scarring", r"keloids?", r"wounds?",
    r"infections?", "inflammation", r"inflammatory (?:conditions?|diseases?)", r"(?:osteo)?arthritis",
    r"(?:joint|back|chronic|nerve) pain", r"migraines?", "hyperhidrosis", "lupus",
    r"(?:skin |medical |dermatological |chronic )?(?:diseases?|disorders?)", r"(?:skin|medical) conditions?",
    r"(?:a range of |many |various )?conditions", "sun damage", r"photo-?damage", r"(?:dna|cellular) damage",
    r"(?:sun-)?damaged skin", r"injur(?:y|ies)", "neuropathy", "cancer", "diabetes", "autoimmune", r"lesions?",
    r"ulcers?", r"burns?", r"stretch marks?", "chloasma", r"breakouts?(?! of)", r"cystic (?:spots|acne|breakouts)",
    r"receding hairlines?", r"bald (?:spots|patches)", r"flare-?ups?")
TREAT_VERB = _words(
    r"treat(?:s|ed|ing)?", r"treatments? (?:of|for)", r"cur(?:e|es|ed|ing)", r"heal(?:s|ed|ing)?", r"fix(?:es|ed)?",
    r"eliminat(?:e|es|ed|ing)", r"eradicat(?:e|es|ed|ing)", r"clear(?:s|ed|ing)?(?: up)?", r"fight(?:s|ing)?",
    r"combat(?:s|ting)?", r"prevent(?:s|ed|ing)?", r"stop(?:s|ped|ping)?", r"halt(?:s|ed|ing)?", r"get rid of",
    r"banish(?:es|ed)?", r"reduc(?:e|es|ed|ing)", r"reli(?:eve|eves|eved|ef from)", r"alleviat(?:e|es|ed)",
    r"improv(?:e|es|ed|ing)", r"sooth(?:e|es|ed|ing)", r"calm(?:s|ed|ing)?", r"manag(?:e|es|ed|ing)",
    r"resolv(?:e|es|ed)", r"restor(?:e|es|ed|ing)", r"tackl(?:e|es|ed|ing)", r"correct(?:s|ed|ing)?",
    r"remov(?:e|es|ed|ing)", r"eras(?:e|es|ed|ing)", r"repair(?:s|ed|ing)?", r"(?:say )?goodbye to", r"beat(?:s|ing)?",
    r"target(?:s|ed|ing)?", r"revers(?:e|es|ed|ing)", r"regenerat(?:e|es|ed|ing)", r"wip(?:e|es|ed|ing) out",
    r"defeat(?:s|ed|ing)?", r"conquer(?:s|ed|ing)?", r"kill(?:s|ed|ing)?", r"zap(?:s|ped|ping)?",
    r"obliterat(?:e|es|ed|ing)", r"vanquish(?:es|ed)?", r"puts? an end to", r"end(?:s|ed|ing)?",
    r"solv(?:e|es|ed|ing)", r"(?:is|are|be) the (?:answer|solution|cure|remedy) (?:to|for)", r"free (?:you )?from",
    r"freedom from", r"(?:say )?(?:bye-bye|farewell|adieu|so long) to", r"kiss(?:es)?", r"banish(?:es|ed|ing)?")
STRUCTURE = _words(
    "dermis", r"dermal (?:matrix|layers?|tissue|structure|cells?)", r"(?:extra-?cellular )?matrix",
    r"collagen(?! (?:induction|facial))", "elastin", r"fibroblasts?", r"(?:skin |stem |new )?cells?\b",
    r"cellular \w+", r"tissues?", r"(?:hair )?follicles?", "dna", "cartilage", r"nerves?", r"skin structure")
STRUCTURE_VERB = _words(
    r"regenerat(?:e|es|ed|ing|ion of)", r"repair(?:s|ed|ing)?", r"restor(?:e|es|ed|ing)", r"rebuild(?:s|ing)?",
    r"remodel(?:s|led|ling)?", r"revers(?:e|es|ed|ing)", r"heal(?:s|ed|ing)?", r"stimulat(?:e|es|ed|ing)",
    r"boost(?:s|ed|ing)?", r"increas(?:e|es|ed|ing)", r"promot(?:e|es|ed|ing)", r"trigger(?:s|ed|ing)?",
    r"induc(?:e|es|ed|ing)", r"activat(?:e|es|ed|ing)", r"rejuvenat(?:e|es|ed|ing)", r"thicken(?:s|ed|ing)?",
    r"strengthen(?:s|ed|ing)?", r"renew(?:s|ed|ing)?", r"reprogramm?(?:e|es|ed|ing)?", r"kick-?starts?",
    r"(?:re)?grow(?:s|ing)?", r"wak(?:e|es|ing) up", r"restart(?:s|ed|ing)?", r"reactivat(?:e|es|ed|ing)",
    r"switch(?:es)? on", r"turn(?:s)? on", r"awaken(?:s|ing)?", r"signal(?:s|ling)?", r"re-?engineer(?:s|ed|ing)?",
    r"reset(?:s|ting)?", r"bring(?:s)? back")
STRONG_VERB = _words(r"cur(?:e|es|ed|ing)", r"heal(?:s|ed|ing)?", r"regenerat(?:e|es|ed|ing)", r"regrow(?:s|ing)?",
                     r"revers(?:e|es|ed|ing)", r"repair(?:s|ed|ing)?", r"restor(?:e|es|ed|ing)",
                     r"rebuild(?:s|ing)?")
SKIN = (r"(?:skin|complexion)\b(?!(?:'s)?(?:\s+(?:natural|healthy|youthful|own|overall|fresh))?\s+(?:look|looks|"
        r"appearance|glow|radiance|tone|texture|feel|comfort|hydration|moisture|softness|smoothness|clarity))")
HAIR_VERB = _words(r"(?:re)?grow(?:s|ing)?", r"restor(?:e|es|ed|ing)", r"stimulat(?:e|es|ed|ing)",
                   r"promot(?:e|es|ed|ing)", r"boost(?:s|ed|ing)?", r"trigger(?:s|ed|ing)?", r"increas(?:e|es|ed|ing)",
                   r"accelerat(?:e|es|ed|ing)", r"reactivat(?:e|es|ed|ing)", r"reviv(?:e|es|ed|ing)",
                   r"encourag(?:e|es|ed|ing)", r"support(?:s|ed|ing)?", r"kick-?starts?", r"wak(?:e|es) up")
HEAL_VERB = _words(r"accelerat(?:e|es|ed|ing)", r"speed(?:s|ing)? up", r"speeds?", r"boost(?:s|ed|ing)?",
                   r"promot(?:e|es|ed|ing)", r"enhanc(?:e|es|ed|ing)", r"support(?:s|ed|ing)?", r"aid(?:s|ed)?",
                   r"improv(?:e|es|ed|ing)", r"stimulat(?:e|es|ed|ing)", r"trigger(?:s|ed|ing)?",
                   r"modulat(?:e|es|ed|ing)", r"jump-?starts?", r"kick-?starts?")
AGEING = _words("ageing", "aging", r"photo-?a(?:ge|gi)ng", r"the (?:ageing|aging) process",
                r"(?:biological|cellular|skin) age(?:ing)?")
APPROVED = _words(r"(?:fda|mhra|government|medically|clinically)[- ]?(?:approved|cleared|licensed|authori[sz]ed)",
                  r"approved by the (?:fda|mhra)", r"(?:fda|mhra) approval")
INJECT = _words(r"inject(?:s|ed|ing|ions?|ables?)?(?![- ]free)", r"infus(?:e|es|ing|ions?)",
                r"i\.?v\.?(?= )", r"intravenous(?:ly)?", r"intradermal(?:ly)?", r"subdermal", r"subcutaneous(?:ly)?",
                r"mesotherapy", r"drips?", r"jabs?", r"needle-delivered", r"micro-?injections?")
INJECTION_NOUN = _words(r"(?:micro-?)?injections?", r"infusions?", r"i\.?v\.?(?: therapy| drips?)?", r"drips?",
                        r"jabs?",
                        r"mesotherapy", r"injectables?", r"shots?")
AUX = r"(?:are|is|get|gets|will be|can be|were|was|being|be|been)\s+"


@dataclass(frozen=True)
class ClaimPattern:
    """One kind of drug-like wording: what it is, its expression and the topic of its suggestion."""

    kind: str  # therapeutic | stem_cell | approval | injection
    topic: str  # picks the cosmetic alternatives to suggest
    regex: re.Pattern


def _p(kind: str, topic: str, expression: str) -> ClaimPattern:
    return ClaimPattern(kind, topic, re.compile(expression))


PATTERNS = (
    _p("injection", "injection", rf"\b{INJECT}\s+{GAP}{{0,3}}?(?:of\s+)?{GAP}{{0,2}}?{EXO}\b"),
    _p("injection", "injection", rf"\b{EXO}(?:[- ]\w+)?\s+{GAP}{{0,2}}?{INJECTION_NOUN}\b"),
    _p("injection", "injection", rf"\b{EXO}\s+{AUX}(?:\w+\s+){{0,2}}?(?:injected|infused|"
                                 rf"(?:given|delivered|administered) (?:intravenously|"
                                 rf"(?:by|via) (?:injection|infusion|iv|drip|needle)))\b"),
    _p("injection", "injection", rf"\b{EXO}\s+(?:injected|infused)\s+(?:into|directly|intravenously|under|beneath|"
                                 rf"through|via|deep)\b"),
    _p("approval", "approval", rf"\b{APPROVED}[\s,]+{GAP}{{0,3}}?(?:{EXO}|stem[- ]cells?)"),
    _p("approval", "approval", rf"\b(?:approved|licensed)\s+(?:[\w-]+\s+)?(?:{EXO}|stem[- ]cells?)"),
    _p("approval", "approval", rf"\b(?:{EXO}|stem[- ]cells?)\s+{GAP}{{0,3}}?(?:are|is|have|has|been|got)\s+"
                               rf"(?:\w+\s+){{0,2}}?(?:{APPROVED}|approved|licensed)"),
    _p("stem_cell", "stem_cell", r"(?<!plant )(?<!apple )(?<!botanical )(?<!grape )\bstem[- ]?cells?(?:[- ]\w+)?"
                                 r"[- ](?:therap(?:y|ies)|treatments?|facials?|injections?|infusions?|procedures?|"
                                 r"medicine|regeneration|rejuvenation)\b"),
    _p("stem_cell", "stem_cell", r"\b(?:activat\w*|stimulat\w*|wak\w* up|awaken\w*|mobili[sz]\w*|boost\w*|recruit\w*|"
                                 r"harness\w*|reprogram\w*)\s+(?:the\s+)?(?:power of\s+)?(?:your\s+)?(?:own\s+)?"
                                 r"(?:skin'?s?\s+)?(?:own\s+)?(?:regenerative\s+)?stem[- ]cells?\b"),
    _p("therapeutic", "therapy", rf"\b{EXO}[- ]therap(?:y|ies)\b"),
    _p("therapeutic", "therapy", r"\bregenerative (?:medicine|therap(?:y|ies)|treatments?|aesthetics|procedures?|"
                                 r"facials?|power|effects?|properties|healing)\b"),
    _p("therapeutic", "healing", r"\banti-?inflammatory\b"),
    _p("therapeutic", "hair", rf"\b{HAIR_VERB}\s+{GAP}{{0,3}}?(?:hair (?:re)?growth|new hair|hair follicles?|"
                              r"follicles?)\b"),
    _p("therapeutic", "hair", r"\bhair (?:re)?growth (?:treatments?|therap(?:y|ies)|serums?|injections?)\b|"
                              r"\bhair regrowth\b"),
    _p("therapeutic", "healing", rf"\b{HEAL_VERB}\s+{GAP}{{0,3}}?(?:healing|repair process|regeneration|"
                                 r"tissue repair|recovery of (?:the )?tissues?)\b"),
    _p("therapeutic", "healing", r"\bwound healing\b"),
    _p("therapeutic", "healing", r"\bheal(?:s|ing)?\s+(?:itself|themselves|yourself|from within|from the inside|"
                                 r"the body|"
                                 r"your body)\b|\bhelps?\s+(?:\w+\s+){0,2}?(?:to\s+)?heal\b"),
    _p("therapeutic", "structure", r"\b(?:skin|cell|cellular|tissue|dermal|collagen|hair|follicle|follicular|dna)"
                                   r"[- ](?:regeneration|repair|regrowth|rebuilding|remodell?ing)\b"),
    _p("therapeutic", "ageing", rf"\b(?:revers\w*|stop(?:s|ping)?|halt\w*|cur\w*|undo(?:es|ing)?|rewind\w*|"
                                rf"turn(?:s|ing)? back|roll(?:s|ing)? back|"
                                rf"eras\w*)\s+"
                                rf"{GAP}{{0,3}}?{AGEING}\b"),
    _p("therapeutic", "structure", rf"\b{STRUCTURE_VERB}\s+{GAP}{{0,3}}?{STRUCTURE}"),
    _p("therapeutic", "structure", rf"\b{STRONG_VERB}\s+{GAP}{{0,3}}?{SKIN}"),
    _p("therapeutic", "disease", rf"\b{TREAT_VERB}\s+{WIDE_GAP}{{0,4}}?{DISEASE}"),
    _p("therapeutic", "disease", rf"\b{DISEASE}\s+(?:treatments?|therap(?:y|ies)|cures?|remed(?:y|ies))\b"),
    _p("therapeutic", "disease", r"\b(?:cures?|remed(?:y|ies)) for\b"),
    # Idioms and fragments that promise a condition is gone without a treatment verb.
    _p("therapeutic", "disease", rf"\b{DISEASE}(?:\s+[\w-]+){{0,2}}?\W{{0,3}}(?:(?:is|are|will be|becomes?)\s+)?(?:a thing of the past|"
                                 r"history|consigned to history|gone|sorted|fixed|solved|handled|cured|beaten|banished|"
                                 r"erased|over|no more|done|cleared|vanished|disappear\w*|never (?:again|returns?)|"
                                 r"for good)\b"),
    _p("therapeutic", "disease", rf"\b(?:no more|never (?:worry about|suffer(?: from)?|see|hide)|goodbye|farewell|"
                                 rf"adieu|bye-bye|kiss|days of (?:hiding |suffering )?|put|life without|free of|"
                                 rf"rid of)\s+(?:your\s+|with\s+|from\s+|about\s+)?{GAP}{{0,2}}?{DISEASE}"),
    _p("therapeutic", "hair", r"\b(?:grows?|growing|comes?) back\b|\bback to life\b"),
    # Catch-alls last, so a more telling wording claims the words first.
    _p("therapeutic", "hair", r"\bregrow(?:s|ing|th)?\b"),
    _p("therapeutic", "structure", r"\bregenerat(?:e|es|ed|ing|ion|ive)\b"),
)

# Words that make a sentence about how skin looks or feels rather than what it is.
APPEARANCE = re.compile(r"\b(?:look|looks|looking|appearance|appear|visible|visibly|feel|feels|feeling|glow|"
                        r"radiance|radiant|finish|-looking|look of)\b")

# Negations that govern a verb: anywhere earlier in the same clause.
VERBAL_NEGATION = re.compile(
    r"\b(?:not|never|cannot|nor|neither|no longer|unable to|instead of|rather than|refus\w*|declin\w*|"
    r"avoid\w*|stopped|prohibit\w*|forbid\w*|won't|\w+n't)\b"
    r"(?!\s+(?:only|just|merely|simply|worry|again|suffer|hide|have to (?:worry|hide|suffer))\b)")
# Negating determiners: they govern only the few words after them, or a later verb through an auxiliary.
DETERMINER_NEGATION = re.compile(r"\b(?:no|none|nothing|without|unlike|zero)\b(?!\s+(?:only|just|more|less)\b)")
AUXILIARY = re.compile(r"\b(?:can|could|will|would|is|are|was|were|has|have|had|does|do|did|may|might|should|must|"
                       r"offers?|claims?)\b")
COMPARATIVE = re.compile(r"\b(?:like|than|as well as|as fast as|as effectively as|better|faster|"
                         r"more effectively)\b")
# Attributions and disclaimers that make the whole sentence a warning rather than a claim.
ATTRIBUTION = re.compile(
    r"\b(?:some|other|many|certain) (?:clinics|providers|brands|companies|websites|sellers|practitioners|people|"
    r"places|salons|adverts|ads) (?:\w+ ){0,2}?(?:claim|say|advertise|promise|market|sell|offer|suggest|tout)\w*|"
    r"\byou may (?:have )?(?:read|heard|seen)\b|\bbeware\b|\bbe (?:wary|cautious|"
    r"careful|sceptical|skeptical)\b|\bwatch out\b|\bmyths?\b|"
    r"\b(?:no|little|limited|weak|insufficient|not enough|no good|no strong|no robust|no reliable) "
    r"(?:\w+ )?(?:evidence|proof|data|studies|trials?)\b|\bnot (?:yet )?(?:been )?(?:proven|shown|established|"
    r"demonstrated)\b|\bonly (?:licensed|approved) medicines\b")
# Disclaimers that follow the wording in the same clause ("... are unlawful in the US").
AFTER_NEGATION = re.compile(
    r"\b(?:unproven|not proven|not supported|unsupported|not established|(?:is|are) false|a myth|misleading|"
    r"unlawful|illegal|not lawful|not legal|not permitted|not allowed|prohibited|banned|not approved|"
    r"not (?:fda|mhra)[- ]approved|unapproved|not available|not offered|not something we|not part of|not on offer|"
    r"do(?:es)? not exist|don't exist|doesn't exist|off the table|not provided|not performed|not licensed)\b")
# Where a clause ends: a new subject or a contrast starts a claim of its own.
CLAUSE_BREAK = re.compile(
    r"[;:!?()]|\s[-\u2013\u2014]\s|[\u2013\u2014]|\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bwhereas\b|\byet\b|"
    r"\b(?:when|because|since|unless)\b|"
    r",\s*(?:and|so|which|while)\b|\band\s+(?=(?:we|it|our|this|they|you|that|these|those|i)\b)|"
    r",\s*(?=(?:we|it|our|this|they|you|i|these|those|she|he|its|their)\b)")
# A question answered "No." in the next sentence is a disclaimer, not a claim.
ANSWER_NO = re.compile(r"^\W*(?:no|not|nope|sadly,? no|unfortunately,? no)\b")
# A yes/no question asks rather than claims unless the next sentence answers "yes".
YES_NO_QUESTION = re.compile(r"^\W*(?:does|do|did|can|could|will|would|is|are|should|might|may)\b")
ANSWER_YES = re.compile(r"^\W*(?:yes|yep|absolutely|definitely|of course|certainly|it (?:does|can|will)|"
                        r"they (?:do|can|will)|you bet)\b")

SUGGESTIONS = {
    "disease": "Describe how skin looks or feels, not a condition treated: \u201cimproves the look of tone and "
               "texture\u201d, \u201chelps reduce visible redness after in-office treatments\u201d.",
    "structure": "Describe appearance, not a change to the skin itself: \u201cimproves the look of firmness and "
                 "texture\u201d, \u201csupports hydration\u201d.",
    "hair": "Keep to appearance and comfort: \u201chelps hair look fuller\u201d, \u201ca comfort and appearance "
            "adjunct after scalp treatments\u201d. Evidence on hair loss is exploratory.",
    "ageing": "Say what patients see: \u201cimproves the look of fine lines\u201d, \u201crefreshes the look of "
              "tired skin\u201d.",
    "healing": "Use cosmetic framing: \u201csoothes post-procedure skin\u201d, \u201chelps reduce visible redness "
               "after in-office treatments\u201d, \u201ccomfort and appearance adjunct\u201d.",
    "therapy": "Name what you do: \u201cexosome facial: a topical serum applied after microneedling, a comfort "
               "and appearance adjunct\u201d.",
    "stem_cell": "Avoid \u201cstem-cell\u201d treatment wording. Say \u201ctopical cosmetic serum applied after "
                 "microneedling\u201d.",
    "approval": "No exosome product is FDA-approved. Say \u201ca cosmetic topical serum; there are no FDA-approved "
                "exosome treatments\u201d.",
    "injection": "Exosomes may only be a topical adjunct: \u201capplied to the skin after microneedling; we do not "
                 "inject or infuse exosomes\u201d.",
}

# Wording that names exosome material at all, drug-like or not: what a "no exosomes" declaration contradicts.
# "EVs" is matched on the original text (upper case), so "evs" in ordinary words is not taken for it.
EXOSOME_WORDING = re.compile(
    r"\b(?:prp[- ]?)?exo-?som(?:e|es|al)(?:[- ](?:like|based|derived|serum|serums|facials?|therapy|treatments?))?\b"
    r"(?![- ]free)|\bextra-?cellular vesicles?\b|\b(?:nano-?)?vesicle[- ]based\b|\bnano-?vesicles?\b|"
    r"\bsecretomes?\b|\bconditioned media\b")
EV_ABBREVIATION = re.compile(r"\bEVs?\b")

# Look-alike characters inside a word ("tre@ts", "eczem4", "re$olve$"), read as the letters they stand for.
LOOKALIKE = str.maketrans({"@": "a", "0": "o", "3": "e", "1": "i", "$": "s", "4": "a", "5": "s", "!": "i"})
IN_WORD = re.compile(r"(?<=[a-z])[@0$1345!]+(?=[a-z])|(?<=[a-z]{2})[@0$1345!](?![\w%]|[.,]\d)|"
                     r"(?<![\w$@])[@$4](?=[a-z]{2})")


def unmask(lowered: str) -> str:
    """Undo look-alike characters in lower-cased text, one character for one, so positions stay put."""
    return IN_WORD.sub(lambda m: m.group().translate(LOOKALIKE), lowered)
