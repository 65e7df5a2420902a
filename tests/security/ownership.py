"""The ownership table: every route whose URL names something, whose it is, and how to find each account's objects.

tests/access_table.py says what each ROLE gets; this table says, for routes naming one object, who OWNS
it: the logged-in practitioner, the logged-in patient, or the booking a signed link names. Every other
route with a URL argument is listed in NOT_PRIVATE with the reason it names nothing private to one
account. A route missing from both fails test_every_route_naming_an_object_is_in_the_ownership_table.

The world is tests/access_table.py's: practitioner B ("owner", Dr Owen Owner) and practitioner A
("other_practitioner", Dr Olga Other), each with clinics, treatments, credentials, evidence and a
declaration, and a patient each (Pat with Owen, Olly with Olga). add_extras gives Olga what only Owen had,
so both directions are tried.
"""
import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from accounts.models import User
from booking.models import Booking, DateOverride, TimeOff
from compliance.models import ComplianceDocument
from core.extensions import db
from reviews.models import Review
from batches.models import ProductUse
from complications.models import ProblemReport
from credentials.models import Credential
from licensing.models import Licence, Oversight
from directory.models import Clinic, Offering, Practitioner
from tests.access_table import EMAILS, URL_VALUES
from tests.booking.helpers import NOW, at
from tests.credentials.factories import credential_factory
from tests.test_access_matrix import matrix, stored_rows  # noqa: F401 (matrix: the module-scoped fixture)

PRACTITIONER, PATIENT, LINK = "practitioner", "patient", "link"

OWNED_BY = {
    "booking_practice.add_override": PRACTITIONER,
    "booking_practice.cancel_booking": PRACTITIONER,
    "booking_practice.clinic_hours": PRACTITIONER,
    "booking_practice.confirm_booking": PRACTITIONER,
    "booking_practice.no_show": PRACTITIONER,
    "booking_practice.attended": PRACTITIONER,
    "practice.review": PRACTITIONER,
    "practice.booking_products": PRACTITIONER,
    "practice.edit_product": PRACTITIONER,
    "practice.remove_product": PRACTITIONER,
    "practice.licence_document": PRACTITIONER,
    "practice.answer_oversight": PRACTITIONER,
    "practice.reply_review": PRACTITIONER,
    "practice.report_review": PRACTITIONER,
    "booking_practice.offering_rules": PRACTITIONER,
    "booking_practice.remove_override": PRACTITIONER,
    "booking_practice.remove_time_off": PRACTITIONER,
    "compliance.document": PRACTITIONER,
    "intake_practice.answers": PRACTITIONER,  # admins too: see test_object_access_evidence.py
    "practice.change_credential": PRACTITIONER,
    "practice.credential": PRACTITIONER,
    "practice.credential_document": PRACTITIONER,
    "practice.delete_clinic": PRACTITIONER,
    "practice.edit_clinic": PRACTITIONER,
    "practice.edit_offering": PRACTITIONER,
    "practice.remove_offering": PRACTITIONER,
    "api.get_booking": PATIENT,
    "api.reschedule_booking": PATIENT,
    "booking.cancel": PATIENT,
    "booking.detail": PATIENT,
    "booking.reschedule": PATIENT,
    "booking.reschedule_confirm": PATIENT,
    "intake.booking_answers": PATIENT,
    "complications.report": PATIENT,
    "complications.problem": PATIENT,
    "booking.link_cancel": LINK,
    "booking.link_reschedule": LINK,
    "booking.link_reschedule_confirm": LINK,
    "booking.link_view": LINK,
}

ADMIN = "admins act on every practitioner's objects; other roles are refused by role (tests/access_table.py)"
PUBLIC = "a listed practitioner's public page, named by slug"
ACCOUNT_TOKEN = "the signed token names the account it acts on (token tests: tests/security/ item 3)"
NOT_PRIVATE = {
    **dict.fromkeys(["admin.approve", "admin.clear_hold", "admin.credential", "admin.declaration", "admin.document",
                     "admin.practitioner", "admin.reinstate", "admin.reject", "admin.resolve_duplicate",
                     "admin.retry_mail", "admin.return_declaration", "admin.review_declaration", "admin.revoke",
                     "admin.suspend", "admin.claim", "admin.approve_claim", "admin.refuse_claim",
                     "admin.review", "admin.publish_review", "admin.keep_review", "admin.remove_review",
                     "admin.publish_reply", "admin.refuse_reply", "admin.recall", "admin.notify_recall",
                     "admin.problem", "admin.close_problem", "admin.licence", "admin.licence_document",
                     "admin.approve_licence", "admin.reject_licence"], ADMIN),
    **dict.fromkeys(["directory.profile", "booking.start", "booking.confirm", "compliance.explanation",
                     "intake.before_booking"], PUBLIC),
    **dict.fromkeys(["accounts.reset_password", "accounts.verify_email", "account.confirm_email_change"],
                    ACCOUNT_TOKEN),
    "api.slots": "a listed practitioner's free times (a clinic of another practitioner: test_object_access_forms.py)",
    "booking.calendar_feed": "the secret feed token is the key (tests/test_access_matrix.py)",
    "practice.photo": "a profile photo, public on the profile, named by a random name (evidence can't be reached "
                      "through it: test_object_access_evidence.py)",
    "static": "the site's own files",
    "transparency.chart": "a chart of site-wide monthly counts, named by its section (no personal data: "
                          "tests/transparency/test_report.py)",
    "reviews.write": "the signed single-use token names the booking and its patient (tests/reviews/test_requests.py)",
}

