"""Licences verified like credentials: sent with evidence, verified or rejected by an admin, audited, in plain words."""
import io
from html import unescape
from datetime import date

import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from core.extensions import db
from core.refusal import Refusal
from licensing import services
from licensing.models import Licence
from licensing.queries import current_licence
from licensing.services import LicenceEntry, entry_problems
from tests.booking.helpers import words as raw_words
from tests.credentials.factories import PDF
from tests.helpers import login, submit
from tests.licensing.conftest import PERSONAL

TODAY = date(2026, 3, 2)


def words(response) -> str:
    """The text a reader sees, entities read."""
    return unescape(raw_words(response))


@pytest.mark.parametrize("entry, field, message", [
    (LicenceEntry("premises", None, "Leeds City Council", "P-1", date(2027, 1, 1)), "clinic_id", "Choose the clinic"),
    (LicenceEntry("personal", None, " ", "P-1", date(2027, 1, 1)), "issuer", "Enter the council"),
    (LicenceEntry("personal", None, "Leeds City Council", "", date(2027, 1, 1)), "number", "Enter the number"),
    (LicenceEntry("cqc", 1, "", "123456", None), "number", "A CQC provider ID looks like 1-101234567"),
    (LicenceEntry("personal", None, "Leeds City Council", "P-1", None), "expires_on", "Enter the expiry date"),
    (LicenceEntry("personal", None, "Leeds City Council", "P-1", date(2026, 3, 1)), "expires_on", "has expired"),
])
def test_a_licence_as_typed_is_checked_field_by_field(entry, field, message):
    [(found, text)] = entry_problems(entry, TODAY)
    assert found == field and message in text


def test_a_cqc_registration_needs_no_council_or_expiry():
    assert entry_problems(LicenceEntry("cqc", 1, "", "1-101234567", None), TODAY) == []


def test_the_practitioner_sends_a_licence_and_bad_input_is_shown_on_the_page(client, bookable):
    login(client, bookable.practitioner.user.email)
    refused = submit(client, "/practice/licences/", {**PERSONAL, "number": ""})
    assert refused.status_code == 200 and "Enter the number shown on the licence." in words(refused)
    no_file = submit(client, "/practice/licences/", PERSONAL)
    assert no_file.status_code == 200 and "Upload the licence, or the register entry, as evidence." in words(no_file)
    assert db.session.scalar(select(Licence.id)) is None
    sent = submit(client, "/practice/licences/", {**PERSONAL, "document": (io.BytesIO(PDF), "licence.pdf")},
                  follow_redirects=True)
    page = words(sent)
    assert "Verity's admins will check the licence" in page
    assert "Personal licence PL-2026-0042 (Manchester City Council)" in page and "Waiting for review" in page


def test_an_admin_verifies_against_the_evidence_with_an_expiry_and_it_is_audited(client, bookable, admin,
                                                                                  send_licence):
    licence = send_licence(bookable.practitioner)
    login(client, admin.email)
    assert "1 licence waiting" in words(client.get("/admin/licences"))
    page = f"/admin/licences/{licence.id}"
    assert client.get(f"{page}/document").status_code == 200
    refused = submit(client, f"{page}/approve", {"expires_on": "2026-03-01"}, page=page)
    assert refused.status_code == 200 and "an expired licence cannot be verified" in words(refused)
    assert submit(client, f"{page}/approve", {"expires_on": "2027-02-28"}, page=page).status_code == 302
    db.session.expire_all()
    assert current_licence(bookable.practitioner.id, "personal", None, TODAY).expires_on == date(2027, 2, 28)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "licence.approved"))
    assert event.actor_id == admin.id and event.after["expires_on"] == "2027-02-28"
    again = submit(client, f"{page}/reject", {"reason": "Too late to reject this one."}, page=page)
    assert again.status_code == 200 and "not waiting for review; nothing was changed" in words(again)


def test_a_rejection_reason_reaches_the_practitioners_page(client, bookable, admin, send_licence):
    licence = send_licence(bookable.practitioner)
    login(client, admin.email)
    page = f"/admin/licences/{licence.id}"
    submit(client, f"{page}/reject", {"reason": "The number is not on the council's register."}, page=page)
    login(client, bookable.practitioner.user.email)
    assert "Why: The number is not on the council's register." in words(client.get("/practice/licences/"))


def test_a_renewal_replaces_a_waiting_one_and_a_verified_one_only_once_verified(bookable, admin, send_licence):
    first = send_licence(bookable.practitioner, number="PL-1")
    services.approve(first, admin, date(2026, 6, 30), TODAY)
    waiting = send_licence(bookable.practitioner, number="PL-2")
    renewal = send_licence(bookable.practitioner, number="PL-3")
    assert (first.status, waiting.status, renewal.status) == ("verified", "replaced", "pending")
    services.approve(renewal, admin, date(2027, 6, 30), TODAY)
    assert first.status == "replaced"
    assert current_licence(bookable.practitioner.id, "personal", None, TODAY).number == "PL-3"


def test_a_premises_licence_must_be_for_ones_own_clinic(bookable, make_bookable):
    other = make_bookable(name="Dr Other")
    entry = LicenceEntry("premises", other.clinic.id, "Leeds City Council", "PR-1", date(2027, 1, 1))
    with pytest.raises(Refusal, match="Choose one of your clinics"):
        services.submit(bookable.practitioner, entry, io.BytesIO(PDF), bookable.practitioner.user, TODAY)
