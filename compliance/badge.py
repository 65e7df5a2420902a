"""The compliance badge: one function computes it from a declaration, clinic countries and public text.

`badge_for` and `badges_for` (a page of search results in a few queries) are what every page,
the API and the stored badge rows call; `evaluate` is the rule itself, taking plain facts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from compliance.claims import Finding, check_text
from compliance.models import ExosomeDeclaration, ReviewStatus, Route, Source
from compliance.rules import RULES, Rule, breach_words
from directory.models import BADGE_STATUSES, ComplianceBadgeRow, Offering, Practitioner
from core.extensions import db

NON_HUMAN = {Source.PLANT.value, Source.SYNTHETIC.value}
# The icon and words a badge shows: readable without colour, and never "approved" or "safe".
LABELS = {
    "undeclared": ("?", "Exosome use not declared"),
    "no_exosomes": ("\u2013", "Declares no exosome use"),
    "declared_compliant": ("\u25d0", "Exosomes declared within the rules, evidence not yet checked"),
    "verified_compliant": ("\u2713", "Exosomes within the rules, evidence checked by Verity"),
    "not_compliant": ("\u2715", "Exosomes: not compliant"),
}

# How each route reads in a sentence: "used on the skin after a procedure".
ROUTE_WORDS = {Route.TOPICAL.value: "on the skin after a procedure", Route.INJECTABLE.value: "by injection",
               Route.IV.value: "by drip (IV)"}


@dataclass(frozen=True)
class TextFinding:
    """A drug-like wording in one of the practitioner's public texts."""

    where: str  # such as "Bio" or "Clinic \u201cPiccadilly Clinic\u201d"
    finding: Finding


@dataclass(frozen=True)
class Facts:
    """Everything a badge depends on."""

    declaration: ExosomeDeclaration | None
    countries: frozenset[str]
    claims: tuple[TextFinding, ...] = ()


@dataclass(frozen=True)
class Breach:
    """A rule broken, where it binds ("GB", "US" or "ANY"), and why, in plain words."""

    rule: Rule
    where: str
    reasons: tuple[str, ...]


@dataclass
class Badge:
    """A practitioner's compliance badge and what it rests on."""

    status: str
    rules_broken: list[str] = field(default_factory=list)
    exosome_sources: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    declared_on: date | None = None
    reviewed_on: date | None = None
    breaches: list[Breach] = field(default_factory=list)
    claims: list[TextFinding] = field(default_factory=list)
    declaration: ExosomeDeclaration | None = None
    countries: list[str] = field(default_factory=list)
    bookings_held_since: datetime | None = None  # not_compliant once, and no admin has cleared it since

    @property
    def icon(self) -> str:
        """A symbol that tells the statuses apart without colour."""
        return LABELS[self.status][0]

    @property
    def label(self) -> str:
        """The badge's words (rule ids stay in the API and on the explanation page, never here)."""
        return LABELS[self.status][1]

    @property
    def reasons(self) -> list[str]:
        """Why the badge says what it says, in plain words a patient reads beside it."""
        if self.status == "not_compliant":
            return list(dict.fromkeys(breach_words(rule_id) for rule_id in self.rules_broken)) or [
                breach_words("")]
        if self.status == "undeclared":
            return ["They have not told us whether they use exosome products."]
        declared = f"Declared on {self.declared_on:%-d %B %Y}" if self.declared_on else "Declared"
        if self.status == "no_exosomes":
            return [f"{declared} that they do not use exosome products."]
        routes = " or ".join(ROUTE_WORDS.get(r, r) for r in self.routes) or "in ways not stated"
        used = f"{declared}: {_sources(self.exosome_sources)} exosomes, used {routes}."
        if self.status == "verified_compliant" and self.reviewed_on:
            return [used, f"Verity checked the certificates and test results on {self.reviewed_on:%-d %B %Y}."]
        return [used, "Verity has not checked the certificates and test results yet."]

    @property
    def uses_human_exosomes(self) -> bool:
        """True when the current declaration lists a human-derived product."""
        return Source.HUMAN.value in self.exosome_sources

    def as_json(self) -> dict:
        """The badge as the API gives it."""
        return {"status": self.status, "rules_broken": self.rules_broken, "exosome_sources": self.exosome_sources,
                "routes": self.routes, "declared_on": _iso(self.declared_on), "reviewed_on": _iso(self.reviewed_on)}


