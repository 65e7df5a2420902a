"""A world whose every editable field holds one payload, typed through the site's own forms.

A practitioner edits their profile, clinic, treatment, booking notes, a credential and an exosome
declaration; a patient books, cancels, and is cancelled on; an admin rejects, returns, resolves a
duplicate and suspends with reasons; a second practitioner arrives by CSV import. Each field's value
is the payload carrying that field's tag (see FIELDS in xss_fields.py). Every page fetched while
building is kept, so the flash messages that echo names are checked too.
"""
import csv
import io
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select

from accounts import services as accounts
from accounts.models import User
from accounts.services import create_user
from batches.models import Recall
from complications.models import ProblemReport
from booking import links
from booking.models import Booking, OpeningHours
from compliance.models import ClaimReview, ExosomeDeclaration
from core.extensions import db
from core.outbox import OutboxMessage
from credentials.models import Credential
from directory.models import Practitioner
from licensing.models import Licence
from reviews import links as review_links
from reviews.models import Review, ReviewRequest
from tests.booking.helpers import NOW, at
from tests.conftest import IsolatedClient
from tests.credentials.factories import PDF, credential_factory
from tests.access_table import US_CLINIC
from tests.factories import MANCHESTER
from tests.helpers import TEST_PASSWORD, csrf_token, login, text_of
from tests.security.xss_fields import HEALTH_TAGS
from tests.security.xss_payloads import parse, payload

ADMIN, PATIENT, OWNER, DOUBLE = "admin@example.com", "pat@example.com", "owner@example.com", "double@example.com"
UNSURE, UNSURE_TOO = "unsure@example.com", "unsure.too@example.com"  # bios the claims checker sends to an admin
IMPORTED = "imported@example.com"
MANCHESTER_FORM = {"city": "Manchester", "country": "GB", "postcode": "M1 1AE"}
TREATMENT = "microneedling"
NEW_PASSWORD = "a long and unguessable passphrase"


@dataclass
class World:
    """The stored world, its clients and every page seen so far."""

    kind: str
    app: object
    runner: object
    clients: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    seen: list = field(default_factory=list)  # (label, html) of every page met while building
    echoes: dict = field(default_factory=dict)  # name: html of a page only a POST answers with

    def value(self, tag: str) -> str:
        """What a field with this tag is given."""
        return payload(self.kind, tag)

    def post(self, role: str, url: str, data: dict, page: str | None = None, files: bool = False) -> str:
        """Post a form as a role with its CSRF token, follow the redirect, and keep the page it lands on."""
        response = self._send(role, url, data, page, files)
        html = text_of(response)
        assert response.status_code == 200 and response.history, \
            f"POST {url} as {role} was refused ({response.status_code}): {refusals(html)}"
        self.seen.append((f"after POST {url}", html))
        return html

    def echo(self, name: str, role: str, url: str, data: dict) -> None:
        """Post a form that answers with itself (a refusal, a check) and keep that page as `name`."""
        response = self._send(role, url, data)
        assert response.status_code == 200 and not response.history, f"POST {url}: {response.status_code}"
        self.echoes[name] = text_of(response)

    def _send(self, role: str, url: str, data: dict, page: str | None = None, files: bool = False):
        """Fetch the form page for its CSRF token, then post."""
        client = self.clients[role]
        token = csrf_token(text_of(client.get(page or url)))
        return client.post(url, data={**data, "csrf_token": token}, follow_redirects=True,
                           content_type="multipart/form-data" if files else None)


def refusals(html: str) -> str:
    """The error messages of a page that refused a form, for the failure message."""
    return " | ".join(" ".join(element_text.split()) for element_text in parse(html).texts
                      if "rror" in element_text or "Enter" in element_text or "Choose" in element_text)[:2000]


