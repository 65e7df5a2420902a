"""The table of every practitioner-, patient-, admin- and import-editable text field, and where it is shown.

To add a field: give it a tag (Q and upper-case letters, short: a registration number holds 40
characters), type its payload in xss_world.py, and list the pages (xss_pages.PAGES and EMAILS)
that show it. A listed page that does not show the field's text fails the test, so a field cannot
pass by never appearing. NOT_SHOWN lists the form fields that are deliberately not in the table.
"""
from dataclasses import dataclass

AUDIT = ("admin_audit", "admin_audit_csv")
PROFILE = ("profile", "profile_jsonld", "practice_preview")
BOOKING_PAGES = ("booking_reschedule", "booking_cancel_form", "practice_cancel_form")  # they name the booking
CREDENTIAL_PAGES = ("practice_credentials", "practice_credential", "practice_credential_form", "admin_queue",
                    "admin_credential", "admin_practitioner")
DECLARATION_PAGES = ("practice_exosomes", "practice_declare_form", "admin_declaration")
BOOKING_MAILS = ("mail_booked_patient", "mail_booked_practitioner", "mail_cancelled_patient",
                 "mail_cancelled_practitioner", "mail_reminder")

INTAKE_PAGES = ("intake_booking_answers", "intake_answers")
HEALTH_TAGS = {"pregnancy": "QHPREG", "allergies": "QHALL", "medicines": "QHMED", "keloid": "QHKEL",
               "conditions": "QHCOND", "previous": "QHPREV", "complications": "QHCOMP"}


@dataclass(frozen=True)
class Field:
    """A field: its tag, the form field (or import column) it is typed into, and the pages that show it."""

    tag: str
    source: str
    where: tuple[str, ...]