# What each URL argument names, and the query of one account's objects of that kind.
KINDS = {
    "clinic_id": lambda p: select(Clinic.id).where(Clinic.practitioner_id == p),
    "offering_id": lambda p: select(Offering.id).where(Offering.practitioner_id == p),
    "credential_id": lambda p: select(Credential.id).where(Credential.practitioner_id == p),
    "override_id": lambda p: select(DateOverride.id).join(Clinic).where(Clinic.practitioner_id == p),
    "time_off_id": lambda p: select(TimeOff.id).where(TimeOff.practitioner_id == p),
    "document_id": lambda p: select(ComplianceDocument.id).where(ComplianceDocument.practitioner_id == p),
    "booking_id": lambda p: select(Booking.id).where(Booking.practitioner_id == p),
    "review_id": lambda p: select(Review.id).where(Review.practitioner_id == p),
    "use_id": lambda p: select(ProductUse.id).where(ProductUse.practitioner_id == p),
    "licence_id": lambda p: select(Licence.id).where(Licence.practitioner_id == p),
    "oversight_id": lambda p: select(Oversight.id).where(Oversight.overseer_id == p),
}
PATIENT_KINDS = {"booking_id": lambda u: select(Booking.id).where(Booking.patient_id == u),
                 "report_id": lambda u: select(ProblemReport.id).where(ProblemReport.patient_id == u)}

# Who tries whose objects: A with B's and B with A's, for each side.
PAIRS = {PRACTITIONER: [("other_practitioner", "owner"), ("owner", "other_practitioner")],
         PATIENT: [("other_patient", "patient"), ("patient", "other_patient")]}


def _jpeg() -> bytes:
    """A real small JPEG: evidence images are decoded and re-encoded, so a bare signature is refused."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    return buffer.getvalue()


JPEG = _jpeg()  # evidence stored as <hex>.jpg, like a photo's name


def user_of(role: str) -> User:
    """The world's account of a role."""
    return db.session.scalar(select(User).where(User.email == EMAILS[role]))


def practitioner_of_role(role: str) -> Practitioner:
    """The world's practitioner profile of a practitioner role."""
    return db.session.scalar(select(Practitioner).where(Practitioner.user_id == user_of(role).id))


def objects_of(role: str, side: str, argument: str) -> list[int]:
    """The ids of a role's own objects that a URL argument can name, in id order."""
    if side == PATIENT:
        query = PATIENT_KINDS[argument](user_of(role).id)
    else:
        query = KINDS[argument](practitioner_of_role(role).id)
    return sorted(db.session.scalars(query))


def name_of(role: str) -> str:
    """The name the role's account shows, to check a refusal does not show it."""
    if role in ("owner", "other_practitioner"):
        return practitioner_of_role(role).name
    return user_of(role).name


def add_extras() -> None:
    """Give practitioner A what only B had (a date override, time off) and evidence stored as a .jpg."""
    olga = practitioner_of_role("other_practitioner")
    db.session.add_all([
        DateOverride(clinic_id=olga.clinics[0].id, day=date(2026, 3, 13), closed=True, note="Closed"),
        TimeOff(practitioner_id=olga.id, starts_at=at("Europe/London", 2026, 3, 23),
                ends_at=at("Europe/London", 2026, 3, 24), time_zone="Europe/London")])
    db.session.commit()
    credential_factory(NOW.date())(olga, document=JPEG, filename="scan.jpg", kind="training", issuer_choice="named",
                                   issuer_name="Skin Academy", number="TR-9", issued_on=date(2020, 1, 10),
                                   expires_on=None)


@pytest.fixture
def world(matrix):
    """The access matrix's world plus EXTRAS, in an app context; rows changed by a test are put back before the next."""
    with matrix.app.app_context():
        if matrix.ids is None:
            matrix.ensure_world()
            add_extras()
            matrix.baseline, matrix.baseline_raw = stored_rows(), stored_rows(raw=True)
        matrix.ensure_world()
        yield matrix
        db.session.remove()


def with_id(world, endpoint: str, argument: str, value) -> dict:
    """The world's ids with the endpoint's URL argument naming another object."""
    return {**world.ids, URL_VALUES.get(endpoint, {}).get(argument, argument): value}
