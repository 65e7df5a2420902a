"""Batch services: the only code that adds, changes or deletes products used, recalls and recall notices.

Nothing here commits; the screen does once the whole change is accepted. Every change is audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from audit.services import record, snapshot
from batches import notices, rules
from batches.models import ProductUse, Recall
from booking.models import Booking, BookingStatus
from core.extensions import db
from core.refusal import Refusal

AUDITED = ("product_name", "manufacturer", "batch_number", "expires_on", "quantity", "expired_confirmed")
RECALL_AUDITED = ("product_name", "batch_number", "reason", "source_url")


@dataclass(frozen=True)
class ProductEntry:
    """What the practitioner typed for one product."""

    product_name: str
    manufacturer: str
    batch_number: str
    expires_on: date | None
    quantity: str = ""
    expired_confirmed: bool = False


def check_may_record(booking: Booking, practitioner, now: datetime) -> None:
    """Refuse another practitioner's booking, one not attended, and one whose edit window has closed."""
    if practitioner is None or booking.practitioner_id != practitioner.id:
        raise Refusal("not_your_booking", "You can record products only for your own appointments.", status=404)
    if booking.status != BookingStatus.ATTENDED.value:
        raise Refusal("not_attended", "Mark the appointment attended first; products are recorded for appointments "
                                      "that took place.")
    if now > rules.editable_until(booking.starts_at):
        raise Refusal("record_closed", f"Products can be added or changed for {rules.EDIT_WINDOW.days} days after "
                                       "the appointment; this record is now closed. Ask an admin to correct it.")


def _required(value: str, limit: int, field: str, what: str) -> str:
    """A tidied required text, or a Refusal on its field."""
    value = rules.tidy(value)
    if not value:
        raise Refusal(f"{field}_missing", f"Enter the {what}.", field)
    if len(value) > limit:
        raise Refusal(f"{field}_too_long", f"Keep the {what} to {limit} characters.", field)
    return value


def _checked_expiry(entry: ProductEntry, booking: Booking) -> date:
    """The expiry date, refused when missing, implausible, or before the appointment unless confirmed."""
    if entry.expires_on is None:
        raise Refusal("expires_on_missing", "Enter the expiry date printed on the product.", "expires_on")
    day = rules.appointment_date(booking.starts_at, booking.time_zone)
    if rules.implausible_expiry(entry.expires_on, day):
        raise Refusal("expires_on_implausible", "That expiry date is more than "
                      f"{rules.LONGEST_SHELF_LIFE_YEARS} years after the appointment. Check the year.", "expires_on")
    if rules.expired_on_the_day(entry.expires_on, day) and not entry.expired_confirmed:
        raise Refusal("expired_product", f"This product expired on {entry.expires_on:%-d %B %Y}, before the "
                      f"appointment on {day:%-d %B %Y}. Check the date on the label. If an expired product really "
                      "was used, tick the box below: it is then recorded and shown as expired.", "expires_on")
    return entry.expires_on


def _values(entry: ProductEntry, booking: Booking) -> dict:
    """The entry checked and tidied into column values, or a Refusal naming the field."""
    batch = _required(entry.batch_number, rules.BATCH_MAX, "batch_number", "batch or lot number")
    if not rules.batch_key(batch):
        raise Refusal("batch_number_missing", "Enter the batch or lot number with its letters and digits.",
                      "batch_number")
    quantity = rules.tidy(entry.quantity)
    if len(quantity) > rules.QUANTITY_MAX:
        raise Refusal("quantity_too_long", f"Keep the quantity to {rules.QUANTITY_MAX} characters.", "quantity")
    expires_on = _checked_expiry(entry, booking)
    return {"product_name": _required(entry.product_name, rules.NAME_MAX, "product_name", "product name"),
            "manufacturer": _required(entry.manufacturer, rules.NAME_MAX, "manufacturer", "manufacturer"),
            "batch_number": batch, "batch_key": rules.batch_key(batch), "expires_on": expires_on,
            "quantity": quantity,
            "expired_confirmed": rules.expired_on_the_day(expires_on, rules.appointment_date(
                booking.starts_at, booking.time_zone))}


def _audit(actor, action: str, use: ProductUse, before: dict | None = None) -> None:
    """Record a change of a product used in the audit trail, with what it was before."""
    record(actor, action, "product_use", use.id, practitioner_id=use.practitioner_id, before=before,
           after=None if action == "batch.removed" else snapshot(use, AUDITED),
           reason=f"Booking {use.booking_id}")


