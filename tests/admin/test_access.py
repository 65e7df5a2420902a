"""Every admin page, for every role: anonymous users log in, patients and practitioners get 403."""
from datetime import date

import pytest

from batches.models import Recall
from complications.models import ProblemReport
from core import mail
from core.extensions import db
from licensing import services as licensing
from licensing.services import LicenceEntry
from tests import access_table
from tests.access_table import claim_under_review, declare, held_practitioner
from tests.credentials.factories import PDF, Upload
from tests.helpers import csrf_token, login

GET_PAGES = ["/admin/", "/admin/credentials", "/admin/credentials/{credential}",
             "/admin/credentials/{credential}/document", "/admin/practitioners", "/admin/practitioners/{practitioner}",
             "/admin/declarations", "/admin/declarations/{declaration}", "/admin/audit", "/admin/audit.csv",
             "/admin/outbox/", "/admin/claims", "/admin/claims/{review}", "/admin/reviews", "/admin/reviews/{held_review}",
             "/admin/recalls", "/admin/recalls/{recall}", "/admin/problems", "/admin/problems/{problem}",
             "/admin/licences", "/admin/licences/{licence}", "/admin/licences/{licence}/document"]
POST_ACTIONS = {
    "/admin/credentials/{credential}/approve": {"next_check_on": "2044-01-01", "expires_on": "2045-01-31"},
    "/admin/credentials/{credential}/reject": {"reason": "The document is unreadable, please rescan it."},
    "/admin/credentials/{duplicate}/resolve-duplicate": {"resolution": "Same surname, different people: checked."},
    "/admin/credentials/{verified}/revoke": {"reason": "The register shows this registration was withdrawn."},
    "/admin/practitioners/{practitioner}/suspend": {"reason": "Under investigation after a complaint."},
    "/admin/practitioners/{held}/clear-hold": {"hold-reason": "Bio rewritten without drug claims; checked."},
    "/admin/practitioners/{practitioner}/reinstate": {"reason": "Investigation closed with no finding."},
    "/admin/declarations/{declaration}/review": {},
    "/admin/declarations/{declaration}/return": {"reason": "The certificate names another batch."},
    "/admin/outbox/{message}/retry": {},
    "/admin/claims/{review}/approve": {"seen": "{review_hash}"},
    "/admin/claims/{review}/refuse": {"seen": "{review_hash}", "reason": "Name the study behind the claim."},
    "/admin/reviews/{held_review}/publish": {},
    "/admin/reviews/{held_review}/keep": {},
    "/admin/reviews/{held_review}/remove": {"reason": "abuse", "note": "Insults the receptionist by name."},
    "/admin/reviews/{held_review}/reply/publish": {},
    "/admin/reviews/{held_review}/reply/refuse": {"note": "Efficacy claims need evidence."},
    "/admin/recalls": {"product_name": "Belotero Balance", "batch_number": "ZX-99", "reason": "Particles found.",
                       "source_url": "https://example.org/recall"},
    "/admin/recalls/{recall}/notify": {},
    "/admin/problems/{problem}/close": {"note": "Seen the same day."},
    "/admin/licences/{licence}/approve": {"expires_on": "2045-01-31"},
    "/admin/licences/{licence}/reject": {"reason": "The licence number is not on the council's register."},
}
URL_VARIABLES = {"{credential}": "<int:credential_id>", "{verified}": "<int:credential_id>", "{held}": "<int:practitioner_id>",
                 "{practitioner}": "<int:practitioner_id>", "{declaration}": "<int:declaration_id>",
                 "{duplicate}": "<int:credential_id>", "{message}": "<int:message_id>",
                 "{review}": "<int:review_id>", "{held_review}": "<int:review_id>",
                 "{recall}": "<int:recall_id>", "{problem}": "<int:report_id>", "{licence}": "<int:licence_id>"}


@pytest.fixture
def ids(make_practitioner, make_pending):
    """A practitioner with a pending credential, a declaration waiting for review and an email waiting, for the URLs."""
    practitioner = make_practitioner()
    waiting = mail.queue_message("pat@example.com", "Waiting", "An email in the outbox.")
    held = held_practitioner(make_practitioner)
    db.session.commit()
    review = claim_under_review(make_practitioner)
    # Another practitioner's registration with the same number as a third's: blocked until resolved.
    _, duplicate = [make_pending(make_practitioner(), number="7654321") for _ in range(2)]
    return {"practitioner": practitioner.id, "credential": make_pending(practitioner).id,
            "verified": practitioner.credentials[0].id, "held": held.id,
            "declaration": declare(practitioner).id, "message": waiting.id, "duplicate": duplicate.id,
            "review": review.id, "review_hash": review.text_hash, "held_review": held_review(make_practitioner),
            "recall": recall_id(), "problem": problem_id(make_practitioner), "licence": licence_id(practitioner)}


