"""The account page: change email or password, download my data, delete my account."""
import json

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from accounts import services as accounts
from accounts.forms import ConfirmForm
from core import clock
from core.extensions import db, limiter
from core.forms import carry_out
from core.refusal import Refusal, put_on_form
from privacy import services
from privacy.forms import ChangeEmailForm, ChangePasswordForm, DeleteAccountForm

bp = Blueprint("account", __name__, url_prefix="/account")


def _forms(**given) -> dict:
    """The page's forms, each with its own prefix so their fields never share an id; `given` ones keep their errors."""
    made = {"email_form": lambda: ChangeEmailForm(prefix="email"), "password_form": lambda: ChangePasswordForm(
        prefix="pw"), "delete_form": lambda: DeleteAccountForm(prefix="delete"), "export_form": ConfirmForm}
    return {name: given.get(name) or make() for name, make in made.items()}


def _link_refused(refusal: Refusal):
    """The page for an email change link that is tampered with, expired or used."""
    return render_template("privacy/link_refused.html", message=refusal.message), 400


def _page(status: int = 200, **given):
    """The account page, with any form that just failed showing its errors."""
    return render_template("privacy/account.html", **_forms(**given),
                           deletion_refusal=services.deletion_refusal(current_user)), status


@bp.get("")
@login_required
def overview():
    """Your account: the address and the four things you can do."""
    return _page()


@bp.post("/email")
@login_required
@limiter.limit("10 per hour")
def change_email():
    """Send a confirmation link to the new address; the change waits for it."""
    form = ChangeEmailForm(prefix="email")
    if form.validate_on_submit() and carry_out(
            form, lambda: accounts.request_email_change(current_user, form.new_email.data, form.password.data),
            lambda new: f"We have sent a link to {new}. Your email changes when you open it; until then, "
                        f"keep using {current_user.email}."):
        return redirect(url_for("account.overview"))
    return _page(email_form=form)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    """The link from the new address: a button, so opening the email alone (or a link scanner) changes nothing."""
    try:
        _, new_email = accounts.read_email_change(token)
    except Refusal as refusal:
        return _link_refused(refusal)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            accounts.confirm_email_change(token)
        except Refusal as refusal:
            db.session.rollback()
            return _link_refused(refusal)
        db.session.commit()
        flash(f"Your email address is now {new_email}.", "success")
        return redirect(url_for("account.overview") if current_user.is_authenticated else url_for("accounts.login"))
    return render_template("privacy/confirm_email_change.html", form=form, new_email=new_email)


@bp.post("/password")
@login_required
@limiter.limit("10 per hour")
def change_password():
    """Change the password; this browser stays logged in, every other session ends."""
    form = ChangePasswordForm(prefix="pw")
    user = current_user._get_current_object()
    if form.validate_on_submit() and carry_out(
            form, lambda: accounts.change_password(user, form.current_password.data, form.password.data),
            "Your password is changed. Every other device is logged out."):
        session.clear()  # a fresh session carrying the new password's version
        login_user(user, remember=bool(request.cookies.get("remember_token")))
        return redirect(url_for("account.overview"))
    return _page(password_form=form)


@bp.post("/export")
@login_required
@limiter.limit("20 per hour")
def export():
    """Download everything Verity holds about you, as one JSON file."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _page(400, export_form=form)
    now = clock.now()
    data = services.export_for(current_user, now)
    db.session.commit()
    body = json.dumps(data, indent=2, ensure_ascii=False)
    name = f"verity-data-{now.date().isoformat()}.json"
    return body, 200, {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store",
                       "Content-Disposition": f'attachment; filename="{name}"'}


@bp.post("/delete")
@login_required
@limiter.limit("10 per hour")
def delete():
    """Delete the account after the password is entered again; the session ends with it."""
    form = DeleteAccountForm(prefix="delete")
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            deletion = services.delete_account(user, form.password.data, clock.now())
        except Refusal as refusal:
            db.session.rollback()
            put_on_form(form, refusal)
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(f"Your account is deleted. We have sent a last email to {deletion.address} saying what we removed.",
                  "success")
            return redirect(url_for("directory.home"))
    return _page(delete_form=form)
