"""The access table: for every route and method, what each role gets, and what the request sends.

Roles: anonymous, a patient with a booking of the owner, another patient (booked with the other
practitioner), the owning practitioner, another practitioner (with objects of their own) and an admin.
URLs always name the owner's objects (and the patient's booking), so "other_practitioner" and
"other_patient" cells are the object-level checks.

An expected value is a status the response must have with nothing stored changing; LOGIN, a redirect
to log in (and come back) with nothing changing; or Writes(status), that status with something stored
changing: the payload is valid, so every refusal in the same row is its role's, not bad input's.
"""
import io
from dataclasses import dataclass
from datetime import date, time, timedelta

from PIL import Image
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from accounts import services as accounts
from accounts.models import User
from batches.models import ProductUse, Recall
from complications.models import ProblemReport
from booking import links
from booking.models import Booking, CalendarFeed, DateOverride, OpeningHours, TimeOff
from booking.schedule import Visit
from compliance import services as compliance
from compliance.models import ClaimReview
from core import mail
from directory import photos
from compliance.sync import refresh_badge
from directory.models import ComplianceBadgeRow, Treatment
from directory.services import sync_catalogue
from intake import services as intake
from intake.questions import KEYS
from core.extensions import db
from licensing import services as licensing
from licensing.services import LicenceEntry
from reviews import links as review_links
from reviews.models import Review, ReviewRequest
from tests.booking.helpers import NOW, at
from tests.credentials.factories import PDF, Upload, credential_factory
from tests.factories import MANCHESTER, practitioner_factory
from tests.helpers import TEST_PASSWORD

ROLES = ("anonymous", "patient", "other_patient", "owner", "other_practitioner", "admin")
LOGIN = "302 to /login?next=..."
NEW_SLOT, MOVED_SLOT = "2026-03-05T10:00Z", "2026-03-06T10:00Z"  # free: the clinics open 09:00-17:00 daily
NEW_PASSWORD = "a fresh and rather long passphrase"


@dataclass(frozen=True)
class Writes:
    """The response status of a request that is allowed and changes what is stored."""

    status: int


@dataclass(frozen=True)
class Json:
    """A JSON body, sent with the CSRF token in the X-CSRFToken header."""

    body: dict


W302, W201 = Writes(302), Writes(201)


def row(anonymous, patient, owner, other_practitioner, admin, other_patient=None) -> dict:
    """One row of the table; the other patient gets what the patient gets unless told."""
    return {"anonymous": anonymous, "patient": patient, "other_patient": patient if other_patient is None
            else other_patient, "owner": owner, "other_practitioner": other_practitioner, "admin": admin}


def everyone(expected) -> dict:
    """The same answer for every role."""
    return dict.fromkeys(ROLES, expected)


def practice(owner, other=None) -> dict:
    """A practitioner's page: patients and admins get 403; another practitioner the same as the owner."""
    return row(LOGIN, 403, owner, owner if other is None else other, 403)


def owned(owner) -> dict:
    """A practitioner's page naming one of the owner's objects: another practitioner gets 404."""
    return practice(owner, other=404)


def admin_only(admin) -> dict:
    """An admin page."""
    return row(LOGIN, 403, 403, 403, admin)


def patients_own(patient) -> dict:
    """A page naming the patient's booking: another patient gets 404, other roles 403."""
    return row(LOGIN, patient, 403, 403, 403, other_patient=404)


