"""User accounts and their roles."""
import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from core.extensions import db
from core import clock
from core.db import UTCDateTime


ERASED_DOMAIN = "deleted.invalid"  # a deleted account's placeholder address; RFC 2606: .invalid never receives mail


class Role(str, enum.Enum):
    """What a user is on the site; it decides which pages they may open."""

    PATIENT = "patient"
    PRACTITIONER = "practitioner"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    """Someone who can log in: a patient, a practitioner or an admin."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('patient', 'practitioner', 'admin')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.PATIENT.value)
    name: Mapped[str] = mapped_column(String(120), default="")
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped when the password changes, so sessions made before it stop working.
    session_version: Mapped[int] = mapped_column(default=1)

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash (werkzeug's default), never the password."""
        self.password_hash = generate_password_hash(password)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        """Return True when the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Identify the session by user and password generation."""
        return f"{self.id}.{self.session_version}"

    @property
    def email_verified(self) -> bool:
        """Whether the user has proved they own their email address."""
        return self.email_verified_at is not None

    @property
    def erased(self) -> bool:
        """Whether the account was deleted: an empty shell kept for the anonymised bookings that point to it."""
        return self.email.endswith("@" + ERASED_DOMAIN)

    def has_role(self, *roles: Role) -> bool:
        """Return True when the user holds one of the roles."""
        return self.role in {Role(r).value for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
