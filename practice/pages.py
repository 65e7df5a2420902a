"""What the practice screens share: a form saved through one service call, and a confirmed deletion."""
from flask import flash, redirect, render_template, url_for

from core.forms import carry_out
from core.refusal import put_on_form
from practice.forms import ConfirmForm


def form_page(template: str, form, change, success, done: str = ".dashboard", show=put_on_form, **context):
    """Save the form through `change` and go on to `done`, or show the form again with its problems."""
    if form.validate_on_submit() and carry_out(form, change, success, show):
        return redirect(url_for(done))
    return render_template(template, form=form, **context)


def confirmed(change, success: str, verb: str, thing: str, consequence: str):
    """Ask before a deletion; its POST makes the change (or flashes why not) and goes back to the dashboard."""
    form = ConfirmForm()
    if form.validate_on_submit():
        if not carry_out(form, change, success):
            flash(" ".join(form.form_errors), "error")
        return redirect(url_for(".dashboard"))
    return render_template("practice/confirm_delete.html", form=form, verb=verb, thing=thing, consequence=consequence)
