"""The exosome declaration columns: what the rows ask to declare, declared through compliance's services.

compliance/services.py is the one writer of declarations; the importer asks it, after the batch's
flush has given new practitioners their ids, exactly as the practice "declare exosomes" form does.
"""
from __future__ import annotations

from compliance.consistency import ProposedOffering, contradictions
from compliance.queries import current_declaration
from compliance.services import declare_from_import
from core.extensions import db
from directory.models import Practitioner, Treatment
from importer.parsing import NO_EXOSOMES, RowProblem


def wanted_declaration(practitioner: Practitioner | None, person: dict) -> tuple | None:
    """The declaration the rows ask for; None when they ask none or the practitioner's own already says it.

    A declaration the practitioner made on their own page is theirs: an import that says
    otherwise is refused rather than replacing it (and the evidence documents it points to).
    """
    sources = person["exosome_source"]
    if sources is None:
        return None
    routes = person["exosome_routes"] or ()
    wanted = (sources, routes, bool(person["coa_on_file"]), bool(person["endotoxin_tested"]))
    current = current_declaration(practitioner) if practitioner is not None and practitioner.id else None
    if current is None or current.via_import:
        return wanted
    declared = {(p.source, p.route) for p in current.products} if current.uses_exosomes else set()
    asked = set() if sources == (NO_EXOSOMES,) else {(s, r) for s in sources for r in routes}
    if declared == asked:
        return None
    raise RowProblem(f"{practitioner.name} declared their own exosome use on {current.declared_at:%Y-%m-%d}; "
                     "an import does not replace it: leave exosome_source empty for them")


def declare_exosomes(practitioner: Practitioner, wanted: tuple | None, actor) -> bool:
    """Declare the rows' exosome use through compliance, its one writer, after the flush gives ids; True if new."""
    if wanted is None:
        return False
    sources, routes, coa, tests = wanted
    previous = current_declaration(practitioner)
    return declare_from_import(practitioner, list(sources), list(routes), coa, tests, actor) is not previous


def refuse_contradictions(practitioner: Practitioner | None, person: dict, treatment_ids, wanted: tuple | None) -> None:
    """Refuse rows whose bio or treatments contradict the exosome declaration they leave in force (compliance's rule)."""
    if wanted is not None:
        declared = wanted[0] != (NO_EXOSOMES,)
    else:
        current = current_declaration(practitioner) if practitioner is not None and practitioner.id else None
        declared = None if current is None else bool(current.uses_exosomes)
    bio = person["bio"] or (practitioner.bio if practitioner is not None else "") or ""
    stored = [o.treatment for o in practitioner.offerings] if practitioner is not None else []
    rows = [db.session.get(Treatment, t) for t in dict.fromkeys(treatment_ids)]
    offered = {t.id: t for t in [*stored, *rows] if t is not None}.values()
    found = contradictions(declared, bio, [ProposedOffering(t) for t in offered])
    if found:
        raise RowProblem(found[0].message)
