"""The patient's date of birth: asked once, at the first booking that needs it, then only shown.

Reached from the confirm page with the chosen slot in the query (slug, treatment, clinic, start), it
goes back to that slot once saved; the way back is always built by url_for, never taken from the query.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.roles import role_required
from booking import flow
from core import clock
from core.extensions import db
from core.refusal import Refusal, put_on_form
from eligibility import queries, services
from eligibility.forms import BirthDateForm

bp = Blueprint("eligibility", __name__)


def _back() -> str | None:
    """The confirm page of the slot the patient came from, when the query names one."""
    args = {k: request.args.get(k, "")[:200] for k in ("slug", "treatment", "clinic", "start")}
    if not (args["slug"] and flow.parse_instant(args["start"])):
        return None
    return url_for("booking.confirm", **args)


@bp.route("/account/date-of-birth", methods=["GET", "POST"])
@role_required("patient")
def birth_date():
    """Give the date of birth once (then back to the chosen slot); once given it is shown, not changed here."""
    now, back, form = clock.now(), _back(), BirthDateForm()
    born = queries.birth_date_of(current_user.id)
    if born is None and form.validate_on_submit():
        try:
            services.give_birth_date(current_user, form.born(), now.date(), now)
        except Refusal as refusal:
            db.session.rollback()
            put_on_form(form, refusal)
        else:
            db.session.commit()
            flash("Thank you: your date of birth is saved.", "success")
            return redirect(back or url_for("booking.my_bookings"))
    return render_template("eligibility/birth_date.html", form=form, born=born, back=back)
