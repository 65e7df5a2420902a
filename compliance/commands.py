"""Compliance commands: `check-claims` (the claims checker on standard input), `train-claims`, `refresh-badges`
(which re-checks stored texts when the checker changed)."""
import json
import sys
import time
from pathlib import Path

import click

from compliance import claims, claims_model
from compliance.claims import COUNTRIES, check_text
from core.extensions import db
from core.mail import link_context


@click.command("check-claims")
@click.option("--country", "countries", multiple=True, type=click.Choice(COUNTRIES),
              help="Judge for clinics in this country (repeat for both; default: every rule applies).")
def check_claims_command(countries):
    """Read one text a line on standard input; print one JSON verdict a line (drug-like, needs-review, cosmetic)."""
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        click.echo(json.dumps(check_text(text, countries).as_json(), ensure_ascii=False))


@click.command("train-claims")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to save the model (default: $VERITY_CLAIMS_MODEL or instance/claims_model.joblib).")
def train_claims_command(output):
    """Train the claims model from the corpus's train split (fixed seed) and save it under instance/."""
    started = time.perf_counter()
    rows = claims_model.corpus_rows("train")
    path = claims_model.save(claims_model.train(rows), output)
    claims.forget_verdicts()
    click.echo(f"Trained the claims model on {len(rows):,} lines in {time.perf_counter() - started:.1f} s: {path}")


@click.command("refresh-badges")
def refresh_badges_command():
    """Re-check stored texts the current claims checker has not judged, and recompute every stored badge."""
    from compliance.sync import refresh_all

    with link_context():
        count, texts = refresh_all()
        db.session.commit()
    click.echo(f"Refreshed {count} compliance badges.")
    click.echo(f"Re-checked {sum(texts.values()) - texts['removed']} texts: {texts['pending']} sent for review, "
               f"{texts['refused']} hidden as drug-like, {texts['not_needed']} cosmetic.")

