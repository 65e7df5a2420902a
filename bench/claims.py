"""Benchmark the claims checker on the corpus's held-out split: precision, recall, false refusals, review, speed.

Run from the repository root:
    .venv/bin/python bench/claims.py [--split heldout|train] [--show]
Pins itself to one CPU core for the timing; trains the model in memory when instance/ has none.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

from compliance import claims, claims_model  # noqa: E402
from compliance.claims_eval import MIN_LINES_PER_SECOND, evaluate  # noqa: E402


def lines_per_second(texts: list[str], rounds: int = 3) -> float:
    """Lines checked per CPU second on one core, every line uncached (best of a few rounds).

    CPU time, not wall-clock, so other work on a shared machine does not count against the checker.
    """
    best = 0.0
    for _ in range(rounds):
        claims._check.cache_clear()
        started = time.process_time()
        for text in texts:
            claims.check_text(text)
        best = max(best, len(texts) / (time.process_time() - started))
    return best


def main() -> None:
    """Print the figures for one split of the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="heldout", choices=["heldout", "train"])
    parser.add_argument("--show", action="store_true", help="print the missed and wrongly refused lines")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    started = time.perf_counter()
    claims_model.model()
    loaded = time.perf_counter() - started
    rows = claims_model.corpus_rows(args.split)
    figures = evaluate(rows)
    speed = lines_per_second([r["text"] for r in rows])
    print(f"claims checker on the {args.split} split: {figures.lines} lines "
          f"({figures.drug_like} drug-like, {figures.cosmetic} cosmetic); model ready in {loaded:.2f} s")
    print(f"  recall of drug-like (refused or review)  {figures.recall:.3f}  "
          f"({figures.refused_right} refused, {figures.reviewed_right} to review, {len(figures.missed)} missed)")
    print(f"  precision of refusals                    {figures.precision:.3f}")
    print(f"  false refusals of cosmetic               {figures.false_refusal_rate:.3f}  ({figures.refused_wrong})")
    print(f"  cosmetic sent to review                  {figures.review_rate:.3f}  ({figures.reviewed_wrong})")
    print(f"  lines per CPU second, one core           {speed:,.0f}  (target {MIN_LINES_PER_SECOND:,})")
    print(f"  targets met: {figures.meets_targets() and speed >= MIN_LINES_PER_SECOND}")
    if args.show:
        for row in figures.missed:
            print(f"  MISSED  [{row['tag']}] {row['text']}")
        for row in figures.refused_cosmetic:
            print(f"  REFUSED [{row['tag']}] {row['text']}")


if __name__ == "__main__":
    main()
