"""Opening hours, date overrides, time off, bookings and calendar feeds.

Bookings hold the instants they keep free (`blocked_from` .. `blocked_until`, buffers included)
as UTC. On PostgreSQL an exclusion constraint refuses two active bookings of one practitioner
whose blocked ranges overlap; on SQLite `booking.services.take_write_lock` serialises writers.
"""
from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import DDL, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, event, func, text
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core import clock
from core.db import UTCDateTime

if TYPE_CHECKING:
    from accounts.models import User
    from directory.models import Clinic, Practitioner, Treatment


class BookingStatus(str, enum.Enum):
    """Where a booking stands; only BOOKED and CONFIRMED keep the time blocked."""

    BOOKED = "booked"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"
    ATTENDED = "attended"  # the practitioner saw the patient: the booking may be reviewed (reviews/)

    @property
    def label(self) -> str:
        """Human name of the status."""
        return {"booked": "Awaiting confirmation", "confirmed": "Confirmed", "cancelled": "Cancelled",
                "no_show": "Did not attend", "attended": "Attended"}[self.value]


class BookingKind(str, enum.Enum):
    """A treatment, or the consultation some treatments need first."""

    TREATMENT = "treatment"
    CONSULTATION = "consultation"


ACTIVE = (BookingStatus.BOOKED.value, BookingStatus.CONFIRMED.value)
ACTIVE_SQL = "status IN ('booked', 'confirmed')"
# Bookings that took place: a consultation counts as had once it ended while active, or when marked attended.
TOOK_PLACE = (*ACTIVE, BookingStatus.ATTENDED.value)


class OpeningHours(db.Model):
    """A clinic's usual hours on one weekday (0 = Monday), in its local time, with an optional break."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        UniqueConstraint("clinic_id", "weekday", name="uq_opening_hours_clinic_weekday"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("opens < closes", name="opens_before_closes"),
        CheckConstraint("(break_starts IS NULL) = (break_ends IS NULL)", name="break_complete"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]
    opens: Mapped[time]
    closes: Mapped[time]
    break_starts: Mapped[time | None]
    break_ends: Mapped[time | None]


class DateOverride(db.Model):
    """A date on which a clinic is closed or keeps different hours from its usual week."""

    __tablename__ = "date_overrides"
    __table_args__ = (
        UniqueConstraint("clinic_id", "day", name="uq_date_overrides_clinic_day"),
        CheckConstraint("closed OR (opens IS NOT NULL AND closes IS NOT NULL AND opens < closes)",
                        name="hours_when_open"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    closed: Mapped[bool] = mapped_column(default=True)
    opens: Mapped[time | None]
    closes: Mapped[time | None]
    break_starts: Mapped[time | None]
    break_ends: Mapped[time | None]
    note: Mapped[str] = mapped_column(String(200), default="")


class TimeOff(db.Model):
    """A range of instants when the practitioner takes no bookings at any clinic."""

    __tablename__ = "time_off"
    __table_args__ = (CheckConstraint("starts_at < ends_at", name="starts_before_ends"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    time_zone: Mapped[str] = mapped_column(String(64))  # the zone it was entered in, for showing it back
    reason: Mapped[str] = mapped_column(String(200), default="")


class Booking(db.Model):
    """A patient's appointment with a practitioner at a clinic."""

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="starts_before_ends"),
        CheckConstraint("blocked_from <= starts_at AND ends_at <= blocked_until", name="blocked_covers_visit"),
        CheckConstraint("status IN ('booked', 'confirmed', 'cancelled', 'no_show', 'attended')", name="status_known"),
        CheckConstraint("kind IN ('treatment', 'consultation')", name="kind_known"),
        Index("ix_bookings_practitioner_blocked", "practitioner_id", "blocked_from", "blocked_until"),
        Index("ix_bookings_status_starts_at", "status", "starts_at"),
        # Two active bookings of one practitioner never overlap, buffers included ('[)' is half-open).
        ExcludeConstraint(
            ("practitioner_id", "="), (func.tstzrange(text("blocked_from"), text("blocked_until"), "[)"), "&&"),
            name="ex_bookings_practitioner_overlap", using="gist", where=text(ACTIVE_SQL),
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="SET NULL"), index=True)
    treatment_id: Mapped[int] = mapped_column(ForeignKey("treatments.id"))
    kind: Mapped[str] = mapped_column(String(20), default=BookingKind.TREATMENT.value)
    status: Mapped[str] = mapped_column(String(20), default=BookingStatus.BOOKED.value)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    blocked_from: Mapped[datetime] = mapped_column(UTCDateTime())
    blocked_until: Mapped[datetime] = mapped_column(UTCDateTime())
    # Kept from the clinic at booking time, so the booking still reads right if the clinic changes.
    time_zone: Mapped[str] = mapped_column(String(64))
    clinic_name: Mapped[str] = mapped_column(String(120))
    clinic_address: Mapped[str] = mapped_column(String(300), default="")
    price_from_minor: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    patient_name: Mapped[str] = mapped_column(String(120))
    patient_phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    adult_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_version: Mapped[str | None] = mapped_column(String(40))
    consent_text: Mapped[str] = mapped_column(Text, default="")
    consent_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The iCalendar SEQUENCE: bumped on every change; emailed links carry it, so older links stop working.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, onupdate=clock.now)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancellation_reason: Mapped[str] = mapped_column(Text, default="")
    # Why Verity itself cancelled it (booking.services.delisting.REASONS), NULL when a person did.
    cancellation_code: Mapped[str | None] = mapped_column(String(30))
    no_show_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    practitioner: Mapped[Practitioner] = relationship()
    patient: Mapped[User] = relationship(foreign_keys=[patient_id])
    clinic: Mapped[Clinic | None] = relationship()
    treatment: Mapped[Treatment] = relationship()

    @property
    def is_active(self) -> bool:
        """Whether the booking still holds its time."""
        return self.status in ACTIVE

    @property
    def status_label(self) -> str:
        """Human name of the booking's status."""
        return BookingStatus(self.status).label

    @property
    def is_prescriber_consultation(self) -> bool:
        """Whether this is the consultation a prescription-only medicine needs first (UK-POM-CONSULT)."""
        return self.kind == BookingKind.CONSULTATION.value and self.treatment.prescription_only

    @property
    def title(self) -> str:
        """What is booked, as the patient and practitioner read it."""
        name = self.treatment.name
        return f"Consultation for {name[0].lower()}{name[1:]}" if self.kind == BookingKind.CONSULTATION.value \
            else name


class CalendarFeed(db.Model):
    """The secret token of a practitioner's private calendar feed; rotating it kills the old URL."""

    __tablename__ = "calendar_feeds"

    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id", ondelete="CASCADE"),
                                                 primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    rotated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)


# The exclusion constraint's `=` on an integer column needs btree_gist; create it with the table.
event.listen(Booking.__table__, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"))
