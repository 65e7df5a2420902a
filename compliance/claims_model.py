"""The trained half of the claims checker: word and character n-grams, a linear model, calibrated scores.

The rules in compliance/claims.py explain themselves but miss paraphrases ("wave goodbye to acne"),
fragments ("Acne scars? Sorted.") and spelling tricks; this model scores how drug-like a text reads so
the unsure can go to a person. It is trained from the corpus in compliance/claims_corpus/corpus.csv
(train split only) with a fixed seed by `flask train-claims`, saved under instance/, never downloaded.
"""
from __future__ import annotations

import csv
import hashlib
import logging
import math
import os
import re
import threading
from collections import Counter
from pathlib import Path

import joblib

from compliance.claim_patterns import unmask

CORPUS = Path(__file__).with_name("claims_corpus") / "corpus.csv"
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "instance" / "claims_model.joblib"
MODEL_ENV = "VERITY_CLAIMS_MODEL"  # where the trained model lives, when not instance/claims_model.joblib
SEED = 15
LOG = logging.getLogger(__name__)

SPACED_LETTERS = re.compile(r"\b[a-z](?:[ .\-_*][a-z]){2,}\b")


def plain(text: str) -> str:
    """Undo spelling tricks before scoring: look-alike characters in words, spaced or dotted letters."""
    text = unmask((text or "").lower())
    return SPACED_LETTERS.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group()), text)


def corpus_rows(split: str | None = None, path: Path = CORPUS) -> list[dict]:
    """The labelled corpus (text, label, tag, split), optionally one split only."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if split is None or row["split"] == split]


def corpus_digest(path: Path = CORPUS) -> str:
    """A fingerprint of the corpus, saved with the model so a stale model is noticed."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def build_pipeline():
    """TF-IDF of words (1-2) and characters (2-5 within words), a linear SVM, sigmoid-calibrated."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion([
        ("words", TfidfVectorizer(preprocessor=plain, ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
        ("chars", TfidfVectorizer(preprocessor=plain, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                  min_df=2)),
    ])
    classifier = CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced", random_state=SEED),
                                        method="sigmoid", cv=5, ensemble=False)
    return make_pipeline(features, classifier)


def train(rows: list[dict] | None = None):
    """Fit the pipeline on the corpus's train split (deterministic: fixed seed, fixed folds)."""
    rows = rows if rows is not None else corpus_rows("train")
    pipeline = build_pipeline()
    pipeline.fit([r["text"] for r in rows], [int(r["label"] == "drug-like") for r in rows])
    return pipeline


def model_path() -> Path:
    """Where the trained model is saved and loaded from."""
    return Path(os.environ.get(MODEL_ENV) or DEFAULT_MODEL)


def save(pipeline, path: Path | None = None) -> Path:
    """Write the model with the corpus fingerprint it was trained on."""
    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"pipeline": pipeline, "corpus": corpus_digest()}, path)
    return path


WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
SPACES = re.compile(r"\s\s+")


def _word_ngrams(text: str, low: int, high: int) -> list[str]:
    """Word n-grams as TfidfVectorizer(analyzer="word") makes them from preprocessed text."""
    tokens = WORD.findall(text)
    return [" ".join(tokens[i:i + n]) for n in range(low, high + 1) for i in range(len(tokens) - n + 1)]


def _char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams within words, padded with a space, as TfidfVectorizer(analyzer="char_wb") makes them."""
    grams = []
    for word in SPACES.sub(" ", text).split():
        word = f" {word} "
        for n in range(low, high + 1):
            if n >= len(word):  # the whole padded word, once, and no longer n-grams
                grams.append(word)
                break
            grams += [word[i:i + n] for i in range(len(word) - n + 1)]
    return grams


class FastScorer:
    """The fitted pipeline's arithmetic in plain Python: one short text in tens of microseconds, not milliseconds.

    scikit-learn's per-call overhead (about 7 ms a text through the pipeline) would cap the checker far
    below 2,000 lines a second; the sum below is the same linear model and sigmoid, term by term.
    """

    def __init__(self, pipeline):
        features, calibrated = pipeline.steps[0][1], pipeline.steps[-1][1].calibrated_classifiers_[0]
        coef, offset, self.parts = calibrated.estimator.coef_[0], 0, []
        for _, vectorizer in features.transformer_list:
            weights = {term: (float(vectorizer.idf_[i]), float(coef[offset + i]))
                       for term, i in vectorizer.vocabulary_.items()}
            ngrams = _word_ngrams if vectorizer.analyzer == "word" else _char_wb_ngrams
            self.parts.append((ngrams, vectorizer.ngram_range, weights))
            offset += len(vectorizer.vocabulary_)
        self.intercept = float(calibrated.estimator.intercept_[0])
        sigmoid = calibrated.calibrators[0]
        self.a, self.b = float(sigmoid.a_), float(sigmoid.b_)

    def score(self, text: str) -> float:
        """The calibrated probability that `text` is drug-like (equal to the pipeline's predict_proba)."""
        decision, text = self.intercept, plain(text)
        for ngrams, (low, high), weights in self.parts:
            norm, dot = 0.0, 0.0
            for term, count in Counter(ngrams(text, low, high)).items():
                known = weights.get(term)
                if known is not None:
                    value = known[0] * (1.0 + math.log(count)) if count > 1 else known[0]
                    norm += value * value
                    dot += value * known[1]
            if norm:
                decision += dot / math.sqrt(norm)
        return 1.0 / (1.0 + math.exp(self.a * decision + self.b))


_loaded: dict = {}
_lock = threading.Lock()


def model():
    """The trained model, loaded once per path; trained in memory (with a warning) when none is saved or it is stale."""
    key = os.environ.get(MODEL_ENV)
    if key in _loaded:
        return _loaded[key]
    path = model_path()
    with _lock:
        if key not in _loaded:
            saved = joblib.load(path) if path.exists() else {}
            if saved.get("corpus") == corpus_digest():
                _loaded[key] = FastScorer(saved["pipeline"])
            else:
                LOG.warning("No claims model for this corpus at %s; training one in memory (run `flask "
                            "train-claims`).", path)
                _loaded[key] = FastScorer(train())
        return _loaded[key]


def forget() -> None:
    """Drop loaded models, so the next score reads the file again (after training)."""
    with _lock:
        _loaded.clear()


def score(text: str) -> float:
    """The calibrated probability that a text makes a drug-like claim."""
    return model().score(text)