FIELDS = [
    Field("QUSER", "RegisterForm.name", ("booking_confirm_form", "account_page", "mail_confirm_email",
                                         "mail_reset_password")),
    Field("QNAME", "ProfileForm.name", (
        *PROFILE, "compliance_page", "search", "map", "booking_start", "api_search", "practice_dashboard",
        "practice_profile_form", "my_bookings", "booking_detail", "booking_link_view", *BOOKING_PAGES,
        "admin_queue", "admin_credential", "admin_duplicates", "admin_declarations", "admin_declaration",
        "admin_practitioners", "admin_practitioner", "admin_outbox", *AUDIT, *BOOKING_MAILS,
        "mail_credential_decision", "mail_declaration_returned")),
    Field("QBODY", "ProfileForm.registration_body", (
        "profile", "practice_preview", "practice_dashboard", "practice_profile_form", "admin_credential",
        "admin_practitioners", "admin_practitioner", *AUDIT)),
    Field("QREG", "ProfileForm.registration_number", (
        "profile", "practice_preview", "practice_dashboard", "practice_profile_form", "admin_credential",
        "admin_practitioners", "admin_practitioner", *AUDIT)),
    Field("QBIO", "ProfileForm.bio", (*PROFILE, "practice_profile_form", *AUDIT)),
    Field("QLANG", "ProfileForm.languages", (*PROFILE, "practice_dashboard", "practice_profile_form", *AUDIT)),
    Field("QCLIN", "ClinicForm.name", (
        *PROFILE, "search", "map", "booking_start", "api_search", "practice_dashboard", "practice_clinic_form",
        "booking_settings", "clinic_hours", "agenda", "my_bookings", "booking_detail", "booking_link_view",
        *BOOKING_PAGES, *AUDIT, *BOOKING_MAILS)),
    Field("QADDR", "ClinicForm.address", (
        *PROFILE, "practice_dashboard", "practice_clinic_form", "booking_detail", "booking_link_view",
        *BOOKING_PAGES, *AUDIT, "mail_booked_patient", "mail_cancelled_patient", "mail_reminder")),
    Field("QBLURB", "ClinicForm.blurb", ("practice_clinic_form", *AUDIT)),
    Field("QOFFER", "OfferingForm.description", ("profile", "practice_preview", "practice_offering_form", *AUDIT)),
    Field("QNOTE", "OverrideForm.note", ("clinic_hours", *AUDIT)),
    Field("QAWAY", "TimeOffForm.reason", ("booking_settings", *AUDIT)),
    Field("QBNAME", "DetailsForm.patient_name", (
        "practice_dashboard", "agenda", "practice_cancel_form", "admin_outbox", *BOOKING_MAILS)),
    Field("QPHONE", "DetailsForm.patient_phone", ("practice_dashboard", "agenda", "practice_cancel_form")),
    Field("QNOTES", "DetailsForm.notes", ("agenda",)),
    Field("QPCANCEL", "CancelForm.reason", AUDIT),
    Field("QDCANCEL", "PractitionerCancelForm.reason", (*AUDIT, "mail_cancelled_patient")),
    Field("QISSUER", "CredentialForm.issuer_name", (*CREDENTIAL_PAGES, *AUDIT, "mail_credential_decision")),
    Field("QCERT", "CredentialForm.number", (*CREDENTIAL_PAGES, *AUDIT, "mail_credential_decision")),
    Field("QFILE", "CredentialForm.document (file name)", (
        "practice_credential", "practice_credential_form", "admin_credential", *AUDIT)),
    Field("QPROD", "ProductForm.name", ("compliance_page", *DECLARATION_PAGES, *AUDIT)),
    Field("QSUPP", "ProductForm.supplier", ("compliance_page", *DECLARATION_PAGES, *AUDIT)),
    Field("QSTMT", "DeclarationForm.statement", ("compliance_page", "practice_declare_form", "admin_declaration")),
    Field("QCOA", "ProductForm.coa_file (file name)", DECLARATION_PAGES),
    Field("QTESTS", "ProductForm.tests_file (file name)", DECLARATION_PAGES),
    Field("QSTAB", "ProductForm.stability_file (file name)", DECLARATION_PAGES),
    Field("QREJECT", "ReasonForm.reason (reject)", (
        "practice_credentials", "practice_credential", "admin_credential", *AUDIT, "mail_credential_decision")),
    Field("QRETURN", "ReturnForm.reason", (
        "practice_exosomes", "admin_declaration", *AUDIT, "mail_declaration_returned")),
    Field("QCREFUSE", "ClaimRefuseForm.reason", ("admin_claim_refused", "admin_audit_csv", "mail_claims_refused")),
    Field("QCAPPROVE", "ClaimApproveForm.reason", ("admin_claim_approved", "admin_audit_csv", "mail_claims_approved")),
    Field("QDFILE", "CredentialForm.document (file name, duplicate)", ("admin_duplicates", *AUDIT)),
    Field("QDUP", "DuplicateForm.resolution", ("admin_duplicates", *AUDIT)),
    Field("QREF", "ApproveForm.register_reference", ("admin_duplicates", *AUDIT)),
    Field("QSUSPEND", "ReasonForm.reason (suspend)", ("admin_suspended", *AUDIT, "mail_suspended")),
    Field("QREINSTATE", "ReasonForm.reason (reinstate)", (*AUDIT, "mail_reinstated")),
    Field("QREVOKE", "ReasonForm.reason (revoke)", ("admin_duplicates", *AUDIT, "mail_revoked")),
    Field("QWORD", "WordingForm.text", ("wording_checked",)),
    Field("QCLAIM", "ProfileForm.bio (refused, shown back highlighted)", ("bio_refused",)),
    Field("QFEE", "CancellationPolicyForm.fee_text", (  # on the audit trail's second page: the CSV has it all
        "booking_confirm_form", "booking_settings", "cancellation_policy_form", "admin_audit_csv",
        "mail_booked_patient", "mail_reminder")),
    # Health answers: only the patient's own page and the booking's practitioner's show them (never the audit trail).
    *[Field(tag, f"QuestionnaireForm.{key}_detail", INTAKE_PAGES) for key, tag in HEALTH_TAGS.items()],
    Field("QINAME", "import column name", (
        "imported_profile", "imported_jsonld", "search", "map", "api_search", "admin_practitioners", *AUDIT)),
    Field("QICLIN", "import column clinic_name", ("imported_profile", "imported_jsonld", "search", "map",
                                                  "api_search")),
    Field("QIADDR", "import column address", ("imported_profile", "imported_jsonld", "search", "map")),
    Field("QIBIO", "import column bio", ("imported_profile", "imported_jsonld", *AUDIT)),
    Field("QREVIEW", "ReviewForm.text", ("profile", "practice_review", "admin_review")),
    Field("QREPLY", "ReplyForm.text", ("profile", "practice_review", "admin_review")),
    Field("QRNOTE", "ReportForm.note", ("admin_review",)),
    Field("QRKEEP", "DecisionForm.note", ("admin_review_removed",)),
    Field("QRREFUSE", "ReplyRefuseForm.note", ("admin_review_removed", "mail_reply_refused")),
    Field("QRMNOTE", "RemoveForm.note", ("admin_review_removed", "mail_review_removed")),
    # Product batches: the practitioner's record, the patient's booking page, the recall screen and both emails.
    Field("QBPROD", "ProductForm.product_name", ("practice_products", "booking_products", "admin_recall",
                                                "mail_recall_patient", "mail_recall_practitioner")),
    Field("QBMAKER", "ProductForm.manufacturer", ("practice_products", "booking_products", "admin_recall",
                                                 "mail_recall_patient")),
    Field("QBATCH", "ProductForm.batch_number", ("practice_products", "booking_products", "admin_recall",
                                                "mail_recall_patient", "mail_recall_practitioner")),
    Field("QBQTY", "ProductForm.quantity", ("practice_products", "booking_products")),
    # Problem reports: the patient's own page, the admin's, the practitioner's agenda and both emails.
    Field("QPROB", "ProblemDetailsForm.what_happened", ("problem_report", "admin_problem", "agenda",
                                                        "mail_problem_practitioner", "mail_problem_admins")),
    Field("QPCLOSE", "ProblemCloseForm.note", ("admin_problem",)),
    Field("QRPROD", "RecallForm.product_name", ("admin_recall", "mail_recall_practitioner")),
    # Licences (licensing/): the practitioner's licences page and the admin's queue and licence page.
    Field("QLISS", "LicenceForm.issuer", ("practice_licences", "admin_licences", "admin_licence")),
    Field("QLNUM", "LicenceForm.number", ("practice_licences", "admin_licences", "admin_licence")),
    Field("QLFILE", "LicenceForm.document (file name)", ("admin_licence",)),
    Field("QLWHY", "LicenceRejectForm.reason", ("practice_licences", "admin_licence_rejected")),
    Field("QRREASON", "RecallForm.reason", ("practice_products", "booking_products", "admin_recall",
                                           "mail_recall_patient", "mail_recall_practitioner")),
]

