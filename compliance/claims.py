"""The claims checker: is a piece of public text cosmetic, or does it make a drug-like claim?

One function, `check_text`, serves the forms (through `NoDrugClaims`), the badge, the
`check-claims` command and `POST /api/v1/claims/check`. It is a hybrid. The rules read sentence by
sentence and find drug-like wording (treating disease, changing skin structure, stem-cell therapy, FDA
approval, injected or infused exosomes) and the advertising rules of compliance/claims_adverts.py, letting
a finding go when the sentence negates it or is a disclaimer; they explain themselves. The trained model of
compliance/claims_model.py scores each sentence, catching paraphrases the rules miss. Three verdicts:
drug-like (refused, with every finding), needs-review (a person decides) and cosmetic.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from wtforms.validators import ValidationError

from compliance import claim_patterns as cp
from compliance import claims_adverts as ads
from compliance import claims_model
from compliance.claims_text import Mention, exosome_mentions, is_negated, normalise, sentences  # noqa: F401

DRUG_LIKE, NEEDS_REVIEW, COSMETIC = "drug-like", "needs-review", "cosmetic"
VERDICTS = (DRUG_LIKE, NEEDS_REVIEW, COSMETIC)
COUNTRIES = ("GB", "US")
# The rule a kind of claim breaks in each jurisdiction (a kind missing a country does not bind there).
CLAIM_KINDS = {
    "therapeutic": {"US": "US-FDA-CLAIMS", "GB": "UK-MED"},
    "stem_cell": {"US": "US-FDA-CLAIMS", "GB": "UK-MED"},
    "approval": {"US": "US-FDA-UNAPPROVED", "GB": "UK-MED"},
    "injection": {"US": "US-FDA-UNAPPROVED", "GB": "UK-MED"},
}
RULES_BY_KIND = {**CLAIM_KINDS, **ads.ADVERT_RULES}
CLAIM_RULE_IDS = tuple(sorted({rule for rules in RULES_BY_KIND.values() for rule in rules.values()}))
SUGGESTIONS = {**cp.SUGGESTIONS, **ads.SUGGESTIONS}
# The model's calibrated score at which a sentence no rule flagged goes to a person, and under which a
# claim wording the rules found is sent to a person rather than refused (the model reads it as a denial).
# Even odds for review; a veto only when the model is 90% sure. Set a priori, not fitted to the held-out split.
REVIEW_AT = 0.5
VETO_BELOW = 0.1
VETOABLE_KINDS = frozenset({"therapeutic"})  # injection, approval and stem-cell wordings are refused whatever the score
MAX_TEXT_LENGTH = 20_000
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

    @property
    def action(self) -> str:
        """"review" when a person decides (an unsubstantiated efficacy claim), else "refuse"."""
        return "review" if self.kind in ads.REVIEW_KINDS else "refuse"

    def as_json(self) -> dict:
        """The finding as the command and the API print it."""
        return {"match": self.match, "rule": self.rule, "suggestion": self.suggestion}


@dataclass(frozen=True)
class Verdict:
    """The checker's answer for one text."""

    text: str
    verdict: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    score: float | None = None  # the model's highest sentence score: how drug-like the text reads, 0 to 1
    scored_sentence: str = ""  # the sentence with that score, for the moderation queue

    @property
    def is_drug_like(self) -> bool:
        """True when at least one sentence makes a drug-like claim."""
        return self.verdict == DRUG_LIKE

    def as_json(self) -> dict:
        """{"text", "verdict", "score", "findings": [{"match", "rule", "suggestion"}]}."""
        score = None if self.score is None else round(self.score, 3)
        return {"text": self.text, "verdict": self.verdict, "score": score,
                "findings": [f.as_json() for f in self.findings]}

    def as_record(self) -> dict:
        """Everything a moderation queue stores: the API's answer plus where each wording is, and the checker."""
        findings = [{**f.as_json(), "sentence": f.sentence, "kind": f.kind, "action": f.action}
                    for f in self.findings]
        return {**self.as_json(), "findings": findings, "scored_sentence": self.scored_sentence,
                "checker": checker_version()}


