"""A credential is never edited in place: a change is a new pending version, and the history stays."""
from datetime import date, timedelta

from sqlalchemy import select

from credentials import queries, rules, services
from credentials.models import Credential
from directory.listing import is_listed
from core.extensions import db
from tests.credentials.factories import pdf_upload
from tests.helpers import submit, text_of


def change(client, credential, **data):
    """Post the change form, starting from what it shows for the credential."""
    values = {"kind": credential.kind, "issuer_choice": "GMC", "number": credential.number,
              "issued_on": credential.issued_on.isoformat(), "expires_on": credential.expires_on.isoformat(), **data}
    return submit(client, f"/practice/credentials/{credential.id}/change", values,
                  content_type="multipart/form-data", follow_redirects=True)


def test_changing_a_pending_credential_makes_a_new_version(client, practitioner, make_pending):
    first = make_pending(practitioner)
    form = text_of(client.get(f"/practice/credentials/{first.id}/change"))
    assert 'value="1234567"' in form and "version 2" in form
    change(client, first, number="7654321")
    versions = db.session.scalars(select(Credential).where(Credential.practitioner_id == practitioner.id,
                                                           Credential.kind == "registration",
                                                           Credential.number != "")
                                  .order_by(Credential.id)).all()
    old, new = versions[-2:]
    assert (old.number, old.status, old.version) == ("1234567", "superseded", 1)
    assert (new.number, new.status, new.version, new.supersedes_id) == ("7654321", "pending", 2, old.id)
    assert new.document_name == old.document_name  # no new file: the evidence carries over
    history = text_of(client.get(f"/practice/credentials/{old.id}"))
    assert "Version 2" in history and "Version 1" in history and "Replaced by a newer version" in history
    pending = db.session.scalars(select(Credential.id).where(Credential.status == "pending")).all()
    assert pending == [new.id]


def test_a_change_that_changes_nothing_is_refused(client, practitioner, make_pending):
    first = make_pending(practitioner)
    assert "Nothing has changed." in text_of(change(client, first))
    assert db.session.scalar(select(Credential.status).where(Credential.id == first.id)) == "pending"


def test_an_older_version_leads_to_the_latest(client, practitioner, make_pending):
    first = make_pending(practitioner)
    change(client, first, number="7654321")
    response = client.get(f"/practice/credentials/{first.id}/change")
    assert response.status_code == 302 and response.location.endswith(f"/practice/credentials/{first.id + 1}")


def test_a_renewal_keeps_the_verified_version_until_it_is_approved(client, practitioner, admin_user):
    verified = practitioner.credentials[0]
    page = text_of(change(client, verified, expires_on="2046-01-31", document=pdf_upload("renewal.pdf")))
    assert "your verified version 1 still counts" in page
    renewal = db.session.scalar(select(Credential).where(Credential.status == "pending"))
    assert verified.status == "verified" and is_listed(practitioner, date.today())

    services.approve(renewal, admin_user, date(2045, 6, 1), renewal.expires_on, date.today())
    db.session.commit()
    db.session.refresh(verified)
    assert verified.status == "superseded"
    assert [c.id for c in services.current_credentials(practitioner, date.today())] == [renewal.id]


def test_a_rejected_renewal_leaves_the_verified_version_counting(practitioner, make_pending, admin_user):
    verified = practitioner.credentials[0]
    renewal = services.revise(verified, rules.Declaration(
        kind="registration", issuer_choice="GMC", number=verified.number, issued_on=verified.issued_on,
        expires_on=verified.expires_on + timedelta(days=365)), None, practitioner.user, date.today())
    services.reject(renewal, admin_user, "The new certificate is for someone else.")
    db.session.commit()
    assert verified.status == "verified" and is_listed(practitioner, date.today())
    assert queries.latest_versions(practitioner)[0].id == renewal.id
