"""Admin screen for outgoing mail: what is waiting or failed, with the last error, and a retry button."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from accounts.roles import role_required
from audit.services import record, snapshot
from core import outbox
from core.extensions import db
from core.outbox import OutboxMessage
from core.refusal import Refusal

bp = Blueprint("admin_outbox", __name__, url_prefix="/admin/outbox")
RETRY_FIELDS = ("status", "attempts", "next_attempt_at", "last_error")


@bp.get("/")
@role_required("admin")
def index():
    """Emails queued, being sent or failed, failed first."""
    return render_template("admin/outbox.html", messages=outbox.unsent(), counts=outbox.counts())


@bp.post("/<int:message_id>/retry")
@role_required("admin")
def retry(message_id):
    """Send a failed email again now; the retry is on the audit trail."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    before = snapshot(message, RETRY_FIELDS)
    try:
        outbox.retry(message)
    except Refusal as refusal:
        flash(refusal.message, "error")
        return redirect(url_for(".index"))
    record(current_user, "mail.retried", "outbox_message", message.id, before=before,
           after=snapshot(message, RETRY_FIELDS))
    db.session.commit()
    flash(f"The email to {message.recipient} will be sent again now.", "success")
    return redirect(url_for(".index"))
