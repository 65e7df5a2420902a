"""What the patient's booking page shows of the products used (booking sits below batches, so it asks by template)."""
from __future__ import annotations

from dataclasses import dataclass

from batches import queries


@dataclass(frozen=True)
class Recorded:
    """The products recorded for one booking, and the recalls of their batches."""

    uses: list
    recalls: dict


def booking_products(booking) -> Recorded:
    """The products recorded for the booking and any recalls of their batches, for templates/batches/_booking.html."""
    uses = queries.products_of(booking)
    return Recorded(uses, queries.recalls_by_key(uses))


def install(app) -> None:
    """Let the booking templates ask for a booking's products without booking importing batches."""
    app.add_template_global(booking_products, "booking_products")