def record_product(booking: Booking, practitioner, actor, entry: ProductEntry, now: datetime) -> ProductUse:
    """Record one product used at the practitioner's own attended appointment."""
    check_may_record(booking, practitioner, now)
    use = ProductUse(booking_id=booking.id, practitioner_id=booking.practitioner_id, recorded_at=now,
                     **_values(entry, booking))
    db.session.add(use)
    db.session.flush()
    _audit(actor, "batch.recorded", use)
    return use


def change_product(use: ProductUse, practitioner, actor, entry: ProductEntry, now: datetime) -> ProductUse:
    """Correct a product recorded for the practitioner's appointment, while the record is open."""
    check_may_record(use.booking, practitioner, now)
    before = snapshot(use, AUDITED)
    for name, value in _values(entry, use.booking).items():
        setattr(use, name, value)
    use.updated_at = now
    _audit(actor, "batch.changed", use, before)
    return use


def remove_product(use: ProductUse, practitioner, actor, now: datetime) -> None:
    """Remove a product recorded by mistake, while the record is open."""
    check_may_record(use.booking, practitioner, now)
    _audit(actor, "batch.removed", use, snapshot(use, AUDITED))
    db.session.delete(use)


def recall_of_batch(batch_number: str) -> Recall | None:
    """The recall of a batch (compared normalised), if an admin has entered one."""
    return db.session.scalar(select(Recall).where(Recall.batch_key == rules.batch_key(batch_number)))


def _source(url: str) -> str:
    """The recall's source link: an http(s) address, or a Refusal."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > rules.URL_MAX or " " in url:
        raise Refusal("source_url_invalid", "Enter the web address of the recall notice (starting https://).",
                      "source_url")
    return url


def _recall_values(product_name: str, batch_number: str, reason: str, source_url: str) -> dict:
    """The recall's fields checked and tidied, or a Refusal naming the field."""
    batch = _required(batch_number, rules.BATCH_MAX, "batch_number", "batch or lot number")
    if not rules.batch_key(batch):
        raise Refusal("batch_number_missing", "Enter the batch or lot number with its letters and digits.",
                      "batch_number")
    reason = (reason or "").strip()
    if not reason or len(reason) > rules.REASON_MAX:
        raise Refusal("reason_missing", f"Say why the batch is recalled (up to {rules.REASON_MAX:,} characters).",
                      "reason")
    return {"product_name": _required(product_name, rules.NAME_MAX, "product_name", "product name"),
            "batch_number": batch, "batch_key": rules.batch_key(batch), "reason": reason,
            "source_url": _source(source_url)}


def _stored_recall(values: dict, admin, now: datetime) -> tuple[Recall, dict | None]:
    """The batch's recall row, made now or (the same batch saved again) updated; with what it was before."""
    recall = db.session.scalar(select(Recall).where(Recall.batch_key == values["batch_key"]))
    if recall is None:
        try:
            with db.session.begin_nested():
                recall = Recall(created_at=now, created_by_id=getattr(admin, "id", None), **values)
                db.session.add(recall)
        except IntegrityError:  # the same batch saved at the same moment by another request
            recall = db.session.scalar(select(Recall).where(Recall.batch_key == values["batch_key"]))
        else:
            return recall, None
    before = snapshot(recall, RECALL_AUDITED)
    for name, value in values.items():
        setattr(recall, name, value)
    recall.updated_at = now
    return recall, before


def save_recall(admin, product_name: str, batch_number: str, reason: str, source_url: str,
                now: datetime) -> tuple[Recall, int]:
    """Enter (or update) the recall of a batch and tell everyone affected not yet told; returns it and how many."""
    recall, before = _stored_recall(_recall_values(product_name, batch_number, reason, source_url), admin, now)
    db.session.flush()
    record(admin, "recall.updated" if before else "recall.entered", "recall", recall.id, before=before,
           after=snapshot(recall, RECALL_AUDITED), reason=recall.reason[:1000])
    return recall, notices.tell_affected(recall, admin, now)


def notify(recall: Recall, admin, now: datetime) -> int:
    """Tell the patients and practitioners of affected bookings not yet told (a batch recorded after the recall)."""
    return notices.tell_affected(recall, admin, now)
