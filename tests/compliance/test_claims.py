"""The claims checker on the labelled set, on tricky negations, and as a form validator."""
import csv
from pathlib import Path

import pytest
from wtforms import Form, TextAreaField

from compliance.claims import NoDrugClaims, check_text, segments, sentences

LABELLED = Path(__file__).with_name("claims_labelled.csv")


def labelled_rows() -> list[dict]:
    """The labelled sentences: label (drug-like or cosmetic), text and batch."""
    with LABELLED.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_labelled_set_is_large_and_balanced():
    rows = labelled_rows()
    assert len(rows) >= 150
    assert {r["label"] for r in rows} == {"drug-like", "cosmetic"}
    assert min(sum(r["label"] == label for r in rows) for label in ("drug-like", "cosmetic")) >= 60


def test_precision_and_recall_on_the_labelled_set(capsys):
    rows = labelled_rows()
    predicted = [(r["label"], check_text(r["text"]).verdict, r["text"]) for r in rows]
    tp = sum(label == guess == "drug-like" for label, guess, _ in predicted)
    fp = sum(label == "cosmetic" and guess == "drug-like" for label, guess, _ in predicted)
    fn = sum(label == "drug-like" and guess == "cosmetic" for label, guess, _ in predicted)
    cosmetic = sum(label == "cosmetic" for label, _, _ in predicted)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    with capsys.disabled():
        print(f"\nclaims checker on {len(rows)} labelled sentences: precision {precision:.3f}, recall {recall:.3f}, "
              f"cosmetic refused {fp}/{cosmetic} ({fp / cosmetic:.1%})")
    missed = [text for label, guess, text in predicted if label == "drug-like" and guess == "cosmetic"]
    assert missed == [], "drug-like claims got through"
    assert fp / cosmetic <= 0.03


@pytest.mark.parametrize("text", [
    "We do not inject exosomes.",
    "There are no FDA-approved exosome treatments.",
    "Improves the look of tone and texture.",
    "Helps skin feel hydrated after microneedling.",
    "We never claim that exosomes treat acne.",
    "Injecting exosomes outside a clinical trial is unlawful in the US.",
    "Do exosomes cure acne? No, and we never say they do.",
    "Some clinics advertise IV exosomes; we do not.",
])
def test_negations_disclaimers_and_appearance_wording_are_cosmetic(text):
    assert check_text(text).verdict == "cosmetic"


@pytest.mark.parametrize("text, match, rule", [
    ("Our serum treats acne.", "treats acne", "US-FDA-CLAIMS"),
    ("Book our stem-cell therapy today.", "stem-cell therapy", "US-FDA-CLAIMS"),
    ("We use FDA-approved exosomes.", "FDA-approved exosomes", "US-FDA-UNAPPROVED"),
    ("We offer IV exosome infusions.", "IV exosome", "US-FDA-UNAPPROVED"),
    ("Nothing heals acne like our facial.", "heals acne", "US-FDA-CLAIMS"),
    ("No needles needed: exosomes regrow hair.", "regrow", "US-FDA-CLAIMS"),
])
def test_drug_like_wording_is_found_with_its_rule(text, match, rule):
    verdict = check_text(text)
    assert verdict.verdict == "drug-like"
    assert (verdict.findings[0].match, verdict.findings[0].rule) == (match, rule)
    assert verdict.findings[0].suggestion


def test_a_finding_names_the_uk_rule_for_a_uk_clinic():
    finding = check_text("Exosomes reverse hair loss.").findings[0]
    assert (finding.rule_in("GB"), finding.rule_in("US")) == ("UK-MED", "US-FDA-CLAIMS")


def test_only_the_offending_sentence_is_highlighted():
    text = "I trained in London. Our facial heals acne. Book online."
    pieces = segments(text)
    assert [chunk for chunk, finding in pieces if finding] == ["Our facial heals acne. "]
    assert "".join(chunk for chunk, _ in pieces) == text


def test_sentences_do_not_split_after_a_title():
    text = "Dr. Smith trained in Leeds. We do not inject exosomes."
    assert [text[s:e].strip() for s, e in sentences(text)] == ["Dr. Smith trained in Leeds.",
                                                                "We do not inject exosomes."]


class BioForm(Form):
    bio = TextAreaField(validators=[NoDrugClaims(countries=["GB"])])


def test_the_validator_names_the_sentence_the_rule_and_alternatives():
    form = BioForm(data={"bio": "Twenty years in practice. Exosomes repair the dermis."})
    assert not form.validate()
    message = form.bio.errors[0]
    assert "“Exosomes repair the dermis.”" in message
    assert "UK-MED" in message and "US-FDA-CLAIMS" not in message
    assert "improves the look of firmness" in message
    assert form.bio.claims_verdict.is_drug_like


def test_the_validator_accepts_cosmetic_wording():
    assert BioForm(data={"bio": "Helps skin feel soft. We do not inject exosomes."}).validate()
