"""Read-side helpers for the batch screens: a booking's products, a recall's affected bookings, the admin queue."""
from __future__ import annotations

from sqlalchemy import and_, exists, select

from batches.models import ProductUse, Recall, RecallNotice
from booking.models import Booking
from core.extensions import db


def products_of(booking) -> list[ProductUse]:
    """The products recorded for a booking, in the order they were recorded."""
    return list(db.session.scalars(select(ProductUse).where(ProductUse.booking_id == booking.id)
                                   .order_by(ProductUse.id)))


def own_product(practitioner, use_id: int) -> ProductUse | None:
    """One of the practitioner's own recorded products, or None (another's is as missing as one that is not)."""
    return db.session.scalar(select(ProductUse).where(ProductUse.id == use_id,
                                                      ProductUse.practitioner_id == practitioner.id))


def recalls_by_key(uses: list[ProductUse]) -> dict[str, Recall]:
    """The recalls of the batches among these products, by batch key."""
    keys = {use.batch_key for use in uses}
    if not keys:
        return {}
    return {r.batch_key: r for r in db.session.scalars(select(Recall).where(Recall.batch_key.in_(keys)))}


def affected(recall: Recall) -> list[tuple[Booking, ProductUse]]:
    """Every booking that used the recalled batch (batch numbers compared normalised), with the product recorded."""
    rows = db.session.execute(select(Booking, ProductUse).join(ProductUse, ProductUse.booking_id == Booking.id)
                              .where(ProductUse.batch_key == recall.batch_key)
                              .order_by(Booking.starts_at, Booking.id, ProductUse.id))
    seen, found = set(), []
    for booking, use in rows:
        if booking.id not in seen:
            seen.add(booking.id)
            found.append((booking, use))
    return found


def notices_of(recall: Recall) -> list[RecallNotice]:
    """Who has been told of a recall, in the order they were told."""
    return list(db.session.scalars(select(RecallNotice).where(RecallNotice.recall_id == recall.id)
                                   .order_by(RecallNotice.id)))


def _untold():
    """The SQL test "an affected booking of this recall whose patient has not been told"."""
    told = exists().where(RecallNotice.recall_id == Recall.id, RecallNotice.booking_id == ProductUse.booking_id,
                          RecallNotice.recipient == "patient")
    return exists().where(and_(ProductUse.batch_key == Recall.batch_key, ~told))


def recalls():
    """Every recall, newest first (the admin's list)."""
    return select(Recall).order_by(Recall.created_at.desc(), Recall.id.desc())


def waiting():
    """Recalls with an affected booking whose people are not told yet (a batch recorded after the recall)."""
    return select(Recall).where(_untold()).order_by(Recall.created_at, Recall.id)
