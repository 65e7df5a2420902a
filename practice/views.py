"""Every practitioner screen, on the one practice blueprint (practice/blueprint.py).

The screens live by family: profile (with the overview and photos), clinics, treatments,
credentials and exosomes. Each module adds its routes to the blueprint; importing them here
means registering `bp` registers every practice screen. Another practitioner's clinic,
treatment or credential answers 404, exactly like one that does not exist, so ids in URLs
reveal nothing. Deletions show a confirmation page; only its POST deletes.
"""
from practice import (batches, clinics, credentials, exosomes, licences, profile, reviews,  # noqa: F401
                      treatments)  # (their routes join bp)
from practice.blueprint import bp

__all__ = ["bp"]
