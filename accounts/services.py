"""Account rules: registration, login, signed email tokens, password reset."""
from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from accounts.models import Role, User
from accounts.passwords import password_problem
from core.extensions import db
from core.mail import send_mail
from core import clock

VERIFY_SALT = "verity.email-verification"
RESET_SALT = "verity.password-reset"


class AccountError(ValueError):
    """A request about an account that cannot be carried out, with a message for the user."""


class TokenInvalid(AccountError):
    """A signed link that was tampered with, has expired or was already used."""


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
        raise AccountError("An account with this email already exists.")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
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
    """Return the user a token names, or raise TokenInvalid with a reason."""
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenInvalid("This link has expired. Please ask for a new one.") from exc
    except BadSignature as exc:
        raise TokenInvalid("This link is not valid. Please ask for a new one.") from exc
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("e") or user.session_version != data.get("v"):
        raise TokenInvalid("This link is no longer valid. Please ask for a new one.")
    return user


def send_verification_email(user: User) -> None:
    """Email the user a signed link to confirm their address."""
    link = url_for("accounts.verify_email", token=make_token(user, VERIFY_SALT), _external=True)
    days = current_app.config["EMAIL_TOKEN_MAX_AGE"] // 86400
    send_mail(user.email, "Confirm your email for Verity",
              f"Hello {user.name or 'there'},\n\nPlease confirm your email address by opening this link:\n\n"
              f"{link}\n\nThe link works for {days} days. If you did not create a Verity account, "
              "you can ignore this email.\n\nVerity")


def verify_email(token: str) -> User:
    """Mark the email of the user a verification token names as verified."""
    user = read_token(token, VERIFY_SALT, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    if user.email_verified_at is None:
        user.email_verified_at = clock.now()
    return user


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists; say nothing either way."""
    user = find_user(email)
    if user is None:
        return
    link = url_for("accounts.reset_password", token=make_token(user, RESET_SALT), _external=True)
    minutes = current_app.config["RESET_TOKEN_MAX_AGE"] // 60
    send_mail(user.email, "Reset your Verity password",
              f"Hello {user.name or 'there'},\n\nSomeone asked to reset the password of this account. "
              f"To choose a new password, open this link within {minutes} minutes:\n\n{link}\n\n"
              "If it was not you, ignore this email: your password stays as it is.\n\nVerity")


def check_reset_token(token: str) -> User:
    """Return the user a reset token names, or raise TokenInvalid."""
    return read_token(token, RESET_SALT, current_app.config["RESET_TOKEN_MAX_AGE"])


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link; the link then stops working."""
    user = check_reset_token(token)
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.set_password(password)
    # Receiving the link proves the user owns the address.
    user.email_verified_at = user.email_verified_at or clock.now()
    return user
