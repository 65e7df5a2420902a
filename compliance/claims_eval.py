"""The claims checker's figures on a labelled split: one function, shared by bench/claims.py and the quality gate."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from compliance.claims import COSMETIC, DRUG_LIKE, NEEDS_REVIEW, check_text

# The targets of issue 15 on the held-out split.
MIN_RECALL, MAX_FALSE_REFUSALS, MAX_REVIEW_RATE, MIN_LINES_PER_SECOND = 0.97, 0.03, 0.10, 2000


@dataclass
class Figures:
    """What the checker did with a labelled set: needs-review counts as caught for a drug-like line."""

    lines: int
    drug_like: int
    cosmetic: int
    refused_right: int  # drug-like lines refused
    reviewed_right: int  # drug-like lines sent to review
    refused_wrong: int  # cosmetic lines refused
    reviewed_wrong: int  # cosmetic lines sent to review
    missed: list[dict] = field(default_factory=list)
    refused_cosmetic: list[dict] = field(default_factory=list)
    missed_by_tag: Counter = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        """Drug-like lines refused or sent to review, of all drug-like lines."""
        return (self.refused_right + self.reviewed_right) / self.drug_like

    @property
    def precision(self) -> float:
        """Refused lines that were drug-like, of all refused lines."""
        refused = self.refused_right + self.refused_wrong
        return self.refused_right / refused if refused else 1.0

    @property
    def false_refusal_rate(self) -> float:
        """Cosmetic lines refused, of all cosmetic lines."""
        return self.refused_wrong / self.cosmetic

    @property
    def review_rate(self) -> float:
        """Cosmetic lines sent to review, of all cosmetic lines."""
        return self.reviewed_wrong / self.cosmetic

    def meets_targets(self) -> bool:
        """True when recall, false refusals and review rate meet issue 15's targets."""
        return (self.recall >= MIN_RECALL and self.false_refusal_rate <= MAX_FALSE_REFUSALS
                and self.review_rate <= MAX_REVIEW_RATE)


def evaluate(rows: list[dict]) -> Figures:
    """Check every row's text (countries unknown, so every rule applies) and count against its label."""
    verdicts = [(row, check_text(row["text"]).verdict) for row in rows]
    figures = Figures(len(rows), sum(r["label"] == DRUG_LIKE for r in rows), sum(r["label"] == COSMETIC for r in rows),
                      *(sum(r["label"] == label and v == verdict for r, v in verdicts)
                        for label, verdict in ((DRUG_LIKE, DRUG_LIKE), (DRUG_LIKE, NEEDS_REVIEW),
                                               (COSMETIC, DRUG_LIKE), (COSMETIC, NEEDS_REVIEW))))
    figures.missed = [r for r, v in verdicts if r["label"] == DRUG_LIKE and v == COSMETIC]
    figures.refused_cosmetic = [r for r, v in verdicts if r["label"] == COSMETIC and v == DRUG_LIKE]
    figures.missed_by_tag = Counter(r["tag"] for r in figures.missed)
    return figures
