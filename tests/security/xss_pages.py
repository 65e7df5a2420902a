"""Every place the world's fields are shown, fetched as the role that sees it.

A Page is one or more documents (an email kind can be several messages) of one type: "html", "json"
(the API) or "csv" (the audit export). PAGES maps a page's name to who fetches which URL.
"""
import csv
import io
import json
from dataclasses import dataclass

from tests.helpers import text_of
from tests.security.xss_payloads import jsonld_blocks, json_strings, parse
from tests.security.xss_world import ADMIN, DOUBLE, OWNER, PATIENT, UNSURE, UNSURE_TOO, World, emails

NEAR = "near=M1+1AE&radius=5&unit=mi"

# name: (role, url with {ids}, type)
PAGES = {
    "profile": ("anonymous", "/practitioners/{slug}", "html"),
    "profile_jsonld": ("anonymous", "/practitioners/{slug}", "jsonld"),
    "imported_profile": ("anonymous", "/practitioners/{imported_slug}", "html"),
    "imported_jsonld": ("anonymous", "/practitioners/{imported_slug}", "jsonld"),
    "compliance_page": ("anonymous", "/practitioners/{slug}/compliance", "html"),
    "search": ("anonymous", "/search?" + NEAR, "html"),
    "map": ("anonymous", "/search?view=map&" + NEAR, "html"),
    "booking_start": ("anonymous", "/practitioners/{slug}/book", "html"),
    "booking_confirm_form": ("patient", "/practitioners/{slug}/book/confirm?treatment=microneedling"
                                        "&clinic={clinic_id}&start=2026-03-02T16:00Z", "html"),
    "api_search": ("anonymous", "/api/v1/practitioners?" + NEAR, "json"),
    "booking_link_view": ("anonymous", "/bookings/link/{view_token}", "html"),
    "booking_reschedule": ("patient", "/bookings/{booking_id}/reschedule", "html"),
    "booking_cancel_form": ("patient", "/bookings/{booking_id}/cancel", "html"),
    "practice_dashboard": ("owner", "/practice/", "html"),
    "practice_offering_form": ("owner", "/practice/treatments/{offering_id}", "html"),
    "practice_credential_form": ("owner", "/practice/credentials/{pending_credential_id}/change", "html"),
    "practice_declare_form": ("owner", "/practice/exosomes/declare", "html"),
    "practice_cancel_form": ("owner", "/practice/booking/bookings/{booking_id}/cancel", "html"),

    "practice_profile_form": ("owner", "/practice/profile", "html"),
    "practice_clinic_form": ("owner", "/practice/clinics/{clinic_id}", "html"),
    "practice_credentials": ("owner", "/practice/credentials/", "html"),
    "practice_credential": ("owner", "/practice/credentials/{credential_id}", "html"),
    "practice_exosomes": ("owner", "/practice/exosomes", "html"),
    "practice_preview": ("owner", "/practitioners/{slug}", "html"),
    "booking_settings": ("owner", "/practice/booking/", "html"),
    "clinic_hours": ("owner", "/practice/booking/clinics/{clinic_id}", "html"),
    "agenda": ("owner", "/practice/booking/agenda?day=2026-03-02", "html"),
    "my_bookings": ("patient", "/bookings", "html"),
    "account_page": ("patient", "/account", "html"),
    "booking_detail": ("patient", "/bookings/{booking_id}", "html"),
    "cancellation_policy_form": ("owner", "/practice/booking/cancellation-policy", "html"),
    "admin_dashboard": ("admin", "/admin/", "html"),
    "admin_queue": ("admin", "/admin/credentials", "html"),
    "admin_credential": ("admin", "/admin/credentials/{credential_id}", "html"),
    "admin_duplicates": ("admin", "/admin/credentials/{duplicate_id}", "html"),
    "admin_declarations": ("admin", "/admin/declarations", "html"),
    "admin_declaration": ("admin", "/admin/declarations/{declaration_id}", "html"),
    "admin_practitioners": ("admin", "/admin/practitioners", "html"),
    "admin_practitioner": ("admin", "/admin/practitioners/{practitioner_id}", "html"),
    "admin_audit": ("admin", "/admin/audit", "html"),
    "admin_audit_csv": ("admin", "/admin/audit.csv", "csv"),
    "admin_outbox": ("admin", "/admin/outbox/", "html"),
    "admin_claim_refused": ("admin", "/admin/claims/{refuse_claim_id}", "html"),
    "admin_claim_approved": ("admin", "/admin/claims/{approve_claim_id}", "html"),
    "practice_review": ("owner", "/practice/reviews/{review_id}", "html"),
    "admin_review": ("admin", "/admin/reviews/{review_id}", "html"),
    "admin_review_removed": ("admin", "/admin/reviews/{removed_review_id}", "html"),
    "practice_products": ("owner", "/practice/bookings/{batch_booking_id}/products", "html"),
    "booking_products": ("patient", "/bookings/{batch_booking_id}", "html"),
    "admin_recall": ("admin", "/admin/recalls/{recall_id}", "html"),
    "problem_report": ("patient", "/problems/{problem_id}", "html"),
    "admin_problem": ("admin", "/admin/problems/{problem_id}", "html"),
    "practice_licences": ("owner", "/practice/licences/", "html"),
    "admin_licences": ("admin", "/admin/licences", "html"),
    "admin_licence": ("admin", "/admin/licences/{licence_id}", "html"),
    "admin_licence_rejected": ("admin", "/admin/licences/{rejected_licence_id}", "html"),
    # Last: each read of health answers is an audit row, which would push older ones off the audit page.
    "intake_booking_answers": ("patient", "/bookings/{booking_id}/health", "html"),
    "intake_answers": ("owner", "/practice/booking/bookings/{booking_id}/health", "html"),
}