TABLE = {
    "accounts.forgot_password": {"GET": everyone(200), "POST": everyone(W302)},  # queues the reset email
    "accounts.login": {"GET": everyone(200), "POST": everyone(W302)},
    "accounts.logout": {"POST": everyone(302)},
    "accounts.register": {"GET": everyone(200), "POST": everyone(W302)},
    "accounts.resend_verification": {"POST": {**everyone(302), "anonymous": LOGIN}},
    "accounts.reset_password": {"GET": everyone(200), "POST": everyone(W302)},
    "accounts.verify_email": {"GET": everyone(200), "POST": everyone(302)},
    "account.overview": {"GET": row(LOGIN, 200, 200, 200, 200)},
    "account.change_email": {"POST": row(LOGIN, W302, W302, W302, W302)},  # queues the link and the notice
    "account.confirm_email_change": {"GET": everyone(200), "POST": everyone(W302)},  # the signed link is the key
    "account.change_password": {"POST": row(LOGIN, W302, W302, W302, W302)},
    "account.export": {"POST": row(LOGIN, Writes(200), Writes(200), Writes(200), Writes(200))},  # audited download
    # Patients delete their account; a practitioner with a profile, or an admin, is told how instead.
    "account.delete": {"POST": row(LOGIN, W302, 200, 200, 200)},
    "admin.approve": {"POST": admin_only(W302)},
    "admin.audit": {"GET": admin_only(200)},
    "admin.audit_csv": {"GET": admin_only(200)},
    "admin.credential": {"GET": admin_only(200)},
    "admin.dashboard": {"GET": admin_only(200)},
    "admin.declaration": {"GET": admin_only(200)},
    "admin.declarations": {"GET": admin_only(200)},
    "admin.document": {"GET": admin_only(200)},
    "admin.practitioner": {"GET": admin_only(200)},
    "admin.practitioners": {"GET": admin_only(200)},
    "admin.outbox_page": {"GET": admin_only(200)},
    "admin.queue": {"GET": admin_only(200)},
    "admin.clear_hold": {"POST": admin_only(W302)},
    "admin.claims": {"GET": admin_only(200)},
    "admin.claim": {"GET": admin_only(200)},
    "admin.approve_claim": {"POST": admin_only(W302)},
    "admin.refuse_claim": {"POST": admin_only(W302)},
    "admin.reinstate": {"POST": admin_only(W302)},
    "admin.resolve_duplicate": {"POST": admin_only(W302)},
    "admin.reject": {"POST": admin_only(W302)},
    "admin.revoke": {"POST": admin_only(W302)},
    "admin.retry_mail": {"POST": admin_only(W302)},
    "admin.return_declaration": {"POST": admin_only(W302)},
    "admin.review_declaration": {"POST": admin_only(W302)},
    "admin.suspend": {"POST": admin_only(W302)},
    "api.check": {"POST": everyone(200)},
    "api.create_booking": {"POST": row(401, W201, 403, 403, 403)},
    # The patient's own booking; anyone else's is missing, whoever asks.
    "api.get_booking": {"GET": row(401, 200, 404, 404, 404, other_patient=404)},
    "api.reschedule_booking": {"POST": row(401, Writes(200), 404, 404, 404, other_patient=404)},
    "api.openapi": {"GET": everyone(200)},
    "api.places": {"GET": everyone(200)},
    "api.practitioners": {"GET": everyone(200)},
    "api.slots": {"GET": everyone(200)},
    "api.treatments": {"GET": everyone(200)},
    "booking.calendar_feed": {"GET": everyone(200)},  # the secret token is the key, whoever holds it
    "booking.cancel": {"GET": patients_own(200), "POST": patients_own(W302)},
    # Only patients book: anyone else sees the page explaining that, and nothing is booked.
    "booking.confirm": {"GET": everyone(200), "POST": row(200, W302, 200, 200, 200)},
    "booking.detail": {"GET": patients_own(200)},
    "booking.link_cancel": {"GET": everyone(200), "POST": everyone(W302)},  # the signed link is the key
    "booking.link_reschedule": {"GET": everyone(200)},
    "booking.link_view": {"GET": everyone(200)},
    "booking.link_reschedule_confirm": {"GET": everyone(200), "POST": everyone(W302)},
    "booking.my_bookings": {"GET": row(LOGIN, 200, 403, 403, 403)},
    "booking.reschedule": {"GET": patients_own(200)},
    "booking.reschedule_confirm": {"GET": patients_own(200), "POST": patients_own(W302)},
    "booking.start": {"GET": everyone(200)},
    "booking_practice.add_override": {"GET": owned(200), "POST": owned(W302)},
    "booking_practice.add_time_off": {"GET": practice(200), "POST": practice(W302)},
    "booking_practice.agenda": {"GET": practice(200)},
    "booking_practice.cancellation_policy": {"GET": practice(200), "POST": practice(W302)},
    "booking_practice.cancel_booking": {"GET": owned(200), "POST": owned(W302)},
    "booking_practice.clinic_hours": {"GET": owned(200), "POST": owned(W302)},
    "booking_practice.confirm_booking": {"POST": owned(W302)},
    "booking_practice.no_show": {"POST": owned(W302)},
    "booking_practice.attended": {"POST": owned(W302)},
    "booking_practice.offering_rules": {"GET": owned(200), "POST": owned(W302)},
    "booking_practice.remove_override": {"POST": owned(W302)},
    "booking_practice.remove_time_off": {"POST": owned(W302)},
    "booking_practice.rotate_feed": {"POST": practice(W302)},
    "booking_practice.settings": {"GET": practice(200)},
    # Evidence: its owner and admins; another practitioner gets 404, patients are refused by role.
    "compliance.document": {"GET": row(LOGIN, 403, 200, 404, 200)},
    "compliance.explanation": {"GET": everyone(200)},
    "directory.about": {"GET": everyone(200)},
    # Health answers: the patient (Pat's answers are shown again to check, an audited read: a write) and the
    # booking's practitioner; admins are refused, another practitioner's or patient's booking is missing.
    "intake.before_booking": {"GET": row(LOGIN, Writes(200), 403, 403, 403, other_patient=200),
                              "POST": row(LOGIN, W302, 403, 403, 403)},
    "intake.booking_answers": {"GET": patients_own(Writes(200)), "POST": patients_own(W302)},
    "intake_practice.answers": {"GET": row(LOGIN, 403, Writes(200), 404, 403)},
    # The patient's own date of birth, given once (eligibility/): only patients, only their own.
    "eligibility.birth_date": {"GET": row(LOGIN, 200, 403, 403, 403), "POST": row(LOGIN, W302, 403, 403, 403)},
    "directory.home": {"GET": everyone(200)},
    "directory.profile": {"GET": everyone(200)},
    "directory.search": {"GET": everyone(200)},
    "health.healthz": {"GET": everyone(200)},
    "site.robots": {"GET": everyone(200)},
    "legal.complaints": {"GET": everyone(200)},
    "legal.contact": {"GET": everyone(200)},
    "legal.privacy": {"GET": everyone(200)},
    "legal.terms": {"GET": everyone(200)},
    "transparency.report": {"GET": everyone(200)},
    "transparency.report_download": {"GET": everyone(200)},
    "transparency.chart": {"GET": everyone(200)},
    "practice.add_clinic": {"GET": practice(200), "POST": practice(W302)},
    "practice.add_credential": {"GET": practice(200), "POST": practice(W302)},
    "practice.add_offering": {"GET": practice(200), "POST": practice(W302)},
    "practice.change_credential": {"GET": owned(200), "POST": owned(W302)},
    "practice.check_wording": {"GET": practice(200), "POST": practice(200)},  # checks text, stores nothing
    "practice.create_profile": {"GET": practice(302), "POST": practice(302)},  # they have one: go to edit it
    "practice.credential": {"GET": owned(200)},
    "practice.credential_document": {"GET": owned(200)},
    "practice.credentials": {"GET": practice(200)},
    "practice.dashboard": {"GET": practice(200)},
    "practice.declare_exosomes": {"GET": practice(200), "POST": practice(W302)},
    "practice.delete_clinic": {"GET": owned(200), "POST": owned(W302)},
    "practice.edit_clinic": {"GET": owned(200), "POST": owned(W302)},
    "practice.edit_offering": {"GET": owned(200), "POST": owned(W302)},
    "practice.edit_profile": {"GET": practice(200), "POST": practice(W302)},
    "practice.exosomes": {"GET": practice(200)},
    "practice.photo": {"GET": everyone(200)},
    "practice.remove_offering": {"GET": owned(200), "POST": owned(W302)},
    # Reviews (reviews/): the patient's single-use link is the key; replies and reports are the practitioner's.
    "reviews.write": {"GET": everyone(200), "POST": everyone(W302)},
    "reviews.policy": {"GET": everyone(200)},
    "practice.reviews": {"GET": practice(200)},
    "practice.review": {"GET": owned(200)},
    "practice.reply_review": {"POST": owned(W302)},
    "practice.report_review": {"POST": owned(W302)},
    "admin.reviews": {"GET": admin_only(200)},
    "admin.review": {"GET": admin_only(200)},
    "admin.publish_review": {"POST": admin_only(W302)},
    "admin.keep_review": {"POST": admin_only(W302)},
    "admin.remove_review": {"POST": admin_only(W302)},
    "admin.publish_reply": {"POST": admin_only(W302)},
    "admin.refuse_reply": {"POST": admin_only(W302)},
    # Batches (batches/): the practitioner records products on their own attended bookings; admins enter recalls.
    "practice.booking_products": {"GET": owned(200), "POST": owned(W302)},
    "practice.edit_product": {"GET": owned(200), "POST": owned(W302)},
    "practice.remove_product": {"POST": owned(W302)},
    "admin.recalls": {"GET": admin_only(200), "POST": admin_only(W302)},
    "admin.recall": {"GET": admin_only(200)},
    "admin.notify_recall": {"POST": admin_only(W302)},  # the world's recall has a booking whose people are not told
    # Complications (complications/): the booking's own patient reports a problem; admins read and close reports.
    "complications.report": {"GET": patients_own(200), "POST": patients_own(W302)},  # an urgent sign: stored at once
    "complications.problem": {"GET": patients_own(200)},
    "admin.problems": {"GET": admin_only(200)},
    "admin.problem": {"GET": admin_only(200)},
    "admin.close_problem": {"POST": admin_only(W302)},
    # Licences (licensing/): the practitioner sends one with evidence; admins verify or reject it.
    "practice.licences": {"GET": practice(200), "POST": practice(W302)},
    "practice.licence_document": {"GET": owned(200)},
    "practice.name_overseer": {"POST": practice(W302)},
    "practice.answer_oversight": {"POST": owned(W302)},  # a request made to the owner by the other practitioner
    "admin.licences": {"GET": admin_only(200)},
    "admin.licence": {"GET": admin_only(200)},
    "admin.licence_document": {"GET": admin_only(200)},
    "admin.approve_licence": {"POST": admin_only(W302)},
    "admin.reject_licence": {"POST": admin_only(W302)},
}