def _sources(values) -> str:
    """'plant-derived or synthetic', from source values, in lower case."""
    words = [Source(v).label.split(" (")[0].lower() for v in values] or ["unnamed"]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _products(facts: Facts):
    return facts.declaration.products if facts.declaration and facts.declaration.uses_exosomes else []


def _human_source(rule: Rule, facts: Facts, where: str) -> list[str]:
    return [f"Declares \u201c{p.name}\u201d, a human-derived exosome product." for p in _products(facts)
            if p.source == Source.HUMAN.value]


def _claims(rule: Rule, facts: Facts, where: str) -> list[str]:
    """One reason per offending sentence, naming the wordings found in it."""
    sentences: dict[tuple[str, str], list[str]] = {}
    for claim in facts.claims:
        if claim.finding.rule_in(where) == rule.id:
            sentences.setdefault((claim.where, claim.finding.sentence), []).append(claim.finding.match)
    return [f"{place}: \u201c{sentence}\u201d (drug-like: {', '.join(chr(8220) + m + chr(8221) for m in matches)})"
            for (place, sentence), matches in sentences.items()]


def _injected_or_unapproved(rule: Rule, facts: Facts, where: str) -> list[str]:
    routes = [f"Declares \u201c{p.name}\u201d as {Route(p.route).label.lower()}." for p in _products(facts)
              if p.route != Route.TOPICAL.value]
    return routes + _claims(rule, facts, where)


def _not_topical_adjunct(rule: Rule, facts: Facts, where: str) -> list[str]:
    reasons = []
    for p in _products(facts):
        if p.route != Route.TOPICAL.value:
            reasons.append(f"\u201c{p.name}\u201d is not used only on the skin after a procedure.")
        if p.source not in NON_HUMAN:
            reasons.append(f"\u201c{p.name}\u201d is {Source(p.source).label.lower()}, not plant or synthetic.")
        if not (p.coa_on_file and p.tests_on_file):
            reasons.append(f"\u201c{p.name}\u201d lacks a certificate of analysis or microbial and endotoxin tests.")
    if _products(facts) and not facts.declaration.claims_policy_attested:
        reasons.append("The claims policy (cosmetic wording only, no injection or infusion, consent) is not attested.")
    return reasons


CONDITIONS = {"human_source": _human_source, "drug_like_claims": _claims,
              "injected_or_unapproved": _injected_or_unapproved, "not_topical_adjunct": _not_topical_adjunct}


def evaluate(facts: Facts) -> Badge:
    """The badge these facts earn: every rule of every jurisdiction where the practitioner has a clinic."""
    breaches = []
    for rule in RULES:
        places = ["ANY"] if rule.jurisdiction == "ANY" else [c for c in sorted(facts.countries) if rule.applies_in(c)]
        for where in places:
            reasons = CONDITIONS[rule.condition](rule, facts, where)
            if reasons:
                breaches.append(Breach(rule, where, tuple(reasons)))
    declaration = facts.declaration
    if breaches:
        status = "not_compliant"
    elif declaration is None:
        status = "undeclared"
    elif not declaration.uses_exosomes:
        status = "no_exosomes"
    else:
        status = "verified_compliant" if declaration.is_reviewed else "declared_compliant"
    return Badge(status=status, rules_broken=list(dict.fromkeys(b.rule.id for b in breaches)),
                 breaches=breaches, claims=list(facts.claims), countries=sorted(facts.countries),
                 **declared(declaration))


def declared(declaration: ExosomeDeclaration | None) -> dict:
    """What a badge shows of the current declaration: sources, routes and its dates."""
    products = declaration.products if declaration is not None and declaration.uses_exosomes else []
    reviewed = declaration is not None and declaration.review_status == ReviewStatus.REVIEWED.value
    return {"declaration": declaration, "exosome_sources": sorted({p.source for p in products}),
            "routes": sorted({p.route for p in products}),
            "declared_on": declaration.declared_at.date() if declaration else None,
            "reviewed_on": declaration.reviewed_at.date() if reviewed and declaration.reviewed_at else None}


@dataclass(frozen=True)
class StoredText:
    """One public text the practitioner wrote: which field of which row, how pages name it, and its words."""

    kind: str  # bio, offering, clinic or statement (compliance.models.ClaimReview.kind)
    object_id: int
    where: str
    text: str
    countries: tuple[str, ...]  # whose advertising rules judge it: the clinic's, else all the practitioner's


