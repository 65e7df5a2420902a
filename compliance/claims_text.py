"""Reading a text for the claims checker: normalising it, cutting it into sentences and clauses, negation.

Also where a text mentions exosome material at all (`exosome_mentions`), which the consistency checks use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from compliance import claim_patterns as cp

ABBREVIATIONS = re.compile(r"(?:\b(?:dr|mr|mrs|ms|st|vs|approx|e\.g|i\.e|etc)\.)$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+|\n+|\s*[\u2022\u25cf]\s*")
STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                          "\u2010": "-", "\u2011": "-"})


def normalise(text: str) -> str:
    """Lower-case the text, straighten quotes and undo look-alike characters, keeping every character in place."""
    text = text.translate(STRAIGHT)
    return cp.unmask("".join(c.lower() if len(c.lower()) == 1 else c for c in text))


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