def _excused(pattern: cp.ClaimPattern, span: str, sentence: str) -> bool:
    """Wording about appearance, risk or hygiene is not a therapeutic claim."""
    if pattern.kind != "therapeutic":
        return False
    if cp.APPEARANCE.search(span) or RISK.search(span):
        return True
    return "infection" in span and bool(HYGIENE.search(sentence))


def _patterns(countries: tuple[str, ...]) -> list[cp.ClaimPattern]:
    """The claim patterns, then the advertising patterns that bind in one of these countries."""
    return [*cp.PATTERNS, *(p for p in ads.PATTERNS if any(c in RULES_BY_KIND[p.kind] for c in countries))]


def _rule(kind: str, countries: tuple[str, ...]) -> str:
    """The rule a kind of wording breaks, named for the US first when the US is among the countries."""
    rules = RULES_BY_KIND[kind]
    return next(rules[c] for c in sorted(countries, key=lambda c: c != "US") if c in rules)


def _sentence_findings(original: str, lowered: str, offset: int, answered_no: bool,
                       countries: tuple[str, ...]) -> list[Finding]:
    """Drug-like or advertising wordings in one sentence that are neither negated nor excused."""
    found, taken = [], []
    for pattern in _patterns(countries):
        for match in pattern.regex.finditer(lowered):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            denied = answered_no or is_negated(lowered, start, end)
            if pattern.kind not in ads.NAMING_KINDS and (_excused(pattern, match.group(), lowered) or denied):
                continue
            taken.append((start, end))
            found.append(Finding(match=original[start:end], rule=_rule(pattern.kind, countries), kind=pattern.kind,
                                 suggestion=SUGGESTIONS[pattern.topic], sentence=original.strip(),
                                 start=offset, end=offset + len(original)))
    return sorted(found, key=lambda f: original.find(f.match))


def _answered_no(sentence: str, following: str) -> bool:
    """A yes/no question ("Does it cure acne?") not answered "yes" asks rather than claims."""
    if not sentence.rstrip().endswith("?"):
        return False
    return bool(cp.ANSWER_NO.search(following)) or (bool(cp.YES_NO_QUESTION.search(sentence))
                                                    and not cp.ANSWER_YES.search(following))