def licence_id(practitioner) -> int:
    """A personal licence waiting for review, with its evidence."""
    entry = LicenceEntry("personal", None, "Leeds City Council", "PL-7", date(2045, 1, 31))
    licence = licensing.submit(practitioner, entry, Upload(PDF, "licence.pdf"), practitioner.user, date(2026, 3, 1))
    db.session.commit()
    return licence.id


def recall_id() -> int:
    """A recall of a batch no booking used."""
    recall = Recall(product_name="Juvederm Volift", batch_number="AB12345", batch_key="AB12345",
                    reason="Sterility failure.", source_url="https://example.org/recall")
    db.session.add(recall)
    db.session.commit()
    return recall.id


def problem_id(make_practitioner) -> int:
    """An open problem report about an attended booking."""
    practitioner = make_practitioner(name="Dr Reported")
    booking = access_table.add_booking(practitioner, access_table.make_user("patient", "reporter@example.com"),
                                       access_table.NOW)
    report = ProblemReport(booking_id=booking.id, practitioner_id=practitioner.id, patient_id=booking.patient_id,
                           country="GB", what_happened="Swelling.")
    db.session.add(report)
    db.session.commit()
    return report.id


def held_review(make_practitioner) -> int:
    """A review held for a check, reported, with a held reply: every review decision applies to it."""
    patients = [access_table.make_user("patient", f"reviewer{n}@example.com") for n in (1, 2)]
    return access_table.reviews_world(make_practitioner(), make_practitioner(), *patients)["held_review_id"]


def rule_of(path: str) -> str:
    """The URL rule a listed path stands for."""
    for variable, converter in URL_VARIABLES.items():
        path = path.replace(variable, converter)
    return path


def log_in_as(client, make_user, role):
    """Log in with a new user of the role, or stay anonymous."""
    if role != "anonymous":
        login(client, make_user(role=role).email)


def test_the_lists_cover_every_admin_route(app):
    rules = {(rule.rule, method) for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")
             for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(rule_of(p), "GET") for p in GET_PAGES} | {(rule_of(p), "POST") for p in POST_ACTIONS}
    assert rules == listed


@pytest.mark.parametrize("path", GET_PAGES)
@pytest.mark.parametrize("role, status", [("anonymous", 302), ("patient", 403), ("practitioner", 403),
                                          ("admin", 200)])
def test_get_pages(client, make_user, ids, path, role, status):
    log_in_as(client, make_user, role)
    response = client.get(path.format(**ids))
    assert response.status_code == status
    if role == "anonymous":
        assert response.location.startswith("/login?next=")


@pytest.mark.parametrize("path", POST_ACTIONS)
@pytest.mark.parametrize("role, status", [("anonymous", 302), ("patient", 403), ("practitioner", 403),
                                          ("admin", 302)])
def test_post_actions(client, make_user, ids, path, role, status):
    log_in_as(client, make_user, role)
    if path.endswith("reinstate") and role == "admin":  # only a suspended practitioner can be reinstated
        url = "/admin/practitioners/{practitioner}/suspend".format(**ids)
        token = csrf_token(client.get("/admin/").get_data(as_text=True))
        client.post(url, data={**POST_ACTIONS["/admin/practitioners/{practitioner}/suspend"], "csrf_token": token})
    # Any page carries the session's CSRF token: the login form, or the logout button on the 403 page.
    token = csrf_token(client.get("/login" if role == "anonymous" else "/admin/").get_data(as_text=True))
    data = {name: value.format(**ids) for name, value in POST_ACTIONS[path].items()}
    response = client.post(path.format(**ids), data={**data, "csrf_token": token})
    assert response.status_code == status
    if role == "anonymous":
        assert response.location.startswith("/login?next=")


@pytest.mark.parametrize("path", ["/admin/credentials/999999", "/admin/practitioners/999999",
                                  "/admin/credentials/999999/document", "/admin/declarations/999999"])
def test_unknown_ids_are_404_for_admins(as_admin, path):
    assert as_admin.get(path).status_code == 404