def build(kind: str, app, make_practitioner, runner, tmp_path) -> World:
    """Store the whole world with every field holding the payload of `kind`."""
    world = World(kind, app, runner)
    owner = make_practitioner(name="Dr Owen Owner", email=OWNER, treatments=(TREATMENT,),
                              clinics=[{**MANCHESTER, "min_notice_minutes": 0, "cancellation_cutoff_hours": 0}],
                              registration_expires=date(2099, 1, 1))
    db.session.add_all(OpeningHours(clinic_id=owner.clinics[0].id, weekday=d, opens=time(9), closes=time(17))
                       for d in range(7))
    create_user(ADMIN, TEST_PASSWORD, "admin", name="Ada Admin", verified=True)
    db.session.commit()
    world.ids.update(slug=owner.slug, practitioner_id=owner.id, clinic_id=owner.clinics[0].id,
                     offering_id=owner.offerings[0].id)
    app.test_client_class = IsolatedClient
    for role, email in (("owner", OWNER), ("admin", ADMIN), ("anonymous", None), ("patient", None)):
        world.clients[role] = app.test_client()
        if email:
            assert login(world.clients[role], email).status_code == 302
    claims_decisions(world, make_practitioner)  # first: its audit rows leave the audit page's first page to the rest
    patient_account(world)
    patient_reviews(world)  # early, like the claims: its audit rows leave the audit page's first page to the rest
    product_batches(world)
    problem_reports(world)
    licences(world)
    health_answers(world)  # before the edits: its audit row must not push theirs off the audit trail's first page
    practitioner_edits(world)
    patient_bookings(world)
    practitioner_paperwork(world)
    admin_decisions(world, make_practitioner)
    imported_practitioner(world, tmp_path)
    return world


def patient_account(world: World) -> None:
    """The patient registers with the payload as their name, confirms the address, and asks for a reset link."""
    world.post("patient", "/register", {"name": world.value("QUSER"), "email": PATIENT, "password": NEW_PASSWORD,
                                        "confirm": NEW_PASSWORD, "role": "patient"})
    patient = db.session.scalar(select(User).where(User.email == PATIENT))
    world.post("patient", f"/verify/{accounts.make_token(patient, accounts.VERIFY_SALT)}", {})
    world.post("anonymous", "/forgot-password", {"email": PATIENT})


def health_answers(world: World) -> None:
    """The patient answers every health question yes, with details, before booking; the booking takes them."""
    url = (f"/practitioners/{world.ids['slug']}/book/health?treatment={TREATMENT}&clinic={world.ids['clinic_id']}"
           f"&start={at('Europe/London', 2026, 3, 2, 15).strftime('%Y-%m-%dT%H:%MZ')}")
    world.post("patient", url, {**{key: "yes" for key in HEALTH_TAGS},
                                **{f"{key}_detail": world.value(tag) for key, tag in HEALTH_TAGS.items()}})


def practitioner_edits(world: World) -> None:
    """Profile, clinic, treatment, special hours and time off, through the practice forms."""
    v, ids = world.value, world.ids
    # First: its audit row is older than the edits', which the audit trail's first page must still show.
    world.post("owner", "/practice/booking/cancellation-policy", {"notice_hours": "24", "fee_text": v("QFEE")})
    world.post("owner", "/practice/profile", {
        "name": v("QNAME"), "profession": "doctor", "registration_body": v("QBODY"), "registration_number": v("QREG"),
        "practising_since": "2015-03-01", "bio": v("QBIO"), "languages": v("QLANG")})
    world.post("owner", f"/practice/clinics/{ids['clinic_id']}", {
        "name": v("QCLIN"), "address": v("QADDR"), "blurb": v("QBLURB"), **MANCHESTER_FORM})
    world.post("owner", f"/practice/treatments/{ids['offering_id']}", {
        "price": "250", "duration_minutes": "45", "description": v("QOFFER")})
    world.post("owner", f"/practice/booking/clinics/{ids['clinic_id']}/dates/new", {
        "day": "2026-03-20", "is_open": "closed", "note": v("QNOTE")})
    world.post("owner", "/practice/booking/time-off/new", {
        "starts_on": "2026-03-25", "ends_on": "2026-03-26", "time_zone": "Europe/London", "reason": v("QAWAY")})
    world.echo("wording_checked", "owner", "/practice/exosomes/check-wording",
               {"text": claimed(v("QWORD"))})
    world.echo("bio_refused", "owner", "/practice/profile", {
        "name": v("QNAME"), "profession": "doctor", "registration_body": v("QBODY"), "registration_number": v("QREG"),
        "practising_since": "2015-03-01", "bio": claimed(v("QCLAIM")), "languages": v("QLANG")})


