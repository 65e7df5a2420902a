"""Declarations match offerings: what a practitioner says about exosomes agrees with what they offer and write.

A practitioner who declares "no exosomes" may not offer an exosome treatment (a catalogue
exosome treatment, or one marked as including an exosome adjunct), nor describe exosomes in
their bio or a treatment's text; offering an exosome treatment needs a declaration of use.

Where the check runs. Compliance sits above directory, so the directory services (the one
writer of profiles and offerings) cannot ask compliance anything. Rather than move those
writers, every writer asks this module before it writes: the practice screens for the bio
and offerings (practice/profile.py, practice/treatments.py), booking's offering rules for
the adjunct flag (booking/services/rules.py), and compliance's own `declare()` for a new
declaration, which covers the form, the importer and the demo alike. The importer, which
writes bios and offerings itself, checks a row's own values with `contradictions()` before it
writes them.

A session hook at flush time would catch every writer without their asking, but a refusal
raised inside a flush leaves the session unusable and cannot name the form field, so the
writers ask first instead; a new writer of bios or offerings must call `refuse_conflicts`.

`contradictions()` is the one rule; `conflicts()` feeds it what is stored and what is about to
change; `refuse_conflicts()` turns its answer into a Refusal naming the field, the offering and
the words that conflict.
"""
from __future__ import annotations

from dataclasses import dataclass

from compliance.claims import exosome_mentions
from compliance.queries import current_declaration
from core.refusal import Refusal
from directory.models import Practitioner, Treatment

KEEP = object()  # "as stored": the value the check takes when the caller changes nothing there
DECLARE_HINT = "declare the exosome products you use on your Exosomes page"


@dataclass(frozen=True)
class ProposedOffering:
    """A treatment as it is about to be offered: which one, its text, and whether it has an exosome adjunct."""

    treatment: Treatment
    description: str = ""
    includes_exosome_adjunct: bool = False

    @property
    def is_exosome(self) -> bool:
        """True for a catalogue exosome treatment or one marked as including an exosome adjunct."""
        return bool(self.treatment.exosome_adjunct or self.includes_exosome_adjunct)


@dataclass(frozen=True)
class Conflict:
    """One thing that contradicts the declaration: the form field, and what to tell the practitioner."""

    field: str
    message: str


def _offered(practitioner: Practitioner) -> list[ProposedOffering]:
    """The practitioner's stored offerings, as the check reads them."""
    return [ProposedOffering(o.treatment, o.description or "", bool(o.includes_exosome_adjunct))
            for o in practitioner.offerings]


def _wording(text: str, where: str, field: str, declaring: bool) -> list[Conflict]:
    """Exosome wording in a text of someone who declares, or is about to declare, that they use none."""
    then = ("take the wording out before declaring that you do not use exosomes" if declaring else
            f"but your declaration says you do not use them. Take the wording out, or {DECLARE_HINT}")
    return [Conflict(field, f"{where} mentions exosomes (\u201c{m.phrase}\u201d in \u201c{m.sentence}\u201d): "
                            f"{then}.") for m in exosome_mentions(text)]


def _offering(offering: ProposedOffering, declared: bool | None, field: str, declaring: bool) -> list[Conflict]:
    """An exosome offering without a declaration of use, and exosome wording in its text under "no exosomes"."""
    name = offering.treatment.name
    found = []
    if offering.is_exosome and declaring:
        found.append(Conflict(field, f"You offer {name}, which includes exosomes: stop offering it, or say which "
                                     "exosome products you use, before declaring that you do not use exosomes."))
    elif offering.is_exosome and declared is None:
        found.append(Conflict(field, f"{name} includes exosomes: {DECLARE_HINT} before offering it."))
    elif offering.is_exosome:
        found.append(Conflict(field, f"{name} includes exosomes, but your declaration says you do not use them. "
                                     f"Offer it only once you {DECLARE_HINT}."))
    if declared is False:
        found += _wording(offering.description, f"The description of {name}",
                          field if declaring else "description", declaring)
    return found


def contradictions(declared: bool | None, bio: str = "", offerings=(), declaring: bool = False) -> list[Conflict]:
    """The rule without the database: a bio and offerings against a declaration (None when none is made yet).

    `declaring` names every conflict under the declaration's field, for a declaration about to
    be made. The importer calls this with a row's own values before it writes anything.
    """
    if declared:
        return []
    field = "uses_exosomes" if declaring else None
    found = _wording(bio or "", "Your bio", field or "bio", declaring) if declared is False else []
    for offering in offerings:
        found += _offering(offering, declared, field or "treatment", declaring)
    return found


def conflicts(practitioner: Practitioner, *, uses_exosomes=KEEP, bio=KEEP,
              offering: ProposedOffering | None = None) -> list[Conflict]:
    """What would contradict the declaration if this change were saved.

    With `uses_exosomes` (a new declaration) the bio and every stored offering are checked
    against it; with `bio` or `offering` only that text or offering is checked against the
    declaration in force; with nothing, everything stored against the declaration in force.
    """
    declaring = uses_exosomes is not KEEP
    if declaring:
        declared = uses_exosomes
    else:
        declaration = current_declaration(practitioner)
        declared = None if declaration is None else declaration.uses_exosomes
    if declared:
        return []
    if offering is not None:
        field = "treatment" if offering.treatment.exosome_adjunct else "includes_exosome_adjunct"
        return _offering(offering, declared, field, declaring=False)
    if bio is not KEEP:
        return contradictions(declared, bio)
    return contradictions(declared, practitioner.bio, _offered(practitioner), declaring)


def refuse_conflicts(practitioner: Practitioner, **change) -> None:
    """Refuse a change that would contradict the declaration, naming every text and offering concerned."""
    found = conflicts(practitioner, **change)
    if found:
        raise Refusal("declaration_conflict", " ".join(dict.fromkeys(c.message for c in found)), found[0].field,
                      conflicts=[c.message for c in found])
