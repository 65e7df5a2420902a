"""Review services: the only code that adds, changes or deletes review rows.

- `reviews`: post a review, the practitioner's one reply and report, an admin's publish, keep or remove.
- `requests`: queue each attended booking's review request once, with its single-use link.
- `privacy`: the patient's reviews for "download my data", and anonymising them when the account goes.

None of them commits except the request job (each claim is committed at once, like booking reminders).
"""
from reviews.services.privacy import erase_for_patient, export_for_patient
from reviews.services.requests import send_review_requests
from reviews.services.reviews import (keep, post_review, publish, publish_reply, refuse_reply, remove, reply,
                                      report)

__all__ = ["erase_for_patient", "export_for_patient", "keep", "post_review", "publish", "publish_reply",
           "refuse_reply", "remove", "reply", "report", "send_review_requests"]
