"""Directory rules: catalogue upkeep, slugs and years practising."""
import re
import unicodedata
from datetime import date

from sqlalchemy import bindparam, select

from directory.catalogue import catalogue_rows
from directory.listing import listed
from directory.models import Practitioner, Treatment
from core.extensions import db

# How many numbered slugs (base-2, base-3, ...) one query of `unique_slug` checks, and the query.
SLUG_CANDIDATES = 20
TAKEN_SLUGS = select(Practitioner.slug).where(Practitioner.slug.in_(bindparam("candidates", expanding=True)))


def sync_catalogue() -> int:
    """Insert or update the treatment catalogue; return how many treatments it holds."""
    existing = {t.slug: t for t in db.session.scalars(select(Treatment))}
    for row in catalogue_rows():
        treatment = existing.get(row["slug"]) or Treatment(slug=row["slug"])
        for key, value in row.items():
            setattr(treatment, key, value)
        db.session.add(treatment)
    db.session.flush()
    return len(existing) or len(list(catalogue_rows()))


def slugify(text: str) -> str:
    """Turn a name into a URL-safe slug such as 'dr-amelia-smith'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "practitioner"


def unique_slug(name: str) -> str:
    """Return a slug for the name that no practitioner uses yet: 'dr-amelia-smith', then '-2', '-3'...

    Candidates are compared for equality (the name's own slug first, then numbered ones a batch at
    a time), so the lookup uses the slug's unique index whatever the database's collation;
    `LIKE 'base%'` read the whole table.
    """
    base, first, count = slugify(name)[:120], 1, 1
    while True:
        candidates = [f"{base}-{n}" if n > 1 else base for n in range(first, first + count)]
        taken = set(db.session.scalars(TAKEN_SLUGS, {"candidates": candidates}))
        free = next((slug for slug in candidates if slug not in taken), None)
        if free:
            return free
        first, count = first + count, SLUG_CANDIDATES


def whole_years(since: date | None, today: date) -> int:
    """Whole years between a date and today (0 when unknown or in the future)."""
    if since is None or since > today:
        return 0
    years = today.year - since.year
    if (today.month, today.day) < (since.month, since.day):
        years -= 1
    return years


def money(minor: int, currency: str) -> str:
    """Format a price held in minor units, such as £250 or $99.50."""
    symbol = {"GBP": "£", "USD": "$", "EUR": "€"}.get(currency, currency + " ")
    major, cents = divmod(minor, 100)
    return f"{symbol}{major:,}" + (f".{cents:02d}" if cents else "")


def listed_profile_or_404(slug: str, today: date) -> Practitioner:
    """The listed practitioner with this slug, with what a public page shows loaded; 404 otherwise."""
    from flask import abort
    from sqlalchemy.orm import selectinload

    from directory.models import Offering

    practitioner = db.session.scalar(
        select(Practitioner).where(Practitioner.slug == slug, listed(Practitioner, today))
        .options(selectinload(Practitioner.clinics), selectinload(Practitioner.credentials),
                 selectinload(Practitioner.offerings).selectinload(Offering.treatment)))
    if practitioner is None:
        abort(404)
    return practitioner
