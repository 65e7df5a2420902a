"""The claims checker: is a piece of public text cosmetic, or does it make a drug-like claim?

One function, `check_text`, serves the forms (through `NoDrugClaims`), the badge, the
`check-claims` command and `POST /api/v1/claims/check`. It reads sentence by sentence, finds
drug-like wording (treating disease, changing skin structure, stem-cell therapy, FDA approval,
injected or infused exosomes) and lets a finding go when the sentence negates it or is a disclaimer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from wtforms.validators import ValidationError

from compliance import claim_patterns as cp

DRUG_LIKE, COSMETIC = "drug-like", "cosmetic"
# The rule a kind of claim breaks in each jurisdiction.
RULES_BY_KIND = {
    "therapeutic": {"US": "US-FDA-CLAIMS", "GB": "UK-MED"},
    "stem_cell": {"US": "US-FDA-CLAIMS", "GB": "UK-MED"},
    "approval": {"US": "US-FDA-UNAPPROVED", "GB": "UK-MED"},
    "injection": {"US": "US-FDA-UNAPPROVED", "GB": "UK-MED"},
}
MAX_TEXT_LENGTH = 20_000
ABBREVIATIONS = re.compile(r"(?:\b(?:dr|mr|mrs|ms|st|vs|approx|e\.g|i\.e|etc)\.)$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+|\n+|\s*[\u2022\u25cf]\s*")
STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                          "\u2010": "-", "\u2011": "-"})
RISK = re.compile(r"\b(?:risk|chance|likelihood|odds)\b")
HYGIENE = re.compile(r"\b(?:steril\w*|aseptic|hygien\w*|single-use|disinfect\w*|clean\w*)\b")


@dataclass(frozen=True)
class Finding:
    """One drug-like wording: what matched, the rule it breaks, a cosmetic alternative, and where it is."""

    match: str
    rule: str
    suggestion: str
    sentence: str
    kind: str
    start: int = 0  # the sentence's place in the checked text, for highlighting
    end: int = 0

    def rule_in(self, country: str) -> str | None:
        """The rule this wording breaks at a clinic in `country` (GB or US)."""
        return RULES_BY_KIND[self.kind].get(country)

    def as_json(self) -> dict:
        """The finding as the command and the API print it."""
        return {"match": self.match, "rule": self.rule, "suggestion": self.suggestion}


@dataclass(frozen=True)
class Verdict:
    """The checker's answer for one text."""

    text: str
    verdict: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def is_drug_like(self) -> bool:
        """True when at least one sentence makes a drug-like claim."""
        return self.verdict == DRUG_LIKE

    def as_json(self) -> dict:
        """{"text", "verdict", "findings": [{"match", "rule", "suggestion"}]}."""
        return {"text": self.text, "verdict": self.verdict, "findings": [f.as_json() for f in self.findings]}


def normalise(text: str) -> str:
    """Lower-case the text and straighten quotes, keeping every character where it was."""
    text = text.translate(STRAIGHT)
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at full stops, question marks, line breaks and bullets."""
    spans, start = [], 0
    for end_mark in SENTENCE_END.finditer(text):
        if ABBREVIATIONS.search(text[start:end_mark.start() + 1]) and "\n" not in end_mark.group():
            continue
        spans.append((start, end_mark.end()))
        start = end_mark.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in ((s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans)
            if text[s:e].strip()]


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a match: from the last break before it to the first break after it."""
    breaks = list(cp.CLAUSE_BREAK.finditer(sentence))
    left = max((b.end() for b in breaks if b.end() <= start), default=0)
    right = min((b.start() for b in breaks if b.start() >= end), default=len(sentence))
    return left, right


def _determiner_negates(sentence: str, left: int, start: int, end: int) -> bool:
    """'No'/'without'/'unlike' negate the words right after them, or a later verb through an auxiliary."""
    after = sentence[end:_clause_bounds(sentence, start, end)[1]]
    for negation in cp.DETERMINER_NEGATION.finditer(sentence, left, end):
        between = sentence[negation.end():start]
        comparative = negation.group() in {"no", "none", "nothing"} and cp.COMPARATIVE.search(after)
        if comparative:
            continue
        if negation.start() >= start or len(between.split()) <= 3:
            return True
        if negation.group() != "without" and cp.AUXILIARY.search(between):
            return True
    return False


def is_negated(sentence: str, start: int, end: int) -> bool:
    """True when the wording at sentence[start:end] is denied, disclaimed or reported, not claimed."""
    left, right = _clause_bounds(sentence, start, end)
    if cp.VERBAL_NEGATION.search(sentence, left, end):
        return True
    if _determiner_negates(sentence, left, start, end):
        return True
    if cp.AFTER_NEGATION.search(sentence, end, right):
        return True
    return bool(cp.ATTRIBUTION.search(sentence))