FILE_NAMES = {"QFILE", "QCOA", "QTESTS", "QSTAB", "QDFILE", "QLFILE"}

# Text fields of the site's forms that are not in the table, and why.
NOT_SHOWN = {
    "RegisterForm.email": "an email address: the validator refuses < > \" ( ) and spaces (' = ` are escaped as text)",
    "LoginForm.email": "an email address", "EmailForm.email": "an email address",
    "ChangeEmailForm.new_email": "an email address (shown in the flash, the confirm page and the emails)",
    "LoginForm.next": "not stored; a local path only (tests/security of redirects)",
    "ClinicForm.city": "must be the postcode's town, or the clinic is refused",
    "ClinicForm.postcode": "normalised to a real postcode or refused",
    "OfferingForm.price": "a number",
    "BirthDateForm.born_on": "a date: stored as a date or refused; never shown as typed",
    "DetailsForm.consent_version": "hidden, compared with the current consent",
    "PractitionerFilterForm.q": "a search box, not stored", "AuditFilterForm.actor": "a filter, not stored",
    "AuditFilterForm.practitioner": "a filter, not stored",
    "ProfileForm.photo": "re-encoded and stored under a server-made name; the uploaded file name is not kept",
    "SearchForm.near": "the search box: not stored (the page shows the gazetteer's label for it)",
    "ClaimApproveForm.seen": "hidden, compared with the text's fingerprint",
    "ClaimRefuseForm.seen": "hidden, compared with the text's fingerprint",
    "RecallForm.batch_number": "typed with QBATCH's payload (a recall must match a recorded batch), so it is "
                               "checked under QBATCH on admin_recall and the practitioner's email",
    "RecallForm.source_url": "an http(s) address without spaces (javascript: and the like refused, tests/batches); "
                             "shown escaped in a link's href",
    "UrgentSignsForm.step": "hidden: the form's step; any other value goes back to the first step (tests/complications)",
    "ProblemDetailsForm.step": "hidden: the form's step; any other value goes back to the first step",
    "ClinicForm.phone": "digits, spaces, brackets, dashes and a leading + only (the payloads are refused); shown "
                        "in a tel: link",
    "OverseerForm.profile": "a profile address: only its last part is looked up, never stored or shown",
    "SearchForm.lat": "a number, not stored", "SearchForm.lon": "a number, not stored",
}
