"""Recalls of a product batch: an admin enters one, sees every booking that used the batch, and its people are told.

Saving a recall emails each affected booking's patient and practitioner through the outbox, once each: the
same batch saved again updates the recall and tells only people not told yet. A batch a practitioner records
after its recall is entered makes the recall wait in the overview's queue until an admin sends its notices.
"""
from flask import redirect, render_template, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.pages import decision_made
from batches import queries, services
from batches.forms import RecallForm
from batches.models import Recall
from booking.forms import ActionForm
from core import clock
from core.extensions import db


def _told(result) -> str:
    """The admin's message after saving a recall."""
    recall, queued = result
    return f"The recall of batch {recall.batch_number} is saved. {queued} email{'s' if queued != 1 else ''} queued " \
           "to patients and practitioners not told before."


@bp.route("/recalls", methods=["GET", "POST"])
def recalls():
    """Recalls waiting for their notices, every recall entered, and the form to enter one."""
    form = RecallForm()
    if form.is_submitted():
        return decision_made(form, lambda: services.save_recall(
            current_user, form.product_name.data, form.batch_number.data, form.reason.data, form.source_url.data,
            clock.now()), _told, url_for(".recalls"), _recalls_page)
    return _recalls_page(form)


def _recalls_page(form):
    """The recalls page, with the form as typed (and its problems) after a refusal."""
    return render_template("admin/recalls.html", form=form, waiting=list(db.session.scalars(queries.waiting())),
                           recalls=list(db.session.scalars(queries.recalls())))


@bp.get("/recalls/<int:recall_id>")
def recall(recall_id: int):
    """One recall: the affected bookings with the product recorded, and who has been told."""
    found = db.get_or_404(Recall, recall_id)
    return render_template("admin/recall.html", recall=found, affected=queries.affected(found),
                           notices=queries.notices_of(found), action_form=ActionForm())


@bp.post("/recalls/<int:recall_id>/notify")
def notify_recall(recall_id: int):
    """Tell the people of affected bookings not told yet (a batch recorded after the recall was entered)."""
    found = db.get_or_404(Recall, recall_id)
    return decision_made(ActionForm(), lambda: services.notify(found, current_user, clock.now()),
                         lambda queued: f"{queued} email{'s' if queued != 1 else ''} queued.",
                         url_for(".recall", recall_id=found.id), lambda form: redirect(url_for(".recall",
                                                                                               recall_id=found.id)))
