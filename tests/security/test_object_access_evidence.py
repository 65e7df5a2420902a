"""Evidence documents are served only to their owner and admins, as attachments; nobody else gets a byte.

Every evidence file in the world (exosome declaration evidence and credential documents, of both
practitioners) through every route that serves evidence, for every role; and through the public photo
route, whose names look like stored evidence names, for nobody at all.
"""
from pathlib import Path

import pytest
from sqlalchemy import select

from compliance.models import ComplianceDocument
from core.extensions import db
from credentials.models import Credential
from directory.models import Practitioner
from tests.access_table import LOGIN, ROLES, TABLE
from tests.security.ownership import OWNED_BY, matrix, practitioner_of_role, user_of, world  # noqa: F401
from tests.test_access_matrix import describe

PRACTITIONER_ROLES = ("owner", "other_practitioner")
# Who gets the file from each route, given the role that owns it.
ALLOWED = {
    "compliance.document": lambda role, owner: role in (owner, "admin"),
    "practice.credential_document": lambda role, owner: role == owner,
    "admin.document": lambda role, owner: role == "admin",
}


def role_owning(practitioner_id: int) -> str | None:
    """The world's practitioner role whose profile has this id (None for the world's other practitioners)."""
    user_id = db.session.get(Practitioner, practitioner_id).user_id
    return next((role for role in PRACTITIONER_ROLES if user_of(role).id == user_id), None)


def evidence(endpoint: str) -> list[tuple[dict, str, str]]:
    """(URL ids, owning role, stored file name) of every evidence file the route can serve."""
    if endpoint == "compliance.document":
        rows = db.session.scalars(select(ComplianceDocument).order_by(ComplianceDocument.id))
        found = [({"document_id": d.id}, role_owning(d.practitioner_id), d.stored_name) for d in rows]
    else:
        rows = db.session.scalars(select(Credential).where(Credential.document_name.is_not(None))
                                  .order_by(Credential.id))
        found = [({"credential_id": c.id}, role_owning(c.practitioner_id), c.document_name) for c in rows]
    return [item for item in found if item[1] is not None]


def stored_bytes(world, name: str) -> bytes:
    """The evidence file as stored."""
    return (Path(world.app.config["UPLOAD_FOLDER"]) / "documents" / name).read_bytes()


def refusal_for(endpoint: str, role: str):
    """What a role that may not have the file gets: a practitioner's own route 404s for another practitioner."""
    if role in PRACTITIONER_ROLES and OWNED_BY.get(endpoint):
        return 404
    return TABLE[endpoint]["GET"][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ALLOWED))
def test_evidence_is_served_to_its_owner_and_admins_only(world, endpoint, role):
    files = evidence(endpoint)
    assert {owner for _, owner, _ in files} == set(PRACTITIONER_ROLES), "the world needs evidence of both"
    for ids, owner, name in files:
        response = world.send(role, endpoint, "GET", ids={**world.ids, **ids})
        where, body = f"GET {world.url(endpoint, {**world.ids, **ids})} ({owner}'s) as {role}", response.get_data()
        if ALLOWED[endpoint](role, owner):
            assert response.status_code == 200, f"{where}: {describe(response)}"
            assert response.headers["Content-Disposition"].startswith("attachment;"), where
            assert body == stored_bytes(world, name), f"{where}: not the stored file"
            continue
        expected = refusal_for(endpoint, role)
        if expected == LOGIN:
            assert response.status_code == 302 and response.location.startswith("/login?next="), where
        else:
            assert response.status_code == expected, f"{where}: expected {expected}, got {describe(response)}"
        assert stored_bytes(world, name) not in body, f"{where}: the refusal carries the file"
    assert not world.changed_tables()


def test_evidence_cannot_be_fetched_through_the_public_photo_route(world):
    """Evidence and photos are both stored under random hex names (a JPEG's even ends in .jpg like a photo's)."""
    names = [name for endpoint in ("compliance.document", "admin.document") for _, _, name in evidence(endpoint)]
    assert any(name.endswith(".jpg") for name in names), "the world needs evidence stored under a photo-like name"
    client = world.client("anonymous")
    for name in names:
        response = client.get(f"/practice/photos/{name}")
        assert response.status_code == 404, f"/practice/photos/{name}: {describe(response)}"
    assert not world.changed_tables()


@pytest.mark.parametrize("practitioner", PRACTITIONER_ROLES)
def test_public_pages_neither_link_nor_name_any_evidence(world, practitioner):
    """The profile and the badge's explanation show what was declared, never where its evidence is or its name."""
    slug = practitioner_of_role(practitioner).slug
    documents = db.session.scalars(select(ComplianceDocument)).all()
    credentials = db.session.scalars(select(Credential).where(Credential.document_name.is_not(None))).all()
    secrets = ([d.stored_name for d in documents] + [d.original_name for d in documents]
               + [c.document_name for c in credentials] + [c.document_original_name for c in credentials])
    for role in ("anonymous", "other_practitioner" if practitioner == "owner" else "owner", "patient"):
        for url in (f"/practitioners/{slug}", f"/practitioners/{slug}/compliance"):
            response = world.client(role).get(url)
            page = response.get_data(as_text=True)
            assert response.status_code == 200, f"{url} as {role}: {describe(response)}"
            assert "/compliance/documents/" not in page and "/document" not in page, f"{url} as {role} links evidence"
            assert not [s for s in secrets if s and s in page], f"{url} as {role} names evidence"
