"""Register, log in and out, verify an email address, reset a password."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from accounts import services
from accounts.forms import ConfirmForm, EmailForm, LoginForm, RegisterForm, ResetPasswordForm
from accounts.models import User
from core.extensions import db, limiter, login_manager
from core.forms import carry_out
from core.refusal import Refusal, put_on_form

bp = Blueprint("accounts", __name__)


@login_manager.user_loader
def load_user(session_id: str):
    """Load the user of a session, refusing sessions from before a password change."""
    user_id, _, version = session_id.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user and user.session_version == int(version) else None


def safe_next(target: str | None) -> str | None:
    """Return a local path to go back to, or None for anything a browser could read as another site.

    Browsers read a backslash as a slash and drop tabs and newlines, so `/\\/x` and `/<tab>/x` mean `//x`;
    a path never holds whitespace or control characters (ours are percent-encoded), so those are refused.
    """
    if not target or any(char.isspace() or not char.isprintable() for char in target):
        return None
    path = target.replace("\\", "/")
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//"):
        return None
    return target


def home_for(user) -> str:
    """The page a user lands on after logging in."""
    return {"admin": url_for("admin.dashboard"),
            "practitioner": url_for("practice.dashboard")}.get(user.role, url_for("directory.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    """Create a patient or practitioner account and send the verification email."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data, form.role.data, form.name.data)
        except Refusal as refusal:
            put_on_form(form, refusal)
        else:
            services.send_verification_email(user)
            db.session.commit()
            _start_session(user, remember=False)
            flash("Welcome to Verity. We have emailed you a link to confirm your address.", "success")
            return redirect(safe_next(request.args.get("next")) or home_for(user))
    return render_template("accounts/register.html", form=form)


def _start_session(user: User, remember: bool) -> None:
    """Log the user in with a fresh session, so an old session id cannot be reused."""
    session.clear()
    login_user(user, remember=remember)


def _login_email_key() -> str:
    """Rate-limit key for logins: the email being tried."""
    return "login:" + services.normalise_email(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], key_func=_login_email_key)
def login():
    """Log in with email and password; the message never says which one was wrong."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            flash("That email and password do not match an account.", "error")
        else:
            db.session.commit()
            _start_session(user, remember=form.remember.data)
            flash("You are logged in.", "success")
            return redirect(safe_next(form.next.data) or home_for(user))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    """Log out and forget the session."""
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("directory.home"))


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """Confirm an email address: the link shows a button, the button verifies."""
    form = ConfirmForm()
    try:
        user = services.read_token(token, services.VERIFY_SALT, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    except Refusal as refusal:
        return link_refused(refusal)
    if user.email_verified:
        return _already_confirmed(user)
    if form.validate_on_submit():
        services.verify_email(token)
        db.session.commit()
        flash("Thank you, your email address is confirmed.", "success")
        # A patient who registered while booking goes back to the slot they chose.
        back_to = safe_next(session.pop("booking_next", None))
        return redirect(back_to or (home_for(user) if current_user.is_authenticated else url_for("accounts.login")))
    return render_template("accounts/verify.html", form=form, email=user.email)


def _already_confirmed(user: User):
    """A confirmation link that has done its work says so and offers nothing to press again."""
    if request.method == "POST":
        flash("Your email address is already confirmed.", "info")
        return redirect(home_for(current_user) if current_user.is_authenticated else url_for("accounts.login"))
    return render_template("accounts/verify.html", form=None, email=user.email, confirmed=True)


@bp.post("/verify/resend")
@login_required
@limiter.limit("5 per hour")
def resend_verification():
    """Send the logged-in user a new verification link."""
    if current_user.email_verified:
        flash("Your email address is already confirmed.", "info")
    else:
        services.send_verification_email(current_user)
        db.session.commit()
        flash("We have sent a new confirmation link.", "success")
    return redirect(safe_next(request.form.get("next")) or home_for(current_user))


def link_refused(refusal: Refusal):
    """The page for a signed link that is tampered with, expired or used."""
    return render_template("accounts/token_invalid.html", message=refusal.message), 400


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether the account exists or not."""
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash("If an account uses that address, we have emailed it a link to reset the password.", "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a signed, expiring, single-use link."""
    try:
        services.check_reset_token(token)
    except Refusal as refusal:
        return link_refused(refusal)
    form = ResetPasswordForm()
    # The service can still refuse the password: the form has no email address to compare it with.
    if form.validate_on_submit() and carry_out(form, lambda: services.reset_password(token, form.password.data)):
        logout_user()
        session.clear()
        flash("Your password is changed. Please log in with it.", "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)