# Emails, by (recipient, start of subject): their HTML bodies as the outbox keeps them.
EMAILS = {
    "mail_confirm_email": (PATIENT, "Confirm your email"),
    "mail_reset_password": (PATIENT, "Reset your Verity password"),
    "mail_booked_patient": (PATIENT, "Booked:"),
    "mail_booked_practitioner": (OWNER, "Booked:"),
    "mail_cancelled_patient": (PATIENT, "Cancelled:"),
    "mail_cancelled_practitioner": (OWNER, "Cancelled:"),
    "mail_reminder": (PATIENT, "Reminder:"),
    "mail_credential_decision": (OWNER, "We could not verify"),
    "mail_declaration_returned": (OWNER, "Your exosome declaration"),
    "mail_suspended": (DOUBLE, "Your Verity profile is suspended"),
    "mail_reinstated": (DOUBLE, "Your Verity profile is reinstated"),
    "mail_revoked": (DOUBLE, ""),
    "mail_claims_refused": (UNSURE, "Your wording needs changing"),
    "mail_claims_approved": (UNSURE_TOO, "Your wording is approved"),
    "mail_review_removed": (PATIENT, "We have removed your review"),
    "mail_recall_patient": (PATIENT, "Product recall:"),
    "mail_recall_practitioner": (OWNER, "Product recall:"),
    "mail_problem_practitioner": (OWNER, "Problem reported after"),
    "mail_problem_admins": (ADMIN, "Problem reported after"),
    "mail_reply_refused": (OWNER, "Your reply to a review was not published"),  # every email to the double; the revocation's subject names the credential
}


@dataclass
class Page:
    """One place fields are shown: its documents, their type, and the response headers of the first."""

    name: str
    kind: str
    docs: list[str]
    headers: dict

    def strings(self) -> list[str]:
        """Where a field's text can show: text nodes and attribute values, JSON strings, or CSV cells."""
        if self.kind == "json":
            return [s for doc in self.docs for s in json_strings(json.loads(doc))]
        if self.kind == "jsonld":
            return [s for doc in self.docs for block in jsonld_blocks(doc) for s in json_strings(block)]
        if self.kind == "csv":
            return [cell for doc in self.docs for row in csv.reader(io.StringIO(doc)) for cell in row]
        return [s for doc in self.docs for s in parse(doc).visible()]


def fetch(world: World, name: str) -> Page:
    """Fetch one page (or gather one kind of email) of the world."""
    if name in EMAILS:
        to, subject = EMAILS[name]
        docs = [m.html_body for m in emails(world) if m.recipient == to and m.subject.startswith(subject)]
        assert docs, f"no email {name} was queued"
        return Page(name, "html", docs, {})
    role, url, kind = PAGES[name]
    response = world.clients[role].get(url.format(**world.ids))
    assert response.status_code == 200, f"{name}: GET {url} as {role} answered {response.status_code}"
    return Page(name, kind, [text_of(response)], dict(response.headers))


def fetch_all(world: World) -> dict[str, Page]:
    """Every page and email of the world, by name."""
    echoes = {name: Page(name, "html", [html], {}) for name, html in world.echoes.items()}
    return {**echoes, **{name: fetch(world, name) for name in [*PAGES, *EMAILS]}}
