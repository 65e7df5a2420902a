"""The admin overview: each figure links to its queue, and the queue lists exactly that many rows."""
import re
from datetime import timedelta
from html import unescape

import pytest

from admin.overview import QUEUES, TOTALS
from batches.models import ProductUse, Recall
from complications.models import ProblemReport
from compliance import services as compliance_services
from compliance.models import ClaimReview
from core import clock, outbox
from core.extensions import db
from core.mail import queue_message
from licensing import services as licensing
from licensing.services import LicenceEntry
from directory.models import ComplianceBadgeRow
from reviews.models import Review
from tests.compliance.conftest import ROSE_SERUM, pdf_upload
from tests.access_table import add_booking, make_user
from tests.credentials.factories import PDF, Upload
from tests.helpers import login, text_of


def figures(response) -> dict[str, tuple[str, int]]:
    """The overview's figures: label -> (the link's address, the number shown)."""
    found = re.findall(r'<a class="stat card stat-link[^"]*" href="([^"]+)">\s*<span class="stat-label">([^<]+)</span> '
                       r'<span class="stat-count">(\d+)</span>', text_of(response))
    return {label: (unescape(href), int(n)) for href, label, n in found}


def rows_listed(response) -> int:
    """How many rows the queue page lists: its first table's body rows, or the failed emails on the outbox page."""
    html = text_of(response)
    if "<h1>Outgoing mail</h1>" in html:
        return html.count('<span class="badge badge-bad">Failed</span>')
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return body.group(1).count("<tr>") if body else 0


@pytest.fixture
def busy_site(make_practitioner, make_pending, admin):
    """Something waiting in every queue, a different number in most."""
    holder = make_practitioner(name="Dr Holder")
    holder.credentials[0].next_check_on = clock.today() - timedelta(days=1)  # a check is overdue
    newcomer = make_practitioner(name="Dr Newcomer", verified=False)
    make_pending(newcomer, number=holder.registration_number)  # the holder's number: a duplicate to resolve
    make_pending(newcomer, kind="training", issuer_choice="named", issuer_name="Harley Academy", number="")
    third = make_practitioner(name="Dr Third", verified=False)
    make_pending(third, number="7999999")
    wordy = (newcomer, third)
    declarer = make_practitioner(name="Dr Declarer")
    evidence = {kind: compliance_services.store_evidence(declarer, kind, pdf_upload(f"{kind}.pdf"))
                for kind in ("coa", "tests")}
    compliance_services.declare(declarer, compliance_services.DeclarationInput(
        True, [compliance_services.ProductInput(**ROSE_SERUM, **evidence)], attested=True, statement=""),
        declarer.user, clock.now())
    held = make_practitioner(name="Dr Held")
    db.session.merge(ComplianceBadgeRow(practitioner_id=held.id, status="not_compliant",
                                        bookings_held_since=clock.now()))
    suspended = make_practitioner(name="Dr Suspended")
    suspended.suspended_at, suspended.suspension_reason = clock.now(), "Checking a complaint."
    for n in range(2):
        queue_message(f"bounced{n}@example.com", "Your booking", "Hello").status = outbox.FAILED
    for status, reported in (("held", None), ("published", clock.now()), ("published", None)):  # 2 wait, 1 is shown
        db.session.add(Review(practitioner_id=holder.id, stars=2, text="Words", treatment_name="Microneedling",
                              appointment_on=clock.today(), status=status, reported_at=reported))
    queue_message("later@example.com", "Your reminder", "Hello").next_attempt_at = clock.now() + timedelta(days=1)
    db.session.commit()
    recalled_batch(holder)
    reported_problems(holder)
    licences_waiting(holder, suspended)
    for n, who in enumerate(wordy):  # after the commit above, whose badge sync re-checks the texts it touched
        db.session.add(ClaimReview(practitioner_id=who.id, kind="bio", object_id=who.id, text=f"Unsure words {n}",
                                   text_hash=f"{n:064d}", verdict="review", record={}, score=0.5, checker="test",
                                   status="pending"))
    db.session.commit()


def licences_waiting(*practitioners) -> None:
    """A licence already verified (not waiting), then a licence waiting from each practitioner."""
    expires = clock.today() + timedelta(days=300)
    done = licensing.submit(practitioners[0], LicenceEntry("personal", None, "Leeds City Council", "PL-9", expires),
                            Upload(PDF, "licence.pdf"), practitioners[0].user, clock.today())
    done.status = "verified"
    for n, practitioner in enumerate(practitioners):
        entry = LicenceEntry("personal", None, "Leeds City Council", f"PL-{n}", expires)
        licensing.submit(practitioner, entry, Upload(PDF, "licence.pdf"), practitioner.user, clock.today())
    db.session.commit()


def recalled_batch(practitioner) -> None:
    """A recall whose batch was recorded at an attended booking (one waits), and a recall no booking used."""
    booking = add_booking(practitioner, make_user("patient", "recalled@example.com"), clock.now() - timedelta(days=1))
    booking.status = "attended"
    db.session.add(ProductUse(booking_id=booking.id, practitioner_id=practitioner.id, product_name="Volift",
                              manufacturer="Allergan", batch_number="AB-1", batch_key="AB1",
                              expires_on=clock.today() + timedelta(days=300)))
    for key in ("AB1", "ZZ9"):
        db.session.add(Recall(product_name="Volift", batch_number=key, batch_key=key, reason="Sterility.",
                              source_url="https://example.org/recall"))
    db.session.commit()


def reported_problems(practitioner) -> None:
    """Two open problem reports (one urgent) and one an admin closed."""
    booking = add_booking(practitioner, make_user("patient", "reporter@example.com"), clock.now() - timedelta(days=2))
    for signs, status in ((["vision"], "open"), ([], "open"), ([], "closed")):
        db.session.add(ProblemReport(booking_id=booking.id, practitioner_id=practitioner.id,
                                     patient_id=booking.patient_id, urgent_signs=signs, country="GB",
                                     what_happened="Swelling.", status=status,
                                     closed_at=clock.now() if status == "closed" else None))
    db.session.commit()


def test_every_figure_links_to_a_queue_listing_that_many_rows(client, admin, busy_site):
    login(client, admin.email)
    shown = figures(client.get("/admin/"))
    assert set(shown) == {c.label for c in QUEUES + TOTALS}
    assert {label: n for label, (_, n) in shown.items()} == {
        "Credentials waiting for review": 3, "Registration numbers held twice": 1, "Exosome declarations waiting": 1,
        "Wording waiting for review": 2, "Reviews held or reported": 2, "Bookings held for compliance": 1, "Checks due today or overdue": 1,
        "Emails that failed": 2, "Recalls with people not yet told": 1, "Licences waiting for review": 2,
        "Problems reported, not closed": 2, "Practitioners": 6, "Suspended practitioners": 1}
    for label, (href, n) in shown.items():
        queue = client.get(href)
        assert queue.status_code == 200 and rows_listed(queue) == n, f"{label}: {href} lists {rows_listed(queue)}"


def test_an_empty_queue_shows_zero_and_still_links(client, admin):
    login(client, admin.email)
    shown = figures(client.get("/admin/"))
    assert shown["Exosome declarations waiting"] == ("/admin/declarations", 0)
    assert shown["Registration numbers held twice"] == ("/admin/credentials?show=duplicates", 0)
    assert "Nothing is waiting for review" in text_of(client.get("/admin/credentials?show=duplicates"))