# Never CSRF-protected, on purpose: a stateless JSON checker for other tools, reading no session.
CSRF_EXEMPT = {"api.check"}

# URL variables come from the world's ids of the same name, except where an endpoint names another.
URL_VALUES = {
    "admin.reinstate": {"practitioner_id": "suspended_id"},
    "admin.clear_hold": {"practitioner_id": "held_id"},
    "admin.resolve_duplicate": {"credential_id": "duplicate_credential_id"},
    "booking.calendar_feed": {"token": "feed_token"},
    "transparency.chart": {"slug": "chart_slug"},
    "booking.link_cancel": {"token": "cancel_token"},
    "booking.link_reschedule": {"token": "reschedule_token"},
    "booking.link_view": {"token": "view_token"},
    "admin.revoke": {"credential_id": "verified_credential_id"},
    "booking.link_reschedule_confirm": {"token": "reschedule_token"},
    "booking_practice.no_show": {"booking_id": "past_booking_id"},  # only once the time has come
    "booking_practice.attended": {"booking_id": "past_booking_id"},
    "reviews.write": {"token": "review_token"},
    **{e: {"review_id": "patient_review_id"} for e in ("practice.review", "practice.reply_review",
                                                       "practice.report_review")},
    **{f"admin.{e}": {"review_id": "held_review_id"} for e in ("review", "publish_review", "keep_review",
                                                               "remove_review", "publish_reply", "refuse_reply")},
    "practice.booking_products": {"booking_id": "attended_booking_id"},
    "practice.edit_product": {"use_id": "product_id"},
    "practice.remove_product": {"use_id": "product_id"},
    "accounts.verify_email": {"token": "verify_token"},
    "account.confirm_email_change": {"token": "email_change_token"},
    "accounts.reset_password": {"token": "reset_token"},
}

