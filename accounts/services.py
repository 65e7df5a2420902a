"""Account rules and the one writer of user rows: registration, login, signed email tokens, password reset,
and the self-service changes (email, password, erasure)."""
import secrets

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from accounts.models import ERASED_DOMAIN, Role, User
from accounts.passwords import password_problem
from core import clock, mail
from core.extensions import db
from core.refusal import Refusal

VERIFY_SALT = "verity.email-verification"
RESET_SALT = "verity.password-reset"
# The refusals of a signed link that was tampered with, has expired or was already used.
LINK_REFUSALS = ("link_expired", "link_invalid", "link_used")


def normalise_email(email: str) -> str:
    """Compare emails case-insensitively and without stray spaces."""
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """Return the user with this email, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, password: str, role: Role, name: str = "", verified: bool = False) -> User:
    """Create a user after checking the email is free and the password acceptable."""
    email = normalise_email(email)
    if find_user(email):
        raise Refusal("email_taken", "An account with this email already exists.", "email")
    problem = password_problem(password, email)
    if problem:
        raise Refusal("password_refused", problem, "password")
    user = User(email=email, role=Role(role).value, name=name.strip())
    user.set_password(password)
    if verified:
        user.email_verified_at = clock.now()
    db.session.add(user)
    db.session.flush()
    return user


def _dummy_hash() -> str:
    """A hash to check against for unknown emails, so timing does not reveal them."""
    cache = current_app.extensions.setdefault("verity", {})
    if "dummy_hash" not in cache:
        cache["dummy_hash"] = generate_password_hash("not-a-real-password")
    return cache["dummy_hash"]


def authenticate(email: str, password: str) -> User | None:
    """Return the user when email and password match, else None (same cost either way)."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password):
        return None
    user.last_login_at = clock.now()
    return user


def _serializer(salt: str) -> URLSafeTimedSerializer:
    """Sign tokens with the app's key and a salt that names the token's purpose."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def make_token(user: User, salt: str) -> str:
    """Sign the user's id with their current session version, so used tokens die."""
    return _serializer(salt).dumps({"uid": user.id, "v": user.session_version, "e": user.email})


def read_token(token: str, salt: str, max_age: int) -> User:
    """Return the user a token names, or refuse the link (one of LINK_REFUSALS) with a reason."""
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise Refusal("link_expired", "This link has expired. Please ask for a new one.") from exc
    except BadSignature as exc:
        raise Refusal("link_invalid", "This link is not valid. Please ask for a new one.") from exc
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("e") or user.session_version != data.get("v"):
        raise Refusal("link_used", "This link is no longer valid. Please ask for a new one.")
    return user


def _mail_link(user: User, endpoint: str, salt: str, subject: str, template: str, **context) -> None:
    """Queue an email to the user with a signed link to a page, rendered from accounts/<template>."""
    link = url_for(endpoint, token=make_token(user, salt), _external=True)
    mail.queue(user.email, subject, f"accounts/{template}", {"user": user, "link": link, **context})


def send_verification_email(user: User) -> None:
    """Queue an email with a signed link that confirms the user's address."""
    _mail_link(user, "accounts.verify_email", VERIFY_SALT, "Confirm your email for Verity", "confirm_email",
               days=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 86400)