def stored_texts(practitioner: Practitioner, declaration: ExosomeDeclaration | None) -> list[StoredText]:
    """Everything the practitioner wrote that the public reads, with where it is stored."""
    countries = tuple(sorted({c.country for c in practitioner.clinics}))
    texts = [StoredText("bio", practitioner.id, "Bio", practitioner.bio or "", countries)]
    texts += [StoredText("offering", o.id, f"Treatment \u201c{o.treatment.name if o.treatment else 'listed'}\u201d",
                         o.description or "", countries) for o in practitioner.offerings]
    texts += [StoredText("clinic", c.id, f"Clinic \u201c{c.name}\u201d", c.blurb or "", (c.country,))
              for c in practitioner.clinics]
    if declaration is not None:
        texts.append(StoredText("statement", declaration.id, "Exosome statement", declaration.statement or "",
                                countries))
    return [t for t in texts if t.text.strip()]


def facts_for(practitioner: Practitioner, declaration: ExosomeDeclaration | None) -> Facts:
    """Gather a practitioner's facts from their loaded clinics, offerings and current declaration.

    Only texts the checker refuses (drug-like where they practise) break a rule: an unsure one is
    hidden until an admin decides (compliance/moderation.py), and an approved one breaks nothing.
    """
    claims = []
    for text in stored_texts(practitioner, declaration):
        verdict = check_text(text.text, text.countries)
        if verdict.is_drug_like:
            claims += [TextFinding(text.where, f) for f in verdict.findings if f.action == "refuse"]
    return Facts(declaration, frozenset(c.country for c in practitioner.clinics), tuple(claims))


def current_declarations(practitioner_ids) -> dict[int, ExosomeDeclaration]:
    """Each practitioner's current declaration, with its products, in two queries."""
    if not practitioner_ids:
        return {}
    rows = db.session.scalars(
        select(ExosomeDeclaration).where(ExosomeDeclaration.practitioner_id.in_(list(practitioner_ids)),
                                         ExosomeDeclaration.superseded_at.is_(None))
        .order_by(ExosomeDeclaration.id).options(selectinload(ExosomeDeclaration.products)))
    return {d.practitioner_id: d for d in rows}  # the newest wins should two ever be current


def badge_for(practitioner: Practitioner, today: date | None = None) -> Badge:
    """The practitioner's badge on `today` (taken now so date-bound rules, such as evidence expiry, fit in)."""
    declaration = current_declarations([practitioner.id]).get(practitioner.id)
    badge = evaluate(facts_for(practitioner, declaration))
    row = db.session.get(ComplianceBadgeRow, practitioner.id) if practitioner.id is not None else None
    badge.bookings_held_since = row.bookings_held_since if row is not None else None
    return badge


def badges_for(practitioner_ids, today: date | None = None) -> dict[int, Badge]:
    """Badges for many practitioners (a page of search results) in a handful of queries."""
    ids = list(dict.fromkeys(practitioner_ids))
    if not ids:
        return {}
    practitioners = db.session.scalars(
        select(Practitioner).where(Practitioner.id.in_(ids))
        .options(selectinload(Practitioner.clinics),
                 selectinload(Practitioner.offerings).selectinload(Offering.treatment)))
    declarations = current_declarations(ids)
    return {p.id: evaluate(facts_for(p, declarations.get(p.id))) for p in practitioners}


def stored_badges(practitioner_ids) -> dict[int, Badge]:
    """Badges for a page of search results from the stored rows (see compliance.sync), without
    re-checking every text; practitioners without a stored row are evaluated in full."""
    ids = list(dict.fromkeys(practitioner_ids))
    rows = {r.practitioner_id: r for r in db.session.scalars(
        select(ComplianceBadgeRow).where(ComplianceBadgeRow.practitioner_id.in_(ids)))}
    # "undeclared" means no current declaration: only the others need theirs loaded.
    declarations = current_declarations([pid for pid, row in rows.items() if row.status != "undeclared"])
    badges = {pid: Badge(status=row.status, rules_broken=[r for r in row.rules_broken.split(",") if r],
                         bookings_held_since=row.bookings_held_since, **declared(declarations.get(pid)))
              for pid, row in rows.items()}
    missing = [pid for pid in ids if pid not in rows]
    return {**badges, **(badges_for(missing) if missing else {})}


def with_badges(result):
    """Add each search hit's stored badge, for the result cards and the API."""
    badges = stored_badges([hit.practitioner.id for hit in result.hits])
    for hit in result.hits:
        hit.badge = badges[hit.practitioner.id]
    return result
