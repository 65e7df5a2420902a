"""Problems patients reported after an appointment: the open ones first, each read in full and closed with a note.

A report reaches the admins by email at once (complications.alerts); this screen is where it is followed
until an admin closes it, saying what was done. Closing is audited.
"""
from flask import render_template, url_for
from flask_login import current_user

from admin.blueprint import bp
from admin.pages import decision_made
from complications import queries, rules, services
from complications.forms import ProblemCloseForm
from complications.models import ProblemReport
from core import clock
from core.extensions import db


@bp.get("/problems")
def problems():
    """Open reports (urgent or not, oldest first), then the most recently closed."""
    return render_template("admin/problems.html", open_reports=list(db.session.scalars(queries.open_reports())),
                           closed=list(db.session.scalars(queries.closed_reports())))


def _problem_page(found: ProblemReport, form):
    """One report, with the closing form as typed (and its problems) after a refusal."""
    return render_template("admin/problem.html", problem=found, booking=found.booking, form=form,
                           signs=rules.signs_named(found.urgent_signs), route=rules.route_for(found.country))


@bp.get("/problems/<int:report_id>")
def problem(report_id: int):
    """One report: the booking, the signs, what happened, and where it stands."""
    return _problem_page(db.get_or_404(ProblemReport, report_id), ProblemCloseForm())


@bp.post("/problems/<int:report_id>/close")
def close_problem(report_id: int):
    """Close a report with a note on what was done."""
    found = db.get_or_404(ProblemReport, report_id)
    form = ProblemCloseForm()
    return decision_made(form, lambda: services.close(found, current_user, form.note.data, clock.now()),
                         "The report is closed.", url_for(".problems"), lambda form: _problem_page(found, form))
