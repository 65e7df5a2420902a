"""Keep the listing facts stored beside each practitioner and clinic, which directory/listing.py reads.

`listed_until` is the last day a practitioner may appear in the directory: the latest expiry of a
verified professional registration (NO_EXPIRY when it has none), or NULL when suspended or holding
no verified registration. A clinic copies its practitioner's `listed_until` only while its address
is confirmed by the address check (geo.addresses): an unchecked or refused address gets NULL.
Whether that covers a given day is decided in directory/listing.py, the one definition of "listed".
`practising_from` is the date years practising count from: the first verified registration, which
outranks the declared `practising_since`.

Both are recomputed in SQL after every flush that touches a credential, a practitioner or a clinic,
whichever code made the change.
"""
from sqlalchemy import case, func, select, update

from core.db import Hook
from credentials.models import Credential, CredentialKind, CredentialStatus
from directory import freshness
from directory.listing import NO_EXPIRY
from directory.models import AddressStatus, Clinic, Practitioner


def _verified_registrations():
    """Verified registrations of the practitioner row being updated."""
    return (Credential.practitioner_id == Practitioner.id,
            Credential.kind == CredentialKind.REGISTRATION.value,
            Credential.status == CredentialStatus.VERIFIED.value)


def refresh_listing(connection, practitioner_ids=None) -> None:
    """Recompute listed_until and practising_from for these practitioners (None: all) and their clinics."""
    ids = None if practitioner_ids is None else sorted({i for i in practitioner_ids if i is not None})
    if ids == []:
        return
    latest_expiry = (select(func.max(func.coalesce(Credential.expires_on, NO_EXPIRY)))
                     .where(*_verified_registrations()).scalar_subquery())
    first_issued = select(func.min(Credential.issued_on)).where(*_verified_registrations()).scalar_subquery()
    practitioners, clinics = update(Practitioner), update(Clinic)
    if ids is not None:
        practitioners = practitioners.where(Practitioner.id.in_(ids))
        clinics = clinics.where(Clinic.practitioner_id.in_(ids))
    connection.execute(practitioners.values(
        listed_until=case((Practitioner.suspended_at.is_(None), latest_expiry), else_=None),
        practising_from=func.coalesce(first_issued, Practitioner.practising_since)))
    owner = select(Practitioner).where(Practitioner.id == Clinic.practitioner_id)
    connection.execute(clinics.values(
        listed_until=case((Clinic.address_status == AddressStatus.CONFIRMED.value,
                           owner.with_only_columns(Practitioner.listed_until).scalar_subquery()), else_=None),
        practising_from=owner.with_only_columns(Practitioner.practising_from).scalar_subquery()))


def _touched_practitioners(session) -> set[int]:
    """Practitioners whose listing facts a flush may have changed."""
    ids = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Credential):
            ids.add(obj.practitioner_id)
        elif isinstance(obj, Practitioner):
            ids.add(obj.id)
        elif isinstance(obj, Clinic):
            ids.add(obj.practitioner_id)
    return ids


def _after_flush(session, _flush_context) -> None:
    """Bring the listing facts up to date inside the transaction that changed their inputs."""
    ids = _touched_practitioners(session)
    if ids:
        refresh_listing(session.connection(), ids)
        session.info.setdefault("listing_refreshed", set()).update(ids)


def _expire_stale(session, _flush_context) -> None:
    """The ORM's copies of the recomputed columns are stale: reload them on next access."""
    ids = session.info.pop("listing_refreshed", None)
    if not ids:
        return
    for obj in list(session.identity_map.values()):
        owner = obj.id if isinstance(obj, Practitioner) else getattr(obj, "practitioner_id", None)
        if isinstance(obj, (Practitioner, Clinic)) and owner in ids:
            session.expire(obj, ["listed_until", "practising_from"])


# A changed credential changes the listing facts search reads, in SQL that the search index's own
# watch of directory's tables cannot see: watch credentials for it too.
HOOKS = (Hook("after_flush", _after_flush), Hook("after_flush_postexec", _expire_stale), *freshness.watch(Credential))
