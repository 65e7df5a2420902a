"""Admin screen for outgoing mail: what is waiting or failed, with the last error, and a retry button."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from admin.blueprint import bp
from audit.services import record, snapshot
from core import outbox
from core.extensions import db
from core.outbox import OutboxMessage
from core.refusal import Refusal

RETRY_FIELDS = ("status", "attempts", "next_attempt_at", "last_error")


@bp.get("/outbox/")
def outbox_page():
    """Emails queued, being sent or failed, failed first."""
    return render_template("admin/outbox.html", messages=outbox.unsent(), counts=outbox.counts())


@bp.post("/outbox/<int:message_id>/retry")
def retry_mail(message_id):
    """Send a failed email again now; the retry is on the audit trail."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    before = snapshot(message, RETRY_FIELDS)
    try:
        outbox.retry(message)
    except Refusal as refusal:
        flash(refusal.message, "error")
        return redirect(url_for(".outbox_page"))
    record(current_user, "mail.retried", "outbox_message", message.id, before=before,
           after=snapshot(message, RETRY_FIELDS))
    db.session.commit()
    flash(f"The email to {message.recipient} will be sent again now.", "success")
    return redirect(url_for(".outbox_page"))
