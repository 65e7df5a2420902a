"""The facts each audit sentence names (audit/sentences.py), looked up for a page of events at once.

A page of 50 events costs a handful of queries (people, practitioners, credentials, clinics,
treatments, emails), not one per event. What was deleted since reads from the event's own
before/after values where they kept it (a deleted clinic's name), else as a plain description.
"""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from accounts.models import User
from audit.models import AuditEvent
from audit.sentences import sentence
from core.dates import human_date, human_datetime
from core.extensions import db
from core.outbox import OutboxMessage
from credentials.models import Credential, CredentialKind
from directory.models import Clinic, Offering, Practitioner, Treatment

SHORT_KINDS = {CredentialKind.REGISTRATION.value: "registration", CredentialKind.TRAINING.value: "training certificate",
               CredentialKind.INSURANCE.value: "indemnity insurance"}
TEXT_KINDS = {"bio": "bio", "offering": "notes on a treatment", "clinic": "clinic description",
              "statement": "exosome statement"}
FIELD_WORDS = {"price_from_minor": "price", "duration_minutes": "duration", "lat": "map pin", "lon": "map pin",
               "treatment_id": "treatment", "photo_filename": "photo", "blurb": "description"}


@dataclass
class Lookups:
    """Names for the ids a page of events mentions."""

    users: dict = field(default_factory=dict)  # id -> User
    practitioners: dict = field(default_factory=dict)  # id -> Practitioner
    credentials: dict = field(default_factory=dict)
    clinics: dict = field(default_factory=dict)  # id -> name
    offerings: dict = field(default_factory=dict)  # id -> treatment id
    treatments: dict = field(default_factory=dict)  # id -> name
    mails: dict = field(default_factory=dict)


def _values(event: AuditEvent) -> dict:
    """The event's before and after values together, after winning (a deletion keeps only before)."""
    return {**_dict(event.before), **_dict(event.after)}


def _dict(value) -> dict:
    """A before or after value when it is a mapping (every service writes one), else nothing."""
    return value if isinstance(value, dict) else {}


def _ids(events, subject_type: str) -> set[int]:
    """The subject ids of events about one kind of object."""
    return {e.subject_id for e in events if e.subject_type == subject_type and e.subject_id}


def _by_id(model, ids) -> dict:
    """Rows of a model by id, for the ids given."""
    ids = {i for i in ids if isinstance(i, int)}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}


def look_up(events: list[AuditEvent]) -> Lookups:
    """Everything a page of events names, a query per kind of object."""
    values = [_values(e) for e in events]
    found = Lookups(users=_by_id(User, {e.actor_id for e in events} | {v.get("patient_id") for v in values}),
                    practitioners=_by_id(Practitioner, {e.practitioner_id for e in events}),
                    credentials=_by_id(Credential, _ids(events, "credential")),
                    mails=_by_id(OutboxMessage, _ids(events, "outbox_message")))
    clinic_ids = _ids(events, "clinic") | {v.get("clinic_id") for v in values}
    found.clinics = {k: c.name for k, c in _by_id(Clinic, clinic_ids).items()}
    found.offerings = {k: o.treatment_id for k, o in _by_id(Offering, _ids(events, "offering")).items()}
    treatment_ids = set(found.offerings.values()) | {v.get("treatment_id") for v in values}
    found.treatments = {k: t.name for k, t in _by_id(Treatment, treatment_ids).items()}
    return found


def describe(event: AuditEvent, found: Lookups) -> str:
    """The event as a sentence a person reads."""
    return sentence(event.action, facts(event, found))