def verify_email(token: str) -> User:
    """Mark the email of the user a verification token names as verified."""
    user = read_token(token, VERIFY_SALT, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    if user.email_verified_at is None:
        user.email_verified_at = clock.now()
    return user


def request_password_reset(email: str) -> None:
    """Queue an email with a reset link if the account exists; say nothing either way."""
    user = find_user(email)
    if user is None or user.erased:
        return
    _mail_link(user, "accounts.reset_password", RESET_SALT, "Reset your Verity password", "reset_password",
               minutes=current_app.config["RESET_TOKEN_MAX_AGE"] // 60)


def check_reset_token(token: str) -> User:
    """Return the user a reset token names, or refuse the link."""
    return read_token(token, RESET_SALT, current_app.config["RESET_TOKEN_MAX_AGE"])


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link; the link then stops working."""
    user = check_reset_token(token)
    problem = password_problem(password, user.email)
    if problem:
        raise Refusal("password_refused", problem, "password")
    user.set_password(password)
    # Receiving the link proves the user owns the address.
    user.email_verified_at = user.email_verified_at or clock.now()
    return user


# --- Self-service: change email, change password, and erase the account row (privacy/ calls erase_user).

EMAIL_CHANGE_SALT = "verity.email-change"


def confirm_password(user: User, password: str, field: str = "password") -> None:
    """Refuse a change unless the user re-entered their current password."""
    if not user.check_password(password or ""):
        raise Refusal("password_wrong", "That is not your current password.", field)


def email_change_token(user: User, new_email: str) -> str:
    """Sign the change with the account's current address and its confirmation stamp, so the link works once."""
    stamp = user.email_verified_at.isoformat() if user.email_verified_at else None
    return _serializer(EMAIL_CHANGE_SALT).dumps({"uid": user.id, "v": user.session_version, "e": user.email,
                                                 "t": stamp, "new": new_email})


def _email_change_max_age() -> int:
    """How long an email change link works, in seconds."""
    return current_app.config["EMAIL_CHANGE_MAX_AGE"]


def request_email_change(user: User, new_email: str, password: str) -> str:
    """Email a confirmation link to the new address and tell the old one; nothing changes until the link is used."""
    confirm_password(user, password)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise Refusal("email_same", "That is already your email address.", "new_email")
    if find_user(new_email):  # the same answer registration gives for a taken address, and no more
        raise Refusal("email_taken", "An account with this email already exists.", "new_email")
    link = url_for("account.confirm_email_change", token=email_change_token(user, new_email), _external=True)
    hours = max(_email_change_max_age() // 3600, 1)
    mail.queue(new_email, "Confirm your new email for Verity", "accounts/email_change",
               {"user": user, "link": link, "hours": hours})
    mail.queue(user.email, "A change of email was asked for on your Verity account", "accounts/email_change_asked",
               {"user": user, "new_email": new_email, "hours": hours})
    return new_email


def read_email_change(token: str) -> tuple[User, str]:
    """Return the user and new address a change link names, or refuse it (expired, tampered or already used)."""
    data = _serializer(EMAIL_CHANGE_SALT)
    try:
        data = data.loads(token, max_age=_email_change_max_age())
    except SignatureExpired as exc:
        raise Refusal("link_expired", "This link has expired. Please ask for the change again.") from exc
    except BadSignature as exc:
        raise Refusal("link_invalid", "This link is not valid. Please ask for the change again.") from exc
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    stamp = user.email_verified_at.isoformat() if user and user.email_verified_at else None
    if user is None or (user.email, user.session_version, stamp) != (data.get("e"), data.get("v"), data.get("t")):
        raise Refusal("link_used", "This link has been used or is no longer valid.")
    return user, data["new"]


def confirm_email_change(token: str) -> User:
    """Move the account to the new address the link was sent to, and tell the old address it happened."""
    user, new_email = read_email_change(token)
    if find_user(new_email):
        raise Refusal("email_taken", "An account with this email already exists, so this change cannot be made.")
    old_email = user.email
    user.email, user.email_verified_at = new_email, clock.now()  # the link reached the new address
    mail.queue(old_email, "Your Verity email address has changed", "accounts/email_changed",
               {"user": user, "new_email": new_email})
    return user


def change_password(user: User, current: str, password: str) -> User:
    """Set a new password after checking the current one; every other session of the account ends."""
    confirm_password(user, current, "current_password")
    problem = password_problem(password, user.email)
    if problem:
        raise Refusal("password_refused", problem, "password")
    user.set_password(password)  # bumps session_version: load_user refuses the older sessions
    mail.queue(user.email, "Your Verity password has changed", "accounts/password_changed", {"user": user})
    return user


def erase_user(user: User) -> str:
    """Strip the account of its personal data so nobody can log in and the address can register again.

    The row stays, as an empty shell, so past bookings keep their (anonymised) patient for the
    practitioner's records. Returns the address it had, for the goodbye email.
    """
    address = user.email
    user.email, user.name = f"deleted-{user.id}@{ERASED_DOMAIN}", ""
    user.password_hash = generate_password_hash(secrets.token_urlsafe(32))  # known to nobody
    user.session_version = (user.session_version or 0) + 1  # every session and remember-me cookie ends
    user.email_verified_at = user.last_login_at = None
    return address