def claimed(text: str) -> str:
    """The text in a sentence of its own and in a drug claim, which the checker shows back highlighted."""
    return f"{text}. It cures acne {text}."


def book(world: World, hour: int) -> int:
    """The patient books today at `hour` through the confirm form; returns the booking's id."""
    start = at("Europe/London", 2026, 3, 2, hour).strftime("%Y-%m-%dT%H:%MZ")
    url = (f"/practitioners/{world.ids['slug']}/book/confirm?treatment={TREATMENT}"
           f"&clinic={world.ids['clinic_id']}&start={start}")
    world.post("patient", url, {"patient_name": world.value("QBNAME"), "patient_phone": world.value("QPHONE"),
                                "notes": world.value("QNOTES"), "adult": "y"})
    return db.session.scalar(select(Booking.id).order_by(Booking.id.desc()))


def patient_bookings(world: World) -> None:
    """Three bookings: one kept (and reminded of), one the patient cancels, one the practitioner cancels."""
    world.ids["booking_id"] = book(world, 15)
    world.ids["view_token"] = links.make_token(db.session.get(Booking, world.ids["booking_id"]), "view", NOW)
    cancelled_by_patient, cancelled_by_practitioner = book(world, 13), book(world, 11)
    world.post("patient", f"/bookings/{cancelled_by_patient}/cancel", {"reason": world.value("QPCANCEL")})
    world.post("owner", f"/practice/booking/bookings/{cancelled_by_practitioner}/cancel",
               {"reason": world.value("QDCANCEL")})
    result = world.runner.invoke(args=["send-reminders"])
    assert "Sent 1 reminder" in result.output, result.output


def file_name(world: World, tag: str) -> str:
    """An uploaded file's name holding the payload; without "/" or '"', which browsers do not send as typed."""
    return world.value(tag).replace("/", "").replace('"', "") + ".pdf"


def practitioner_paperwork(world: World) -> None:
    """Two training certificates (named issuer, number, evidence file name) and an exosome declaration."""
    v = world.value
    for _ in range(2):  # the first is rejected, the second waits in the queue
        world.post("owner", "/practice/credentials/new", {
            "kind": "training", "issuer_choice": "named", "issuer_name": v("QISSUER"), "number": v("QCERT"),
            "issued_on": "2020-01-10", "document": (io.BytesIO(PDF), file_name(world, "QFILE"))}, files=True)
    world.post("owner", "/practice/exosomes/declare", {
        "uses_exosomes": "yes", "products-0-name": v("QPROD"), "products-0-supplier": v("QSUPP"),
        "products-0-source": "plant", "products-0-route": "topical", "attested": "y", "statement": v("QSTMT"),
        "products-0-coa_file": (io.BytesIO(PDF), file_name(world, "QCOA")),
        "products-0-tests_file": (io.BytesIO(PDF), file_name(world, "QTESTS")),
        "products-0-stability_file": (io.BytesIO(PDF), file_name(world, "QSTAB"))}, files=True)


