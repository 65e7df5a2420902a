"""Setting a practitioner's cancellation policy (read with booking.policy.policy_of)."""
from __future__ import annotations

from datetime import datetime

from audit.services import record
from booking.policy import FEE_MAX, MAX_NOTICE_HOURS, CancellationPolicyRow, Policy
from core.extensions import db
from core.refusal import Refusal


def save_policy(practitioner, notice_hours, fee_text: str, actor, now: datetime) -> Policy:
    """Set the practitioner's policy, refused when out of range; recorded in the audit trail."""
    if not isinstance(notice_hours, int) or not 0 <= notice_hours <= MAX_NOTICE_HOURS:
        raise Refusal("notice_out_of_range", f"Give the notice in whole hours, from 0 to {MAX_NOTICE_HOURS}.",
                      "notice_hours")
    fee_text = " ".join((fee_text or "").split())
    if len(fee_text) > FEE_MAX:
        raise Refusal("fee_too_long", f"Keep the fee to {FEE_MAX} characters.", "fee_text")
    row = db.session.get(CancellationPolicyRow, practitioner.id)
    before = None if row is None else {"notice_hours": row.notice_hours, "fee_text": row.fee_text}
    if row is None:
        row = CancellationPolicyRow(practitioner_id=practitioner.id)
        db.session.add(row)
    row.notice_hours, row.fee_text, row.updated_at = notice_hours, fee_text, now
    db.session.flush()
    record(actor, "cancellation_policy.changed", "practitioner", practitioner.id, practitioner_id=practitioner.id,
           before=before, after={"notice_hours": notice_hours, "fee_text": fee_text})
    return Policy(notice_hours, fee_text)
