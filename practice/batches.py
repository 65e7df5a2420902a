"""The practitioner's record of products used at an attended appointment: add, correct or remove, for 14 days.

Another practitioner's booking or product answers 404, like one that does not exist. Every change is a
POST with a CSRF token, calls one batch service and commits once; a refusal is shown on the form.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from accounts.roles import role_required
from batches import queries, rules, services
from batches.forms import ProductForm
from booking.forms import ActionForm
from booking.queries import practitioners_booking
from core import clock
from core.extensions import db
from core.forms import carry_out
from core.refusal import Refusal
from practice.access import profile_required
from practice.blueprint import bp
from practice.booking_pages import agenda_day_url


def _page(booking, form, editing=None):
    """A booking's products page: what is recorded, with its recall if any, and the form."""
    uses = queries.products_of(booking)
    open_problem = None
    try:
        services.check_may_record(booking, booking.practitioner, clock.now())
    except Refusal as refusal:
        open_problem = refusal.message
    return render_template("practice/batches.html", booking=booking, uses=uses, form=form, editing=editing,
                           recalls=queries.recalls_by_key(uses), problem=open_problem, action_form=ActionForm(),
                           until=rules.editable_until(booking.starts_at), back=agenda_day_url(booking))


def _recalled_warning(batch_number: str) -> None:
    """Warn the practitioner at once when the batch they recorded is already recalled."""
    recall = services.recall_of_batch(batch_number)
    if recall is not None:
        flash(f"Batch {recall.batch_number} is under a recall: {recall.reason} An admin will see that this "
              "appointment is affected and the patient will be told.", "warning")


@bp.route("/bookings/<int:booking_id>/products", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def booking_products(practitioner, booking_id: int):
    """The products used at one of the practitioner's attended appointments, and the form to add one."""
    booking = practitioners_booking(practitioner, booking_id) or abort(404)
    form = ProductForm()
    if form.validate_on_submit() and carry_out(form, lambda: services.record_product(
            booking, practitioner, current_user, form.entry(), clock.now()),
            lambda use: f"{use.product_name} is recorded for this appointment."):
        _recalled_warning(form.batch_number.data)
        return redirect(url_for(".booking_products", booking_id=booking.id))
    return _page(booking, form)


@bp.route("/products/<int:use_id>/edit", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def edit_product(practitioner, use_id: int):
    """Correct one recorded product while the appointment's record is open."""
    use = queries.own_product(practitioner, use_id) or abort(404)
    form = ProductForm(obj=use)
    if form.validate_on_submit() and carry_out(form, lambda: services.change_product(
            use, practitioner, current_user, form.entry(), clock.now()), "The product is corrected."):
        _recalled_warning(form.batch_number.data)
        return redirect(url_for(".booking_products", booking_id=use.booking_id))
    return _page(use.booking, form, editing=use)


@bp.post("/products/<int:use_id>/delete")
@role_required("practitioner")
@profile_required
def remove_product(practitioner, use_id: int):
    """Remove a product recorded by mistake while the appointment's record is open."""
    use = queries.own_product(practitioner, use_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    booking_id, name = use.booking_id, use.product_name
    try:
        services.remove_product(use, practitioner, current_user, clock.now())
    except Refusal as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
    else:
        db.session.commit()
        flash(f"{name} is removed from this appointment's record.", "success")
    return redirect(url_for(".booking_products", booking_id=booking_id))