def admin_decisions(world: World, make_practitioner) -> None:
    """Reject a certificate, return the declaration; for a double holding the owner's number: resolve, verify,
    revoke, suspend and reinstate."""
    v, owner = world.value, db.session.get(Practitioner, world.ids["practitioner_id"])
    rejected, pending = db.session.scalars(select(Credential).where(
        Credential.practitioner_id == owner.id, Credential.kind == "training").order_by(Credential.id)).all()
    world.ids.update(credential_id=rejected.id, pending_credential_id=pending.id)
    world.post("admin", f"/admin/credentials/{rejected.id}/reject", {"reason": v("QREJECT")},
               page=f"/admin/credentials/{rejected.id}")
    declaration = db.session.scalar(select(ExosomeDeclaration).where(ExosomeDeclaration.practitioner_id == owner.id))
    world.ids["declaration_id"] = declaration.id
    world.post("admin", f"/admin/declarations/{declaration.id}/return", {"reason": v("QRETURN")},
               page=f"/admin/declarations/{declaration.id}")
    double = make_practitioner(name="Dr Dee Double", email=DOUBLE, verified=False)
    duplicate = credential_factory(NOW.date())(double, number=owner.credentials[0].number,
                                               filename=file_name(world, "QDFILE"))
    world.ids.update(double_id=double.id, duplicate_id=duplicate.id)
    page = f"/admin/credentials/{duplicate.id}"
    world.post("admin", f"/admin/credentials/{duplicate.id}/resolve-duplicate", {"resolution": v("QDUP")}, page=page)
    world.post("admin", f"/admin/credentials/{duplicate.id}/approve", {
        "next_check_on": "2044-01-01", "expires_on": "2045-01-31", "register": "GMC",
        "register_reference": v("QREF"), "register_checked_on": "2026-03-01"}, page=page)
    world.post("admin", f"/admin/credentials/{duplicate.id}/revoke", {"reason": v("QREVOKE")}, page=page)
    practitioner_page = f"/admin/practitioners/{double.id}"
    world.echoes["admin_suspended"] = world.post(  # the admin's page of the double, as the suspension left it
        "admin", f"{practitioner_page}/suspend", {"reason": v("QSUSPEND")}, page=practitioner_page)
    world.post("admin", f"{practitioner_page}/reinstate", {"reason": v("QREINSTATE")}, page=practitioner_page)


def claims_decisions(world: World, make_practitioner) -> None:
    """Two US practitioners' unsure bios: the admin refuses one and approves the other, each with a note."""
    bio = "I trained in California. Clinically proven to improve the look of fine lines."  # US: needs review
    for email, action, tag in ((UNSURE, "refuse", "QCREFUSE"), (UNSURE_TOO, "approve", "QCAPPROVE")):
        practitioner = make_practitioner(email=email, clinics=[US_CLINIC], bio=bio)
        review = db.session.scalar(select(ClaimReview).where(ClaimReview.practitioner_id == practitioner.id))
        world.ids[f"{action}_claim_id"] = review.id
        world.post("admin", f"/admin/claims/{review.id}/{action}", {"seen": review.text_hash, "reason": world.value(tag)},
                   page=f"/admin/claims/{review.id}")


def imported_practitioner(world: World, tmp_path) -> None:
    """A practitioner onboarded from a CSV whose free-text columns hold the payload, verified by the admin."""
    v = world.value
    row = {"name": v("QINAME"), "email": IMPORTED, "profession": "doctor", "registration_body": "GMC",
           "registration_number": "7123456", "practising_since": "2012-04-01", "clinic_name": v("QICLIN"),
           "address": v("QIADDR"), "city": "Manchester", "postcode": "M1 1AE", "country": "GB", "lat": "",
           "lon": "", "treatments": TREATMENT, "bio": v("QIBIO"), "registration_verified": "yes",
           "registration_expires": "2099-01-01"}
    path = tmp_path / "import.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    result = world.runner.invoke(args=["import-practitioners", str(path), "--admin", ADMIN])
    assert result.exit_code == 0, result.output
    imported = db.session.scalar(select(Practitioner).order_by(Practitioner.id.desc()))
    world.ids["imported_slug"] = imported.slug


def emails(world: World) -> list[OutboxMessage]:
    """Every email the world queued, oldest first."""
    db.session.commit()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def review_by_link(world: World, hour: int, text: str) -> Review:
    """A booking of today at `hour`, marked attended, reviewed through its emailed link's form."""
    booking = db.session.get(Booking, book(world, hour))
    booking.status = "attended"
    request = ReviewRequest(booking_id=booking.id, nonce=f"xss{hour:02d}", sent_at=NOW)
    db.session.add(request)
    db.session.commit()
    world.post("anonymous", f"/reviews/write/{review_links.make_token(request, booking.patient)}",
               {"stars": "3", "text": text})
    return db.session.scalar(select(Review).where(Review.booking_id == booking.id))