def _excused(pattern: cp.ClaimPattern, span: str, sentence: str) -> bool:
    """Wording about appearance, risk or hygiene is not a therapeutic claim."""
    if pattern.kind != "therapeutic":
        return False
    if cp.APPEARANCE.search(span) or RISK.search(span):
        return True
    return "infection" in span and bool(HYGIENE.search(sentence))


def _sentence_findings(original: str, lowered: str, offset: int, answered_no: bool) -> list[Finding]:
    """Drug-like wordings in one sentence that are neither negated nor excused."""
    found, taken = [], []
    for pattern in cp.PATTERNS:
        for match in pattern.regex.finditer(lowered):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if _excused(pattern, match.group(), lowered) or is_negated(lowered, start, end) or answered_no:
                continue
            taken.append((start, end))
            rules = RULES_BY_KIND[pattern.kind]
            found.append(Finding(match=original[start:end], rule=rules["US"], kind=pattern.kind,
                                 suggestion=cp.SUGGESTIONS[pattern.topic], sentence=original.strip(),
                                 start=offset, end=offset + len(original)))
    return sorted(found, key=lambda f: original.find(f.match))


@lru_cache(maxsize=4096)
def check_text(text: str) -> Verdict:
    """Check a text sentence by sentence; drug-like when any sentence makes a drug-like claim."""
    text = text or ""
    lowered = normalise(text)
    spans = sentences(lowered)
    findings = []
    for index, (start, end) in enumerate(spans):
        sentence = lowered[start:end]
        following = lowered[spans[index + 1][0]:spans[index + 1][1]] if index + 1 < len(spans) else ""
        answered_no = sentence.rstrip().endswith("?") and bool(cp.ANSWER_NO.search(following))
        findings += _sentence_findings(text[start:end], sentence, start, answered_no)
    return Verdict(text=text, verdict=DRUG_LIKE if findings else COSMETIC, findings=tuple(findings))


def rules_for(finding: Finding, countries) -> list[str]:
    """The rules a finding breaks at clinics in these countries (both when none are known)."""
    countries = sorted(set(countries or ()) & {"GB", "US"}) or ["GB", "US"]
    return [finding.rule_in(c) for c in countries]


def refusal_message(verdict: Verdict, countries=None) -> str:
    """Why a text is refused: the sentence, the wording, the rule and cosmetic alternatives."""
    first = verdict.findings[0]
    rules = " and ".join(rules_for(first, countries))
    more = len({f.sentence for f in verdict.findings}) - 1
    extra = ""
    if more:
        extra = f" {more} more sentence{'s' if more > 1 else ''} also need{'' if more > 1 else 's'} rewording."
    return (f"\u201c{first.sentence}\u201d reads as a drug-like claim (\u201c{first.match}\u201d, rule {rules}). "
            f"{first.suggestion}{extra}")


def segments(text: str, verdict: Verdict | None = None) -> list[tuple[str, Finding | None]]:
    """The text cut into pieces, each flagged sentence paired with its first finding, for highlighting."""
    verdict = verdict or check_text(text)
    pieces, cursor = [], 0
    for finding in sorted({(f.start, f.end): f for f in reversed(verdict.findings)}.values(), key=lambda f: f.start):
        if finding.start < cursor:
            continue
        pieces.append((text[cursor:finding.start], None))
        pieces.append((text[finding.start:finding.end], finding))
        cursor = finding.end
    pieces.append((text[cursor:], None))
    return [(chunk, finding) for chunk, finding in pieces if chunk]


class NoDrugClaims:
    """WTForms validator: refuse text with a drug-like claim, naming the sentence, the rule and alternatives.

    `countries` (a list, or a callable taking the form) picks which jurisdiction's rule to name;
    the verdict is kept on `field.claims_verdict` so templates can highlight the sentence.
    """

    def __init__(self, countries=None):
        self.countries = countries

    def __call__(self, form, field):
        text = field.data or ""
        if len(text) > MAX_TEXT_LENGTH:
            return
        verdict = check_text(text)
        countries = self.countries(form) if callable(self.countries) else self.countries
        field.claims_verdict, field.claims_countries = verdict, countries
        if verdict.is_drug_like:
            raise ValidationError(refusal_message(verdict, countries))


@dataclass(frozen=True)
class Mention:
    """Exosome wording in a text that is not denied: the words themselves and the sentence around them."""

    phrase: str
    sentence: str


def exosome_mentions(text: str) -> list[Mention]:
    """Where a text speaks of exosome material ("exosomes", "EVs", "secretome"...), leaving out denials.

    "We do not use exosomes" and "exosome-free" are not mentions: they say the opposite.
    """
    text = text or ""
    lowered = normalise(text)
    found = []
    for start, end in sentences(lowered):
        sentence = lowered[start:end]
        matches = [*cp.EXOSOME_WORDING.finditer(sentence), *cp.EV_ABBREVIATION.finditer(text[start:end])]
        for match in sorted(matches, key=lambda m: m.start()):
            if not is_negated(sentence, *match.span()):
                found.append(Mention(text[start + match.start():start + match.end()], text[start:end].strip()))
    return found
