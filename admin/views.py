"""Every admin screen, on the one admin blueprint (admin/blueprint.py).

The screens live by family: overview, credentials (the verification queue), declarations
(exosome evidence), practitioners (suspension) and audit. Each module adds its routes to the
blueprint; importing them here means registering `bp` registers every admin screen.
"""
from admin import (audit, claims, credentials, declarations, licences, outbox, overview,  # noqa: F401
                   practitioners, problems, recalls, reviews)  # (their routes join bp)
from admin.blueprint import bp

__all__ = ["bp"]
