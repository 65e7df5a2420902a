"""What the public profile shows of licensing (directory sits below licensing, so it asks by template)."""
from __future__ import annotations

from core import clock
from licensing.standing import standing


def licensing_on_profile(practitioner) -> list[tuple]:
    """(clinic, standings) for each clinic where some offered treatment has a tier, for templates/licensing/_profile.html."""
    today, known = clock.today(), {}
    shown = []
    for clinic in practitioner.clinics:
        found = [standing(practitioner, clinic, o.treatment, today, known)
                 for o in sorted(practitioner.offerings, key=lambda o: o.treatment.name)]
        found = [s for s in found if s.tier is not None]
        if found:
            shown.append((clinic, found))
    return shown


def install(app) -> None:
    """Let the profile template ask for the licensing standings without directory importing licensing."""
    app.add_template_global(licensing_on_profile, "licensing_on_profile")
