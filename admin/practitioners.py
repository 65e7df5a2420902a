"""Finding practitioners, and suspending or reinstating one, with a reason they are told."""
from flask import render_template, request, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.forms import PractitionerFilterForm, ReasonForm
from admin.pages import cancelled_note, decision_made, page_number, paginate
from booking.services.delisting import SUSPENDED, cancel_for_delisting
from core import clock
from core.extensions import db
from credentials.queries import latest_versions
from directory import queries, services
from compliance.services import clear_booking_hold
from directory.models import ComplianceBadgeRow, Practitioner


@bp.get("/practitioners")
def practitioners():
    """Find practitioners by name or email, and by whether they are suspended."""
    form = PractitionerFilterForm(request.args)
    filters = {"q": form.q.data or "", "state": form.state.data or ""} if form.validate() else {}
    return render_template("admin/practitioners.html", form=form, filters=filters,
                           result=paginate(queries.practitioners(**filters), page_number()))


@bp.get("/practitioners/<int:practitioner_id>", endpoint="practitioner")
def practitioner_page(practitioner_id, form=None, hold_form=None):
    """A practitioner's account, credentials and suspension state, with the suspend or reinstate form."""
    practitioner = db.get_or_404(Practitioner, practitioner_id)
    return render_template("admin/practitioner.html", practitioner=practitioner, form=form or ReasonForm(),
                           credentials=latest_versions(practitioner), today=clock.today(),
                           hold=db.session.get(ComplianceBadgeRow, practitioner.id),
                           hold_form=hold_form or ReasonForm(prefix="hold"))


@bp.post("/practitioners/<int:practitioner_id>/suspend")
def suspend(practitioner_id):
    """Suspend a practitioner: out of search and profiles, cannot be booked."""
    return _change_suspension(practitioner_id, _suspend_and_cancel, "{} is suspended and has been told why.")


def _suspend_and_cancel(practitioner, admin, reason: str):
    """Suspend, then cancel every future booking and tell the patients and the practitioner, in one transaction."""
    services.suspend(practitioner, admin, reason)
    return cancel_for_delisting(practitioner, SUSPENDED, clock.now(), actor=admin)


@bp.post("/practitioners/<int:practitioner_id>/reinstate")
def reinstate(practitioner_id):
    """Lift a practitioner's suspension."""
    return _change_suspension(practitioner_id, services.reinstate, "{} is reinstated and has been told.")


def _change_suspension(practitioner_id, change, success: str):
    """Suspend or reinstate with the reason given, then show the practitioner; or the form with its problem."""
    practitioner, form = db.get_or_404(Practitioner, practitioner_id), ReasonForm()
    return decision_made(form, lambda: change(practitioner, current_user, form.reason.data),
                         lambda result: success.format(practitioner.name) + cancelled_note(result),
                         url_for(".practitioner", practitioner_id=practitioner.id),
                         lambda form: practitioner_page(practitioner_id, form))


@bp.post("/practitioners/<int:practitioner_id>/clear-hold")
def clear_hold(practitioner_id):
    """Reopen bookings held since a not-compliant badge, with the admin's reason; refused while still not compliant."""
    practitioner, form = db.get_or_404(Practitioner, practitioner_id), ReasonForm(prefix="hold")
    return decision_made(form, lambda: clear_booking_hold(practitioner, current_user, form.reason.data),
                         f"{practitioner.name} takes bookings again.",
                         url_for(".practitioner", practitioner_id=practitioner.id),
                         lambda form: practitioner_page(practitioner_id, hold_form=form))
