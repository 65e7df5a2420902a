"""Practitioners, their clinics, the treatments they offer, and the facts search stores about them."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core import clock
from core.db import UTCDateTime

if TYPE_CHECKING:
    from accounts.models import User


class Profession(str, enum.Enum):
    """The professions a practitioner can hold; they gate which treatments are allowed."""

    DOCTOR = "doctor"
    DENTIST = "dentist"
    NURSE_PRESCRIBER = "nurse_prescriber"
    NURSE = "nurse"
    PHARMACIST_PRESCRIBER = "pharmacist_prescriber"
    AESTHETIC_THERAPIST = "aesthetic_therapist"
    SURGEON = "surgeon"

    @property
    def label(self) -> str:
        """Human name of the profession."""
        return self.value.replace("_", " ").capitalize()


PRESCRIBERS = (Profession.DOCTOR, Profession.DENTIST, Profession.NURSE_PRESCRIBER,
               Profession.PHARMACIST_PRESCRIBER, Profession.SURGEON)


class AddressStatus(str, enum.Enum):
    """Where a clinic's address stands with the address check (geo.addresses); only confirmed ones are listed."""

    UNCHECKED = "unchecked"
    CONFIRMED = "confirmed"
    REFUSED = "refused"


class Practitioner(db.Model):
    """A practitioner's public profile."""

    __tablename__ = "practitioners"
    __table_args__ = (
        UniqueConstraint("registration_body", "registration_number", name="uq_practitioners_registration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    profession: Mapped[str] = mapped_column(String(30))
    registration_body: Mapped[str] = mapped_column(String(60), default="")
    registration_number: Mapped[str] = mapped_column(String(40), default="")
    practising_since: Mapped[date | None]
    bio: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(String(200), default="English")
    photo_filename: Mapped[str | None] = mapped_column(String(80))
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    suspension_reason: Mapped[str] = mapped_column(Text, default="")
    # Kept by credentials.listing from the credentials (never edited directly): the last day the
    # practitioner is listed (NULL: not listed; read through directory.listing) and the date their
    # years practising count from.
    listed_until: Mapped[date | None]
    practising_from: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, onupdate=clock.now)

    user: Mapped[User] = relationship()
    clinics: Mapped[list[Clinic]] = relationship(back_populates="practitioner", cascade="all, delete-orphan",
                                                 order_by="Clinic.id")
    offerings: Mapped[list[Offering]] = relationship(back_populates="practitioner", cascade="all, delete-orphan")
    # Named by string: credentials sits above directory, so this module never imports it.
    credentials: Mapped[list["Credential"]] = relationship(  # noqa: F821
        "Credential", back_populates="practitioner", cascade="all, delete-orphan")

    @property
    def profession_label(self) -> str:
        """Human name of the practitioner's profession."""
        return Profession(self.profession).label


class Clinic(db.Model):
    """A place where a practitioner sees patients, pinned on the map with its time zone."""

    __tablename__ = "clinics"
    __table_args__ = (
        CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("lon BETWEEN -180 AND 180", name="lon_range"),
        CheckConstraint("address_status IN ('unchecked', 'confirmed', 'refused')", name="address_status"),
        # Covers the radius search: the box scan never leaves the index.
        Index("ix_clinics_search", "lat", "lon", "listed_until", "practitioner_id", "practising_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(80))
    postcode: Mapped[str] = mapped_column(String(12), default="")
    country: Mapped[str] = mapped_column(String(2))
    lat: Mapped[float]
    lon: Mapped[float]
    time_zone: Mapped[str] = mapped_column(String(64))
    blurb: Mapped[str] = mapped_column(Text, default="")
    # The number a patient calls about a problem after treatment (the complications page's tel: link).
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # The address check's verdict: only a confirmed address is listed (credentials.listing); a refused one says why.
    address_status: Mapped[str] = mapped_column(String(12), default=AddressStatus.UNCHECKED.value,
                                                server_default=AddressStatus.UNCHECKED.value)
    address_problem: Mapped[str | None] = mapped_column(String(300))
    # Copies of the practitioner's listing facts, so search reads one index (see credentials.listing).
    listed_until: Mapped[date | None]
    practising_from: Mapped[date | None]
    # Booking rules of this clinic.
    min_notice_minutes: Mapped[int] = mapped_column(default=24 * 60)
    horizon_days: Mapped[int] = mapped_column(default=90)
    cancellation_cutoff_hours: Mapped[int] = mapped_column(default=24)

    practitioner: Mapped[Practitioner] = relationship(back_populates="clinics")


class Treatment(db.Model):
    """A treatment in the catalogue, with the professions allowed to offer it."""

    __tablename__ = "treatments"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated Profession values; short, fixed and read with the row.
    allowed_professions: Mapped[str] = mapped_column(String(200))
    adults_only: Mapped[bool] = mapped_column(default=False)
    exosome_adjunct: Mapped[bool] = mapped_column(default=False)

    def allows(self, profession: str) -> bool:
        """Return True when a practitioner of this profession may offer the treatment."""
        return profession in self.allowed_professions.split(",")

    @property
    def prescription_only(self) -> bool:
        """Whether it is a prescription-only medicine (the catalogue's list; imported here, as it imports us)."""
        from directory.catalogue import is_prescription_only

        return is_prescription_only(self)


class Offering(db.Model):
    """A treatment as one practitioner offers it: price from, and duration."""

    __tablename__ = "offerings"
    __table_args__ = (
        UniqueConstraint("practitioner_id", "treatment_id", name="uq_offerings_practitioner_treatment"),
        CheckConstraint("price_from_minor >= 0", name="price_not_negative"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    treatment_id: Mapped[int] = mapped_column(ForeignKey("treatments.id"), index=True)
    # Money in minor units (pence, cents) of the currency, never floats.
    price_from_minor: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    duration_minutes: Mapped[int] = mapped_column(default=30)
    description: Mapped[str] = mapped_column(Text, default="")
    # Booking rules of this treatment: time kept free around it, and what must come first.
    buffer_before_minutes: Mapped[int] = mapped_column(default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(default=0)
    requires_consultation: Mapped[bool] = mapped_column(default=False)
    includes_exosome_adjunct: Mapped[bool] = mapped_column(default=False)

    practitioner: Mapped[Practitioner] = relationship(back_populates="offerings")
    treatment: Mapped[Treatment] = relationship()

    @property
    def consultation_first(self) -> bool:
        """Whether a new patient books a consultation first: the practitioner asks for one, or the treatment is a
        prescription-only medicine (UK-POM-CONSULT), whatever the offering says."""
        return self.requires_consultation or self.treatment.prescription_only


class GeocodeCache(db.Model):
    """Answers of the online geocoder, kept so each address is asked for once."""

    __tablename__ = "geocode_cache"

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(200), unique=True)
    found: Mapped[bool] = mapped_column(default=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    label: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)


class SearchGeneration(db.Model):
    """One row whose token changes in every transaction that changes what search reads.

    Each worker's in-memory listing index (directory/index.py) remembers the token it was built
    at and rebuilds when the stored one differs. A random token, not a counter, so two
    transactions can never produce the same value.
    """

    __tablename__ = "search_generation"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    token: Mapped[int] = mapped_column(BigInteger)


# The compliance badge statuses, stored in ComplianceBadgeRow.status and filtered on by search.
BADGE_STATUSES = ("undeclared", "no_exosomes", "declared_compliant", "verified_compliant", "not_compliant")


class ComplianceBadgeRow(db.Model):
    """The compliance badge last computed for a practitioner, stored so search can filter on it.

    Like `listed_until`, a fact directory stores for its search index (directory/index.py) and a
    higher domain keeps: `compliance.badge.badge_for` is the truth, and compliance/sync.py refreshes
    this row whenever a declaration, review, public text or clinic changes.
    """

    __tablename__ = "compliance_badges"
    __table_args__ = (
        CheckConstraint("status IN ('undeclared', 'no_exosomes', 'declared_compliant', 'verified_compliant', "
                        "'not_compliant')", name="status_known"),
    )

    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"),
                                                 primary_key=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    uses_human_exosomes: Mapped[bool] = mapped_column(default=False)
    rules_broken: Mapped[str] = mapped_column(String(200), default="")  # comma-separated rule ids
    # Set when the badge first turns not_compliant; bookings stay closed until an admin clears it, even once
    # the badge is put right (compliance.services.clear_booking_hold).
    bookings_held_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, onupdate=clock.now)
