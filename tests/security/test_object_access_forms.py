"""Ids carried in forms, queries, JSON bodies and signed links: naming another account's object reaches nothing of it.

tests/security/test_object_access.py covers ids in URL paths; these are the ids elsewhere: evidence kept on a
declaration, a clinic asked for while booking (page and API), and a booking-manage link altered to name
another booking.
"""
import pytest
from sqlalchemy import select

from booking.links import make_token
from booking.models import Booking
from compliance.models import ComplianceDocument
from core.extensions import db
from tests.access_table import NEW_SLOT, TABLE, URL_VALUES
from tests.booking.helpers import NOW
from tests.helpers import text_of
from tests.security.ownership import (LINK, OWNED_BY, PAIRS, PATIENT, PRACTITIONER, matrix, name_of,  # noqa: F401
                                      objects_of, practitioner_of_role, world)
from tests.test_access_matrix import describe, tampered

DECLARATION = {"uses_exosomes": "yes", "attested": "y", "products-0-name": "Borrowed Serum",
               "products-0-source": "plant", "products-0-route": "topical"}
# Each practitioner names the other's evidence in each keep field (for stability, of which there is none, any kind);
# the control keeps the practitioner's own certificate and test results, which works.
KEEPS = [pytest.param(actor, owner, kind, id=f"{actor}-keeps-{owner}s-{kind}")
         for actor, owner in PAIRS[PRACTITIONER] for kind in ("coa", "tests", "stability")]
KEEPS += [pytest.param("other_practitioner", "other_practitioner", kind, id=f"own-{kind}") for kind in ("coa", "tests")]


def documents_of_role(role: str, kind: str) -> list[int]:
    """A practitioner's evidence ids of one kind (any kind when they have none of it)."""
    query = select(ComplianceDocument).where(ComplianceDocument.practitioner_id == practitioner_of_role(role).id)
    documents = list(db.session.scalars(query.order_by(ComplianceDocument.id)))
    return [d.id for d in documents if d.kind == kind] or [d.id for d in documents]


@pytest.mark.parametrize("actor, owner, kind", KEEPS)
def test_a_declaration_keeps_only_the_practitioners_own_evidence(world, actor, owner, kind):
    client, (_, token) = world.client(actor), world.sessions[actor]
    keep = {f"products-0-{k}_keep": "" for k in ("coa", "tests", "stability")}
    for document_id in documents_of_role(owner, kind):
        response = client.post("/practice/exosomes/declare", data={
            **DECLARATION, **keep, f"products-0-{kind}_keep": str(document_id), "csrf_token": token})
        changed = world.changed_tables()
        if actor == owner:
            assert response.status_code == 302 and changed, describe(response)
            return
        assert response.status_code == 200 and "Choose a document from your own uploads." in text_of(response)
        assert not changed, f"keeping {owner}'s document {document_id} as {actor} changed {changed}"


def other_clinic(actor_practitioner: str) -> int:
    """A clinic of the practitioner the actor is not."""
    [other] = [role for role in ("owner", "other_practitioner") if role != actor_practitioner]
    return objects_of(other, PRACTITIONER, "clinic_id")[0]


@pytest.mark.parametrize("practitioner", ["owner", "other_practitioner"])
def test_the_api_gives_no_slots_at_another_practitioners_clinic(world, practitioner):
    profile = practitioner_of_role(practitioner)
    response = world.client("anonymous").get(f"/api/v1/practitioners/{profile.id}/slots", query_string={
        "treatment": "microneedling", "clinic": other_clinic(practitioner)})
    assert response.status_code == 404 and response.get_json()["field"] == "clinic", describe(response)


@pytest.mark.parametrize("practitioner", ["owner", "other_practitioner"])
def test_the_api_books_nothing_at_another_practitioners_clinic(world, practitioner):
    client, (_, token) = world.client("patient"), world.sessions["patient"]
    response = client.post("/api/v1/bookings", headers={"X-CSRFToken": token}, json={
        "practitioner_id": practitioner_of_role(practitioner).id, "treatment": "microneedling",
        "clinic": other_clinic(practitioner), "starts_at": "2026-03-05T11:00:00+00:00", "patient_name": "Pat Patient",
        "adult_confirmed": True})
    assert response.status_code == 404 and response.get_json()["field"] == "clinic", describe(response)
    assert not world.changed_tables()


@pytest.mark.parametrize("practitioner", ["owner", "other_practitioner"])
def test_the_booking_pages_never_book_at_another_practitioners_clinic(world, practitioner):
    """Asking for a clinic the practitioner does not have falls back to one of theirs; it never offers or books it."""
    profile, clinic = practitioner_of_role(practitioner), other_clinic(practitioner)
    client, (_, token) = world.client("patient"), world.sessions["patient"]
    query = {"treatment": "microneedling", "clinic": clinic}
    page = text_of(client.get(f"/practitioners/{profile.slug}/book", query_string=query))
    assert f"clinic={clinic}&" not in page and f"clinic={clinic}\"" not in page
    before = set(db.session.scalars(select(Booking.id)))
    client.post(f"/practitioners/{profile.slug}/book/confirm", query_string={**query, "start": NEW_SLOT},
                data={"patient_name": "Pat Patient", "adult": "y", "csrf_token": token})
    booked = db.session.scalars(select(Booking).where(Booking.id.not_in(before))).all()
    assert all(b.practitioner_id == profile.id and b.clinic_id != clinic for b in booked), booked
    world.changed_tables()


PURPOSES = {"booking.link_view": "view", "booking.link_cancel": "cancel", "booking.link_reschedule": "reschedule",
            "booking.link_reschedule_confirm": "reschedule"}
LINK_CASES = [pytest.param(endpoint, method, holder, victim, id=f"{endpoint}-{method}-{holder}s-link-to-{victim}s")
              for endpoint in sorted(e for e, side in OWNED_BY.items() if side == LINK) for method in TABLE[endpoint]
              for holder, victim in PAIRS[PATIENT]]


def test_every_booking_link_route_has_its_purpose():
    assert set(PURPOSES) == {e for e, side in OWNED_BY.items() if side == LINK}


@pytest.mark.parametrize("endpoint, method, holder, victim", LINK_CASES)
def test_a_booking_link_altered_to_name_another_booking_is_refused(world, endpoint, method, holder, victim):
    """The holder of a link to their booking swaps in the other patient's booking id: the signature no longer fits."""
    [mine] = [b for b in objects_of(holder, PATIENT, "booking_id") if db.session.get(Booking, b).starts_at > NOW]
    token = make_token(db.session.get(Booking, mine), PURPOSES[endpoint], NOW)
    for theirs in objects_of(victim, PATIENT, "booking_id"):
        ids = {**world.ids, URL_VALUES[endpoint]["token"]: tampered(token, theirs)}
        response = world.send(holder, endpoint, method, ids=ids)
        changed = world.changed_tables()
        assert response.status_code == 400 and "link" in text_of(response), describe(response)
        assert name_of(victim) not in text_of(response), f"the refusal shows {victim}'s booking"
        assert not changed, f"{method} {endpoint} with a link altered to booking {theirs} changed {changed}"
