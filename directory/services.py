"""Directory rules: catalogue upkeep, slugs and years practising."""
import re
import unicodedata
from datetime import date

from sqlalchemy import select

from directory.catalogue import catalogue_rows
from directory.models import Practitioner, Treatment
from extensions import db


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
    """Return a slug for the name that no practitioner uses yet."""
    base = slugify(name)[:120]
    taken = set(db.session.scalars(select(Practitioner.slug).where(Practitioner.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def whole_years(since: date | None, today: date) -> int:
    """Whole years between a date and today (0 when unknown or in the future)."""
    if since is None or since > today:
        return 0
    years = today.year - since.year
    if (today.month, today.day) < (since.month, since.day):
        years -= 1
    return years


def is_listed(practitioner: Practitioner, today: date) -> bool:
    """Shown to the public: not suspended and holding a current verified registration."""
    from credentials.models import CredentialKind

    return practitioner.suspended_at is None and any(
        c.kind == CredentialKind.REGISTRATION.value and c.is_current(today) for c in practitioner.credentials)


def money(minor: int, currency: str) -> str:
    """Format a price held in minor units, such as £250 or $99.50."""
    symbol = {"GBP": "£", "USD": "$", "EUR": "€"}.get(currency, currency + " ")
    major, cents = divmod(minor, 100)
    return f"{symbol}{major:,}" + (f".{cents:02d}" if cents else "")