def facts(event: AuditEvent, found: Lookups) -> dict:
    """What the event's sentence names, in words."""
    values, practitioner = _values(event), found.practitioners.get(event.practitioner_id)
    own = practitioner is not None and event.actor_id is not None and practitioner.user_id == event.actor_id
    patient = found.users.get(values.get("patient_id"))
    return {"actor": _person(event, found), "practitioner": practitioner.name if practitioner else "",
            "whose": "their" if own else _possessive(practitioner.name) if practitioner else "",
            "credential": _credential(found.credentials.get(event.subject_id) if event.subject_type == "credential"
                                      else None, values),
            "register": values.get("register"), "clinic": _clinic(event, values, found),
            "treatment": _treatment(event, values, found), "patients": _possessive(_name(patient)) if patient else "",
            "when": _instant(values.get("starts_at"), values.get("time_zone")),
            "was_when": _instant(_dict(event.before).get("starts_at"), values.get("time_zone")),
            "day": _day(values.get("day")), "period": _period(values),
            "text_kind": TEXT_KINDS.get(values.get("kind", "")), "changed": _changed(event),
            "exosome_use": _exosome_use(event.after), **_mail(found.mails.get(event.subject_id)
                                                                if event.subject_type == "outbox_message" else None),
            "subject": f"{event.subject_type.replace('_', ' ')} {event.subject_id or ''}".strip()}


def _name(user) -> str:
    """A person's name, else their email."""
    return (user.name or "").strip() or user.email


def _person(event: AuditEvent, found: Lookups) -> str:
    """Who acted: the account's name, its email once the account is gone, "Verity" for the site itself."""
    user = found.users.get(event.actor_id)
    if user is not None:
        return _name(user)
    return event.actor_email or "Verity"


def _possessive(name: str) -> str:
    """'Dr Sam Lee’s', or 'James’' for a name ending in s."""
    return f"{name}\u2019" if name.endswith("s") else f"{name}\u2019s"


def _credential(credential, values: dict) -> str:
    """'GMC registration 7123456', from the credential, else from what the event kept."""
    issuer = credential.issuer if credential else values.get("issuer", "")
    kind = SHORT_KINDS.get(credential.kind if credential else values.get("kind", ""), "credential")
    number = credential.number if credential else values.get("number", "")
    return " ".join(part for part in (issuer, kind, number) if part)


def _clinic(event: AuditEvent, values: dict, found: Lookups) -> str:
    """The clinic's name now, else the name the event kept (a booking's clinic, a deleted clinic)."""
    clinic_id = event.subject_id if event.subject_type == "clinic" else values.get("clinic_id")
    return found.clinics.get(clinic_id) or values.get("clinic_name") or values.get("name") or ""


def _treatment(event: AuditEvent, values: dict, found: Lookups) -> str:
    """The treatment an offering or booking is for."""
    treatment_id = found.offerings.get(event.subject_id) if event.subject_type == "offering" else None
    return found.treatments.get(treatment_id or values.get("treatment_id"), "")


def _parsed(text) -> datetime | None:
    """An instant the event kept as ISO text, or None."""
    try:
        return datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _instant(text, zone) -> str:
    """A kept instant in the reader's convention, on the clinic's clocks."""
    instant = _parsed(text)
    return human_datetime(instant, zone if isinstance(zone, str) and zone else None) if instant else ""


def _day(text) -> str:
    """A kept date in the reader's convention."""
    day = _parsed(text)
    return human_date(day.date()) if day else ""


def _period(values: dict) -> str:
    """'from 3 March 2026, 09:00 GMT to 5 March 2026, 17:00 GMT'."""
    start, end = _instant(values.get("starts_at"), values.get("time_zone")), _instant(values.get("ends_at"),
                                                                                      values.get("time_zone"))
    return f"from {start} to {end}" if start and end else ""


def _changed(event: AuditEvent) -> str:
    """The fields a change touched, in words."""
    before, after = _dict(event.before), _dict(event.after)
    if not before or not after:
        return ""
    names = [FIELD_WORDS.get(k, k.replace("_", " ")) for k in sorted(set(before) | set(after))
             if before.get(k) != after.get(k)]
    return ", ".join(dict.fromkeys(names))


def _exosome_use(after) -> str:
    """What a declaration says, in words."""
    if not isinstance(after, dict) or "uses_exosomes" not in after:
        return ""
    if not after["uses_exosomes"]:
        return "uses no exosome products"
    products = [p.get("name", "") for p in after.get("products") or [] if isinstance(p, dict)]
    return "uses exosome products" + (f" ({', '.join(filter(None, products))})" if any(products) else "")


def _mail(message) -> dict:
    """An email's subject and recipient, for a retried email."""
    return {"mail_subject": message.subject, "recipient": message.recipient} if message else {}
