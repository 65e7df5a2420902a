"""Account rules and the one writer of user rows: registration, login, signed email tokens, password reset."""
from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from accounts.models import Role, User
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
    if user is None:
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