def patient_reviews(world: World) -> None:
    """Two reviews: one replied to and reported; one kept, removed, and with a held reply refused (notes typed)."""
    v = world.value
    kept = review_by_link(world, 16, v("QREVIEW"))
    if kept.status == "held":  # the claims checker may be unsure of markup: the admin publishes it
        world.post("admin", f"/admin/reviews/{kept.id}/publish", {}, page=f"/admin/reviews/{kept.id}")
    page = f"/practice/reviews/{kept.id}"
    world.post("owner", f"{page}/reply", {"text": v("QREPLY")}, page=page)
    if db.session.get(Review, kept.id, populate_existing=True).reply_held:
        world.post("admin", f"/admin/reviews/{kept.id}/reply/publish", {}, page=f"/admin/reviews/{kept.id}")
    world.post("owner", f"{page}/report", {"reason": "abuse", "note": v("QRNOTE")}, page=page)
    removed = review_by_link(world, 14, "Fine visit overall, nothing more to add here.")
    world.ids.update(review_id=kept.id, removed_review_id=removed.id)
    page, admin_page = f"/practice/reviews/{removed.id}", f"/admin/reviews/{removed.id}"
    world.post("owner", f"{page}/report", {"reason": "not_about_experience", "note": "About parking."}, page=page)
    world.post("admin", f"{admin_page}/keep", {"note": v("QRKEEP")}, page=admin_page)
    removed.reply_text, removed.reply_held = "A reply waiting for a check.", True
    db.session.commit()
    world.post("admin", f"{admin_page}/reply/refuse", {"note": v("QRREFUSE")}, page=admin_page)
    world.post("admin", f"{admin_page}/remove", {"reason": "abuse", "note": v("QRMNOTE")}, page=admin_page)


def product_batches(world: World) -> None:
    """The owner records a product at an attended booking; an admin recalls its batch (both emails are queued)."""
    v = world.value
    booking = db.session.get(Booking, book(world, 10))
    booking.status, booking.attended_at = "attended", NOW
    db.session.commit()
    world.post("owner", f"/practice/bookings/{booking.id}/products", {
        "product_name": v("QBPROD"), "manufacturer": v("QBMAKER"), "batch_number": v("QBATCH"),
        "expires_on": "2027-06-30", "quantity": v("QBQTY")})
    world.post("admin", "/admin/recalls", {"product_name": v("QRPROD"), "batch_number": v("QBATCH"),
                                           "reason": v("QRREASON"), "source_url": "https://example.org/recall"})
    world.ids.update(batch_booking_id=booking.id, recall_id=db.session.scalar(select(Recall.id)))


def problem_reports(world: World) -> None:
    """The patient reports a problem after today's noon appointment (attended); an admin closes it with a note."""
    booking_id = book(world, 12)
    db.session.get(Booking, booking_id).status = "attended"  # no reminder then: patient_bookings counts one
    db.session.commit()
    world.post("patient", f"/bookings/{booking_id}/problem", {"step": "details", "what_happened": world.value("QPROB"),
                                                             "started_on": "2026-03-02"})
    report_id = db.session.scalar(select(ProblemReport.id).where(ProblemReport.booking_id == booking_id))
    page = f"/admin/problems/{report_id}"
    world.post("admin", f"{page}/close", {"note": world.value("QPCLOSE")}, page=page)
    world.ids.update(problem_id=report_id)


def licences(world: World) -> None:
    """The owner sends a personal licence (rejected by an admin) and a premises licence (left waiting)."""
    v = world.value
    for kind, clinic in (("personal", "0"), ("premises", str(world.ids["clinic_id"]))):
        world.post("owner", "/practice/licences/", {
            "kind": kind, "clinic_id": clinic, "issuer": v("QLISS"), "number": v("QLNUM"), "expires_on": "2027-03-31",
            "document": (io.BytesIO(PDF), file_name(world, "QLFILE"))}, files=True)
    rejected, waiting = db.session.scalars(select(Licence.id).order_by(Licence.id))
    world.post("admin", f"/admin/licences/{rejected}/reject", {"reason": v("QLWHY")},
               page=f"/admin/licences/{rejected}")
    world.ids.update(licence_id=waiting, rejected_licence_id=rejected)
