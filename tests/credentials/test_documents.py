"""Evidence documents are served only to their owner and to admins, as downloads."""
from tests.credentials.factories import PDF
from tests.helpers import login, text_of


def test_the_owner_downloads_their_evidence_as_an_attachment(client, practitioner, make_pending):
    credential = make_pending(practitioner, filename='evil"name.pdf')
    response = client.get(f"/practice/credentials/{credential.id}/document")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f"attachment; filename=verity-credential-{credential.id}-v1.pdf"
    assert response.headers["Cache-Control"] == "private, no-store" and "sandbox" in response.headers[
        "Content-Security-Policy"]


def test_another_practitioner_cannot_fetch_the_document(client, make_practitioner, make_pending):
    owner = make_practitioner(name="Dr Owner")
    credential = make_pending(owner)
    other = make_practitioner(name="Dr Other")
    login(client, other.user.email)
    for path in (f"/practice/credentials/{credential.id}/document", f"/practice/credentials/{credential.id}",
                 f"/practice/credentials/{credential.id}/change"):
        response = client.get(path)
        assert response.status_code == 404 and PDF not in response.data


def test_patients_and_anonymous_users_cannot_fetch_documents(client, make_practitioner, make_pending, make_user):
    credential = make_pending(make_practitioner())
    paths = (f"/practice/credentials/{credential.id}/document", f"/admin/credentials/{credential.id}/document")
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and response.location.startswith("/login")
    login(client, make_user(role="patient").email)
    for path in paths:
        assert client.get(path).status_code == 403


def test_admins_download_any_document(client, make_practitioner, make_pending, make_user):
    credential = make_pending(make_practitioner())
    login(client, make_user(role="admin").email)
    response = client.get(f"/admin/credentials/{credential.id}/document")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_a_missing_file_is_a_404_not_an_error(app, client, practitioner, make_pending):
    from pathlib import Path

    credential = make_pending(practitioner)
    (Path(app.config["UPLOAD_FOLDER"]) / "documents" / credential.document_name).unlink()
    response = client.get(f"/practice/credentials/{credential.id}/document")
    assert response.status_code == 404 and "Page not found" in text_of(response)
