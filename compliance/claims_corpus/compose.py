"""Compose corpus.csv: the labelled claims corpus the classifier trains on and is judged by.

Run from the repository root (`.venv/bin/python -m compliance.claims_corpus.compose`); the CSV is committed and
its split is fixed: each template draws from its own seeded generator.
Every template below was written for this project from the patterns of issue 15, the claims lists in
DOMAIN.md and the style of published ASA rulings, FDA warning letters and FTC actions (nothing copied).
Held-out lines come from their own templates and their own vocabulary, never from perturbing train lines,
so the held-out figures measure how the checker generalises to wording it has not seen.
"""
import csv
import itertools
import random
import string
from pathlib import Path

from compliance.claims_corpus import cosmetic_templates as cos
from compliance.claims_corpus import drug_templates as drug

OUT = Path(__file__).with_name("corpus.csv")
SEED = 15


def expand(template: str, slots: dict, rng: random.Random, count: int) -> list[str]:
    """Up to `count` distinct fillings of a template's {slots}, chosen at random from the slot lists."""
    names = list(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template) if name))
    combos = list(itertools.product(*(slots[name] for name in names)))
    rng.shuffle(combos)
    lines = []
    for combo in combos[:count]:
        text = template.format(**dict(zip(names, combo)))
        lines.append(text[0].upper() + text[1:])
    return lines


def rows_for(label: str, families: dict, split: str, slots: dict, per_template: int) -> list[dict]:
    """Rows of one label and split: each family's templates expanded with that split's vocabulary.

    Each template draws from its own seeded generator, so adding a template leaves every other line as it was.
    """
    rows = []
    for tag, templates in families.items():
        for template in templates:
            count = per_template * (2 if tag.startswith("borderline") else 1)
            rng = random.Random(f"{SEED}:{split}:{label}:{template}")
            rows += [{"text": t, "label": label, "tag": tag, "split": split}
                     for t in expand(template, slots, rng, count)]
    return rows


def main() -> None:
    """Write the corpus, deduplicated, train rows first."""
    rows = (rows_for("drug-like", drug.TRAIN, "train", drug.TRAIN_SLOTS, 14)
            + rows_for("cosmetic", cos.TRAIN, "train", cos.TRAIN_SLOTS, 26)
            + rows_for("drug-like", drug.HELDOUT, "heldout", drug.HELDOUT_SLOTS, 10)
            + rows_for("cosmetic", cos.HELDOUT, "heldout", cos.HELDOUT_SLOTS, 18))
    tricks = [(r, random.Random(f"{SEED}:trick:{r['text']}")) for r in rows if r["label"] == "drug-like"]
    rows += [{"text": drug.obfuscate(r["text"], rng, r["split"]), "label": "drug-like", "tag": "obfuscation",
              "split": r["split"]} for r, rng in tricks if rng.random() < 0.18]
    seen, unique = set(), []
    for row in rows:
        key = row["text"].lower()
        if key not in seen:
            seen.add(key)
            unique.append(row)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "label", "tag", "split"])
        writer.writeheader()
        writer.writerows(unique)
    print(f"{len(unique)} lines written to {OUT}")


if __name__ == "__main__":
    main()
