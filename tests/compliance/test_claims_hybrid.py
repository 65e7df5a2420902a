"""Issue 15: the hybrid claims checker (rules and a trained model), its corpus, advertising rules, held-out gate."""
from collections import Counter

import pytest
from wtforms import Form, TextAreaField

from compliance import claims_model
from compliance.claims import VERDICTS, NoDrugClaims, check_text, refusal_message
from compliance.claims_eval import MAX_FALSE_REFUSALS, MAX_REVIEW_RATE, MIN_RECALL, evaluate
from tests.helpers import login, submit, text_of


def test_the_corpus_is_large_labelled_tagged_and_split():
    rows = claims_model.corpus_rows()
    assert len(rows) >= 2000
    assert Counter(r["label"] for r in rows).keys() == {"drug-like", "cosmetic"}
    assert Counter(r["split"] for r in rows).keys() == {"train", "heldout"}
    assert min(Counter((r["split"], r["label"]) for r in rows).values()) >= 300
    assert any(r["tag"].startswith("borderline") for r in rows if r["label"] == "cosmetic")
    train = {r["text"].lower() for r in rows if r["split"] == "train"}
    assert not [r["text"] for r in rows if r["split"] == "heldout" and r["text"].lower() in train]


def test_the_held_out_split_meets_the_targets(capsys):
    """The quality gate: the same figures bench/claims.py prints (speed is the bench's, not a test's)."""
    figures = evaluate(claims_model.corpus_rows("heldout"))
    with capsys.disabled():
        print(f"\nheld-out: recall {figures.recall:.3f}, false refusals {figures.false_refusal_rate:.3f}, "
              f"review {figures.review_rate:.3f}, precision {figures.precision:.3f}")
    assert figures.recall >= MIN_RECALL, [r["text"] for r in figures.missed]
    assert figures.false_refusal_rate <= MAX_FALSE_REFUSALS, [r["text"] for r in figures.refused_cosmetic]
    assert figures.review_rate <= MAX_REVIEW_RATE


@pytest.mark.parametrize("text", [
    "Wave farewell to acne with our exosome facial.",
    "With our serum, rosacea is a thing of the past.",
    "Acne scars? Sorted.",
    "Try the vesicle booster. It rebuilds the dermis from within.",
    "Book an exosome IV drip today.",
    "Exosome shots available at our clinic.",
    "Our exosomes are FDA cleared.",
    "RegenaVex tre@ts acne in two weeks.",
    "Our serum r e g r o w s hair.",
])
def test_the_issues_missed_patterns_are_caught(text):
    assert check_text(text).verdict in {"drug-like", "needs-review"}


@pytest.mark.parametrize("text", [
    "Does our facial treat acne? It is a cosmetic, so we refer acne to your GP.",
    "You may read that exosomes \u201cregrow hair\u201d. That is not supported by evidence.",
    "Exosomes, in our clinic, are never injected.",
    "Our serum is not, and cannot be, a treatment for eczema.",
])
def test_the_issues_false_refusals_are_not_refused(text):
    assert check_text(text).verdict != "drug-like"


@pytest.mark.parametrize("text, match, suggestion", [
    ("Book Botox with Dr King.", "Botox", "anti-wrinkle injections"),
    ("Botulinum toxin from \u00a3150 an area.", "Botulinum toxin", "anti-wrinkle injections"),
    ("We use Azzalure, Bocouture, Dysport and Xeomin.", "Azzalure", "anti-wrinkle injections"),
    ("Filler gone wrong? We dissolve it with Hyalase.", "Hyalase", "filler dissolving treatment"),
    ("Hyaluronidase appointments on Fridays.", "Hyaluronidase", "filler dissolving treatment"),
])
def test_a_prescription_only_medicine_named_at_a_uk_clinic_is_refused(text, match, suggestion):
    verdict = check_text(text, ["GB"])
    assert verdict.verdict == "drug-like"
    assert verdict.findings[0].match == match and verdict.findings[0].rule == "UK-POM-ADVERT"
    assert suggestion in verdict.findings[0].suggestion
    assert check_text(text, ["US"]).verdict != "drug-like"