def _units(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """What the model scores: sentences, a question joined with the sentence that answers it."""
    units, index = [], 0
    while index < len(spans):
        start, end = spans[index]
        if text[start:end].rstrip().endswith("?") and index + 1 < len(spans):
            index += 1
            end = spans[index][1]
        units.append((start, end))
        index += 1
    return units


def _decide(findings: list[Finding], scored: list[tuple[int, int, float]]) -> str:
    """Refuse a wording the rules found unless the model reads its sentence as a denial; review the unsure."""
    def score_at(finding):
        return max((s for start, end, s in scored if start <= finding.start < end), default=1.0)

    refused = [f for f in findings if f.action == "refuse"]
    if any(f.kind not in VETOABLE_KINDS or score_at(f) >= VETO_BELOW for f in refused):
        return DRUG_LIKE
    if findings or any(s >= REVIEW_AT for _, _, s in scored):
        return NEEDS_REVIEW
    return COSMETIC


@lru_cache(maxsize=1)
def checker_version() -> str:
    """A fingerprint of the rules, thresholds and model corpus: stored copy checked by another needs re-checking."""
    parts = [p.regex.pattern for p in (*cp.PATTERNS, *ads.PATTERNS)]
    parts += [repr((REVIEW_AT, VETO_BELOW, sorted(VETOABLE_KINDS))), claims_model.corpus_digest()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def check_text(text: str, countries=None) -> Verdict:
    """The verdict on a text for clinics in `countries` (GB, US; both when unknown): the single entry point."""
    known = tuple(sorted(set(countries or ()) & set(COUNTRIES))) or COUNTRIES
    return _check(text or "", known)


def _verbless_question(sentence: str) -> bool:
    """A short question that is not a yes/no question: "Acne scars?" sets up the answer after it."""
    return sentence.rstrip().endswith("?") and len(sentence.split()) <= 4 and not cp.YES_NO_QUESTION.search(sentence)


def _join_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fragments joined to their neighbour: "Acne scars. Sorted." and "Acne scars? Gone in a week." are claims."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and (len(text[start:end].split()) <= 2 or _verbless_question(text[slice(*joined[-1])])):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _narrowed(finding: Finding, text: str, spans: list[tuple[int, int]]) -> Finding:
    """A finding in joined fragments, pointed at just the sentences its wording spans (for highlighting)."""
    at = text.find(finding.match, finding.start)
    touched = [(s, e) for s, e in spans if s < at + len(finding.match) and at < e] if at >= 0 else []
    if not touched:
        return finding
    start, end = touched[0][0], touched[-1][1]
    return replace(finding, start=start, end=end, sentence=text[start:end].strip())


@lru_cache(maxsize=4096)
def _check(text: str, countries: tuple[str, ...]) -> Verdict:
    """Check a text sentence by sentence with the rules, and score it with the model."""
    lowered = normalise(text)
    plain_spans = sentences(lowered)
    spans = _join_fragments(lowered, plain_spans)
    findings = []
    for index, (start, end) in enumerate(spans):
        sentence = lowered[start:end]
        following = lowered[spans[index + 1][0]:spans[index + 1][1]] if index + 1 < len(spans) else ""
        found = _sentence_findings(text[start:end], sentence, start, _answered_no(sentence, following), countries)
        findings += [_narrowed(f, text, plain_spans) for f in found]
    scored = [(start, end, claims_model.score(text[start:end])) for start, end in _units(lowered, spans)]
    top = max(scored, key=lambda item: item[2], default=None)
    return Verdict(text=text, verdict=_decide(findings, scored), findings=tuple(findings),
                   score=top[2] if top else None, scored_sentence=text[top[0]:top[1]].strip() if top else "")


def forget_verdicts() -> None:
    """Drop cached verdicts and the loaded model (after training), so the next check uses the new model."""
    claims_model.forget()
    _check.cache_clear()
    checker_version.cache_clear()


def rules_for(finding: Finding, countries) -> list[str]:
    """The rules a finding breaks at clinics in these countries (both when none are known)."""
    countries = sorted(set(countries or ()) & set(COUNTRIES)) or list(COUNTRIES)
    return [rule for rule in (finding.rule_in(c) for c in countries) if rule] or [finding.rule]


def refusal_message(verdict: Verdict, countries=None) -> str:
    """Why a text is refused, all at once: each sentence with its wordings and rules, then the alternatives."""
    by_sentence: dict[str, list[Finding]] = {}
    for finding in verdict.findings:
        by_sentence.setdefault(finding.sentence, []).append(finding)
    parts = []
    for sentence, found in by_sentence.items():
        matches = ", ".join(f"\u201c{f.match}\u201d" for f in found)
        rules = " and ".join(dict.fromkeys(r for f in found for r in rules_for(f, countries)))
        what = "reads as a drug-like claim" if any(f.kind in CLAIM_KINDS for f in found) else "breaks an advertising rule"
        parts.append(f"\u201c{sentence}\u201d {what} ({matches}, rule {rules}).")
    return " ".join(parts + list(dict.fromkeys(f.suggestion for f in verdict.findings)))


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
        countries = self.countries(form) if callable(self.countries) else self.countries
        verdict = check_text(text, countries)
        field.claims_verdict, field.claims_countries = verdict, countries
        if verdict.is_drug_like:
            raise ValidationError(refusal_message(verdict, countries))