QUERIES = {
    "api.places": lambda w: {"q": "Manch"},
    "api.practitioners": lambda w: {"lat": "53.48", "lon": "-2.24"},
    "api.slots": lambda w: {"treatment": "microneedling", "clinic": w["clinic_id"]},
    "booking.confirm": lambda w: {"treatment": "microneedling", "clinic": w["clinic_id"], "start": NEW_SLOT},
    "booking.reschedule_confirm": lambda w: {"start": MOVED_SLOT},
    "intake.before_booking": lambda w: {"treatment": "microneedling", "clinic": w["clinic_id"], "start": NEW_SLOT},
    "booking.link_reschedule_confirm": lambda w: {"start": MOVED_SLOT},
}

REASON = {"reason": "A reason of more than ten characters."}
HOURS = {**{f"day{d}-{k}": v for d in range(7) for k, v in (("is_open", "y"), ("opens", "10:00"),
                                                             ("closes", "16:00"))},
         "min_notice_hours": "2", "horizon_days": "60", "cancellation_cutoff_hours": "12"}
CLINIC = {"name": "Deansgate Clinic", "city": "Manchester", "country": "GB", "postcode": "M3 4LZ",
          "pin_lat": "53.4808", "pin_lon": "-2.2490"}
HEALTH = {**{key: "no" for key in KEYS}, "allergies": "yes", "allergies_detail": "Penicillin"}
LICENCE = {"kind": "personal", "clinic_id": "0", "issuer": "Manchester City Council", "number": "PL-2026-0042",
           "expires_on": "2027-03-31"}
CREDENTIAL = {"kind": "training", "issuer_choice": "named", "issuer_name": "Skin Academy", "number": "TR-1",
              "issued_on": "2020-01-10"}


