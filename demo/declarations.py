"""Demo exosome declarations, so the demo directory shows every badge, not only "undeclared". Safe to re-run."""
from __future__ import annotations

from sqlalchemy import select

from compliance.consistency import conflicts
from compliance.models import ExosomeDeclaration
from compliance.services import declare_from_import
from directory.models import Practitioner
from core.extensions import db
from core import clock

# By practitioner id modulo 10: what each declares (sources, routes, certificate of analysis, tests).
# Ids ending 0-3 declare nothing and stay "undeclared".
DECLARATIONS = {
    4: (["none"], [], False, False), 5: (["none"], [], False, False), 6: (["none"], [], False, False),
    7: (["plant"], ["topical"], True, True), 8: (["synthetic"], ["topical"], True, True),
    9: (["human"], ["topical"], True, False),
}


def seed_declarations(actor) -> int:
    """Declare for demo practitioners that have not declared yet; return how many declared now."""
    already = set(db.session.scalars(select(ExosomeDeclaration.practitioner_id).distinct()))
    declared = 0
    for practitioner in db.session.scalars(select(Practitioner).order_by(Practitioner.id)):
        plan = DECLARATIONS.get(practitioner.id % 10)
        if plan is None or practitioner.id in already:
            continue
        sources, routes, coa, tests = plan
        if sources == ["none"] and conflicts(practitioner, uses_exosomes=False):
            continue  # they offer an exosome treatment, so "no exosomes" would be refused
        declare_from_import(practitioner, sources, routes, coa, tests, actor, clock.now(), attested=True)
        declared += 1
    return declared