@pytest.mark.parametrize("text", ["Prom glow-up facials this June.", "Teen skin clinic every Saturday.",
                                  "School-leavers get 20% off lip filler.", "Under 18s welcome."])
def test_copy_aimed_at_under_18s_is_refused_in_the_uk(text):
    verdict = check_text(text, ["GB"])
    assert verdict.verdict == "drug-like"
    assert {f.rule for f in verdict.findings} == {"UK-CAP-UNDER18"}


@pytest.mark.parametrize("text", ["We treat adults aged 18 and over only.", "We do not treat teenagers."])
def test_saying_adults_only_is_fine(text):
    assert check_text(text, ["GB"]).verdict == "cosmetic"


def test_clinically_proven_goes_to_review_in_the_us_only():
    text = "Clinically proven to improve the look of fine lines."
    us = check_text(text, ["US"])
    assert us.verdict == "needs-review"
    assert [(f.match, f.rule) for f in us.findings] == [("Clinically proven", "US-FTC-SUBSTANTIATION")]
    assert check_text(text, ["GB"]).findings == ()


def test_every_phrase_is_refused_at_once_with_its_suggestion():
    text = "Our serum heals acne. Botox from \u00a399. Exosomes regenerate the dermis."
    verdict = check_text(text, ["GB"])
    message = refusal_message(verdict, ["GB"])
    assert [f.match for f in verdict.findings] == ["heals acne", "Botox", "regenerate the dermis"]
    for phrase in ("\u201cheals acne\u201d", "\u201cBotox\u201d", "\u201cregenerate the dermis\u201d",
                   "anti-wrinkle injections", "improves the look of firmness", "UK-POM-ADVERT", "UK-MED"):
        assert phrase in message


def test_the_verdict_carries_findings_and_the_model_score():
    verdict = check_text("Kiss goodbye to hair loss after four sessions.")
    assert verdict.verdict in VERDICTS and 0 <= verdict.score <= 1
    assert verdict.as_json()["score"] == round(verdict.score, 3)
    assert check_text("Leaves skin feeling soft after a light peel.").score < 0.5


class ClinicForm(Form):
    blurb = TextAreaField(validators=[NoDrugClaims(countries=["GB"])])


def test_forms_refuse_drug_like_and_accept_needs_review_for_now():
    refused = ClinicForm(data={"blurb": "Dysport and filler in Leeds."})
    assert not refused.validate() and "anti-wrinkle injections" in refused.blurb.errors[0]
    assert ClinicForm(data={"blurb": "Clinically proven results."}).validate()


def test_training_is_deterministic_and_the_fast_scorer_is_the_pipeline(claims_model_file):
    """The fixed seed gives the same model, and the plain-Python scorer computes exactly what scikit-learn does."""
    pipeline = claims_model.train()
    texts = ["Say farewell to thinning hair.", "Leaves skin feeling   soft.", "Tr3@ts a c n e!", "x"]
    expected = pipeline.predict_proba(texts)[:, 1]
    assert [claims_model.model().score(t) for t in texts] == pytest.approx(list(expected), abs=1e-12)


def test_the_wording_checker_lists_every_phrase_for_the_practitioners_country(client, uk_practitioner):
    login(client, uk_practitioner.user.email)
    page = text_of(submit(client, "/practice/exosomes/check-wording",
                          {"text": "Botox from \u00a399. Our serum heals acne and regrows hair."}))
    for phrase in ("\u201cBotox\u201d", "\u201cheals acne\u201d", "\u201cregrows\u201d", "UK-POM-ADVERT"):
        assert phrase in page
    assert "US-FDA-CLAIMS" not in page


def test_the_record_for_a_queue_has_every_wording_its_sentence_and_the_checker_version():
    record = check_text("Great results. Clinically proven to lift.", ["US"]).as_record()
    assert record["verdict"] == "needs-review" and record["checker"]
    assert record["findings"] == [{"match": "Clinically proven", "rule": "US-FTC-SUBSTANTIATION",
                                   "suggestion": record["findings"][0]["suggestion"],
                                   "sentence": "Clinically proven to lift.", "kind": "efficacy", "action": "review"}]