# What each POST sends (GETs send nothing); functions of the world's ids.
PAYLOADS = {
    "account.change_email": lambda w: {"email-new_email": "someone.new@example.com", "email-password": w["password"]},
    "account.change_password": lambda w: {"pw-current_password": w["password"], "pw-password": NEW_PASSWORD,
                                          "pw-confirm": NEW_PASSWORD},
    "account.delete": lambda w: {"delete-password": w["password"], "delete-understood": "y"},
    "accounts.forgot_password": lambda w: {"email": w["patient_email"]},
    "accounts.login": lambda w: {"email": w["patient_email"], "password": w["password"]},
    "accounts.register": lambda w: {"name": "Nia New", "email": "nia.new@example.com", "password": NEW_PASSWORD,
                                    "confirm": NEW_PASSWORD, "role": "patient"},
    "accounts.reset_password": lambda w: {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    "admin.approve": lambda w: {"next_check_on": "2044-01-01", "expires_on": "2045-01-31"},
    "admin.reinstate": lambda w: REASON,
    "admin.clear_hold": lambda w: {"hold-reason": "Bio rewritten without drug claims; checked."},
    "admin.resolve_duplicate": lambda w: {"resolution": "Checked by phone: two people share a surname and a typo."},
    "admin.reject": lambda w: REASON,
    "admin.revoke": lambda w: REASON,
    "admin.return_declaration": lambda w: REASON,
    "admin.approve_claim": lambda w: {"seen": w["review_hash"]},
    "admin.refuse_claim": lambda w: {"seen": w["review_hash"], **REASON},
    "admin.suspend": lambda w: REASON,
    "admin.remove_review": lambda w: {"reason": "abuse", "note": "Insults the receptionist by name."},
    "admin.refuse_reply": lambda w: {"note": "Efficacy claims need evidence."},
    "reviews.write": lambda w: {"stars": "4", "text": "Calm and careful. I felt well looked after."},
    "practice.reply_review": lambda w: {"text": "Thank you for coming to see us."},
    "practice.report_review": lambda w: {"reason": "not_about_experience", "note": "About parking, not the visit."},
    "api.check": lambda w: Json({"text": "Leaves skin looking smoother."}),
    "api.reschedule_booking": lambda w: Json({"starts_at": "2026-03-06T10:00:00+00:00"}),
    "api.create_booking": lambda w: Json({
        "practitioner_id": w["practitioner_id"], "treatment": "microneedling", "clinic": w["clinic_id"],
        "starts_at": "2026-03-05T11:00:00+00:00", "patient_name": "Pat Patient", "adult_confirmed": True}),
    "booking.cancel": lambda w: {"reason": "Cannot make it."},
    "booking.confirm": lambda w: {"patient_name": "Pat Patient", "adult": "y"},
    "booking.link_cancel": lambda w: {"reason": "Cannot make it."},
    "booking_practice.add_override": lambda w: {"day": "2026-03-10", "is_open": "closed", "note": "Training"},
    "booking_practice.add_time_off": lambda w: {"starts_on": "2026-03-20", "ends_on": "2026-03-21",
                                                "time_zone": "Europe/London", "reason": "Conference"},
    "booking_practice.cancel_booking": lambda w: REASON,
    "booking_practice.cancellation_policy": lambda w: {"notice_hours": "48", "fee_text": "The deposit is kept."},
    "booking_practice.clinic_hours": lambda w: HOURS,
    "booking_practice.offering_rules": lambda w: {"buffer_before_minutes": "5", "buffer_after_minutes": "10"},
    "intake.before_booking": lambda w: HEALTH,
    "eligibility.birth_date": lambda w: {"born_on": "1990-06-15"},
    "intake.booking_answers": lambda w: HEALTH,
    "practice.add_clinic": lambda w: CLINIC,
    # A new file each time.
    "practice.add_credential": lambda w: {**CREDENTIAL, "document": (io.BytesIO(PDF), "evidence.pdf")},
    "practice.add_offering": lambda w: {"treatment": w["new_treatment_id"], "price": "180",
                                        "duration_minutes": "30"},
    "practice.change_credential": lambda w: {"kind": "registration", "issuer_choice": "GMC", "number": "7654322",
                                             "issued_on": "2012-09-01", "expires_on": "2045-01-31"},
    "practice.check_wording": lambda w: {"text": "Leaves skin looking smoother."},
    "practice.create_profile": lambda w: {"name": "Dr New", "profession": "doctor", "registration_body": "GMC",
                                          "registration_number": "7999998"},
    "practice.declare_exosomes": lambda w: {"uses_exosomes": "no"},
    "practice.booking_products": lambda w: PRODUCT,
    "complications.report": lambda w: {"step": "signs", "urgent_signs": "vision"},
    "admin.close_problem": lambda w: {"note": "The practitioner saw the patient the same day."},
    "practice.edit_product": lambda w: {**PRODUCT, "batch_number": "CD-678"},
    "practice.licences": lambda w: {**LICENCE, "document": (io.BytesIO(PDF), "licence.pdf")},
    "admin.approve_licence": lambda w: {"expires_on": "2027-03-31"},
    "practice.name_overseer": lambda w: {"profile": f"https://verity.test/practitioners/{w['overseer_slug']}"},
    "practice.answer_oversight": lambda w: {"accept": "Accept"},
    "admin.reject_licence": lambda w: REASON,
    "admin.recalls": lambda w: {"product_name": "Belotero Balance", "batch_number": "ZX-99",
                                "reason": "Particles found in syringes.", "source_url": "https://example.org/recall"},
    "practice.edit_clinic": lambda w: {**CLINIC, "name": "Renamed Clinic"},
    "practice.edit_offering": lambda w: {"price": "300", "duration_minutes": "60"},
    "practice.edit_profile": lambda w: {"name": "Dr Renamed", "profession": "doctor", "registration_body": "GMC",
                                        "registration_number": "7999999", "practising_since": "2015-03-01",
                                        "languages": "English"},
}


# The world the URLs name: built once per module by the matrix, then restored after each change.

CHEAP_HASH = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")
SALFORD = {"name": "Quays Clinic", "city": "Salford", "postcode": "M50 3AZ", "lat": 53.4722, "lon": -2.2935}
EMAILS = {"patient": "pat@example.com", "other_patient": "olly@example.com", "owner": "owner@example.com",
          "other_practitioner": "other@example.com", "admin": "admin@example.com"}


def make_user(role="patient", email=None, name="Test User"):
    """A stored, verified user with a cheap password hash (the matrix logs in often)."""
    user = User(email=email, role=role, name=name, password_hash=CHEAP_HASH,
                email_verified_at=NOW - timedelta(days=30))
    db.session.add(user)
    db.session.commit()
    return user


def add_booking(practitioner, patient, starts_at) -> Booking:
    """A booking of the practitioner's first treatment at their first clinic."""
    offering, clinic = practitioner.offerings[0], practitioner.clinics[0]
    visit = Visit.of(offering)
    blocked_from, blocked_until = visit.blocked(starts_at)
    booking = Booking(practitioner_id=practitioner.id, patient_id=patient.id, clinic_id=clinic.id,
                      treatment_id=offering.treatment_id, kind="treatment", status="booked", starts_at=starts_at,
                      ends_at=starts_at + timedelta(minutes=visit.minutes), blocked_from=blocked_from,
                      blocked_until=blocked_until, time_zone=clinic.time_zone, clinic_name=clinic.name,
                      patient_name=patient.name, created_at=NOW)
    db.session.add(booking)
    db.session.commit()
    return booking


def declare(practitioner):
    """A pending declaration of one exosome product with its certificate and test results on file."""
    evidence = {kind: compliance.store_evidence(practitioner, kind, Upload(PDF, f"{kind}.pdf"))
                for kind in ("coa", "tests")}
    product = compliance.ProductInput("Rose Vesicle Serum", "Petal Labs", "plant", "topical", **evidence)
    declaration = compliance.declare(practitioner, compliance.DeclarationInput(True, [product], attested=True),
                                     practitioner.user, NOW)
    db.session.commit()
    return declaration


def bookable_practitioner(make_practitioner, name, email, clinics, number):
    """A listed practitioner open 09:00-17:00 daily, with a calendar feed, a pending credential and a declaration."""
    practitioner = make_practitioner(name=name, email=email, clinics=clinics, treatments=("microneedling",),
                                     registration_expires=date(2099, 1, 1))
    for clinic in practitioner.clinics:
        db.session.add_all(OpeningHours(clinic_id=clinic.id, weekday=d, opens=time(9), closes=time(17))
                           for d in range(7))
    db.session.add(CalendarFeed(practitioner_id=practitioner.id, token=f"feed-{practitioner.slug}-0123456789",
                                rotated_at=NOW))
    credential = credential_factory(NOW.date())(practitioner, number=number)
    return practitioner, credential, declare(practitioner)


US_CLINIC = {"name": "Rodeo Skin", "city": "Beverly Hills", "postcode": "90210", "country": "US",
             "lat": 34.0901, "lon": -118.4065, "time_zone": "America/Los_Angeles"}
UNSURE_BIO = "I trained in California. Clinically proven to improve the look of fine lines."  # US: needs review


def claim_under_review(make_practitioner):
    """A US practitioner whose bio waits for an admin (an unqualified efficacy claim), and its review row."""
    unsure = make_practitioner(name="Dr Una Sure", clinics=[US_CLINIC], bio=UNSURE_BIO)
    return db.session.scalar(select(ClaimReview).where(ClaimReview.practitioner_id == unsure.id))


def held_practitioner(make_practitioner):
    """A practitioner whose bookings are held since a not-compliant badge that is now put right."""
    held = make_practitioner(name="Dr Hal Held")
    refresh_badge(held)
    db.session.get(ComplianceBadgeRow, held.id).bookings_held_since = NOW
    return held


def attended_booking(practitioner, patient, day: int) -> Booking:
    """A booking on a day of February 2026 that the practitioner marked attended."""
    booking = add_booking(practitioner, patient, at("Europe/London", 2026, 2, day, 10))
    booking.status, booking.attended_at = "attended", NOW
    return booking


PRODUCT = {"product_name": "Juvederm Volift", "manufacturer": "Allergan", "batch_number": "AB-123 45",
           "expires_on": "2027-06-30", "quantity": "1 ml"}


def batches_world(owner, other, patient, other_patient) -> dict:
    """An attended booking of each practitioner yesterday with a product recorded, and a recall of Owen's batch."""
    ids = {}
    for practitioner, who, key in ((owner, patient, "product_id"), (other, other_patient, "others_product_id")):
        booking = add_booking(practitioner, who, at("Europe/London", 2026, 3, 1, 14))
        booking.status, booking.attended_at = "attended", NOW
        use = ProductUse(booking_id=booking.id, practitioner_id=practitioner.id, product_name="Juvederm Volift",
                         manufacturer="Allergan", batch_number="AB-123 45", batch_key="AB12345",
                         expires_on=date(2027, 6, 30), recorded_at=NOW)
        db.session.add(use)
        db.session.flush()
        ids[key] = use.id
        ids.setdefault("attended_booking_id", booking.id)
    recall = Recall(product_name="Juvederm Volift", batch_number="AB12345", batch_key="AB12345",
                    reason="Sterility failure.", source_url="https://example.org/recall", created_at=NOW)
    db.session.add(recall)
    db.session.commit()
    return {**ids, "recall_id": recall.id}


def complications_world(bookings) -> dict:
    """An open problem report about Pat's booking with Owen, and one about Olly's with Olga."""
    ids = {}
    for key, booking in zip(("report_id", "others_report_id"), bookings):
        report = ProblemReport(booking_id=booking.id, practitioner_id=booking.practitioner_id,
                               patient_id=booking.patient_id, urgent_signs=["severe_pain"], country="GB",
                               what_happened="Swelling since the morning.", created_at=NOW)
        db.session.add(report)
        db.session.flush()
        ids[key] = report.id
    db.session.commit()
    return ids


def licences_world(owner, other) -> dict:
    """A personal licence of each practitioner waiting for review, and each asking the other to oversee them."""
    ids = {"oversight_id": licensing.ask_overseer(other, owner.slug, other.user, NOW.date()).id,
           "others_oversight_id": licensing.ask_overseer(owner, other.slug, owner.user, NOW.date()).id}
    for practitioner, key in ((owner, "licence_id"), (other, "others_licence_id")):
        entry = LicenceEntry("personal", None, "Manchester City Council", "PL-1", date(2027, 3, 31))
        ids[key] = licensing.submit(practitioner, entry, Upload(PDF, "licence.pdf"), practitioner.user, NOW.date()).id
    db.session.commit()
    return ids


def reviews_world(owner, other, patient, other_patient) -> dict:
    """A published review of each practitioner, a held and reported one with a held reply, and an unused request."""
    def review(booking, **fields):
        values = {"author_name": "Pat P.", "stars": 3, "text": "Fine, but the wait was long.",
                  "treatment_name": "Microneedling", "status": "published", "created_at": NOW, "published_at": NOW}
        row = Review(booking_id=booking.id, practitioner_id=booking.practitioner_id, patient_id=booking.patient_id,
                     appointment_on=booking.starts_at.date(), **{**values, **fields})
        db.session.add(row)
        return row

    published = review(attended_booking(owner, patient, 10))
    review(attended_booking(other, other_patient, 10))
    held = review(attended_booking(owner, patient, 11), status="held", published_at=None, reported_at=NOW,
                  report_reason="abuse", report_note="Rude about my receptionist.", reply_text="Proven to work.",
                  replied_at=NOW, reply_held=True)
    request = ReviewRequest(booking_id=attended_booking(owner, patient, 12).id, nonce="0123456789abcdef", sent_at=NOW)
    db.session.add(request)
    db.session.commit()
    return {"patient_review_id": published.id, "held_review_id": held.id,
            "review_token": review_links.make_token(request, patient)}


def build_world() -> dict:
    """Store everything the URLs name and return the ids and secrets the table refers to."""
    sync_catalogue()
    catalogue = {t.slug: t for t in db.session.scalars(select(Treatment))}
    make_practitioner = practitioner_factory(make_user, catalogue)
    owner, credential, declaration = bookable_practitioner(make_practitioner, "Dr Owen Owner", EMAILS["owner"],
                                                           [MANCHESTER, SALFORD], "7654321")
    other, _, other_declaration = bookable_practitioner(make_practitioner, "Dr Olga Other",
                                                        EMAILS["other_practitioner"], [MANCHESTER], "7654329")
    suspended = make_practitioner(name="Dr Sid Suspended")
    suspended.suspended_at = NOW
    # Declares the other practitioner's registration number: blocked until an admin resolves the duplicate.
    duplicate = credential_factory(NOW.date())(suspended, number="7654329")
    held = held_practitioner(make_practitioner)
    review = claim_under_review(make_practitioner)
    patient = make_user("patient", EMAILS["patient"], "Pat Patient")
    other_patient = make_user("patient", EMAILS["other_patient"], "Olly Otherpatient")
    make_user("admin", EMAILS["admin"], "Ada Admin")
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(image, "PNG")
    owner.photo_filename = photos.store(photos.to_jpeg(image.getvalue()))
    override = DateOverride(clinic_id=owner.clinics[0].id, day=date(2026, 3, 12), closed=True, note="Closed")
    time_off = TimeOff(practitioner_id=owner.id, starts_at=at("Europe/London", 2026, 3, 25),
                       ends_at=at("Europe/London", 2026, 3, 27), time_zone="Europe/London")
    db.session.add_all([override, time_off])
    undelivered = mail.queue_message(patient.email, "Undelivered", "Hello Pat")
    undelivered.status, undelivered.last_error = "failed", "ConnectionRefusedError: [Errno 111] Connection refused"
    booking = add_booking(owner, patient, at("Europe/London", 2026, 3, 4, 9))
    past = add_booking(owner, patient, at("Europe/London", 2026, 3, 1, 9))
    others_booking = add_booking(other, other_patient, at("Europe/London", 2026, 3, 4, 9))
    intake.update_for_booking(booking, {key: {"answer": "no"} for key in KEYS}, patient, NOW)
    review_ids = reviews_world(owner, other, patient, other_patient)
    batch_ids = batches_world(owner, other, patient, other_patient)
    report_ids = complications_world((booking, others_booking))
    licence_ids = {**licences_world(owner, other), "overseer_slug": held.slug}
    return {**review_ids, **batch_ids, **report_ids, **licence_ids,
        "slug": owner.slug, "practitioner_id": owner.id, "clinic_id": owner.clinics[0].id,
        "offering_id": owner.offerings[0].id, "credential_id": credential.id, "declaration_id": declaration.id,
        "document_id": declaration.products[0].coa_document_id, "override_id": override.id,
        "time_off_id": time_off.id, "filename": owner.photo_filename, "booking_id": booking.id,
        "past_booking_id": past.id, "suspended_id": suspended.id, "held_id": held.id, "feed_token": f"feed-{owner.slug}-0123456789",
        "cancel_token": links.make_token(booking, "cancel", NOW),
        "reschedule_token": links.make_token(booking, "reschedule", NOW),
        "view_token": links.make_token(booking, "view", NOW),
        "verified_credential_id": owner.credentials[0].id,
        "verify_token": accounts.make_token(patient, accounts.VERIFY_SALT),
        "reset_token": accounts.make_token(patient, accounts.RESET_SALT),
        "email_change_token": accounts.email_change_token(patient, "pat.new@example.com"),
        "new_treatment_id": catalogue["dermal-filler"].id, "patient_email": patient.email, "password": TEST_PASSWORD,
        "others_booking_id": others_booking.id, "others_feed_token": f"feed-{other.slug}-0123456789",
        "others_document_id": other_declaration.products[0].coa_document_id, "message_id": undelivered.id,
        "duplicate_credential_id": duplicate.id, "review_id": review.id, "review_hash": review.text_hash,
        "chart_slug": "practitioners",
    }
