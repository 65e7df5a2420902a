"""The audit trail in sentences a person reads: one label and one sentence per kind of event.

To add an event kind: write `record(actor, "thing.done", ...)` in its service and add one line to
SENTENCES below (tests/admin/test_audit_sentences.py fails until you do). A sentence names its
facts in braces; the admin screen (admin/audit_words.py) works them out for each event:

  {actor}        who acted: their name, else their email; "Verity" for the site itself
  {practitioner} the practitioner the event concerns; {whose} is "Dr Sam Lee's", or "their" when
                 the practitioner acted on their own record
  {credential}   "GMC registration 7123456"      {register}   the public register checked
  {clinic} {treatment} {patients} ("Jo Bloggs's")  {when} {was_when} a booking's time, before and after
  {day} {period} a date override's day, a range of time off   {text_kind} the wording a check is about
  {changed}      the fields a change touched      {exosome_use} what a declaration says
  {mail_subject} {recipient}                      {subject}    the event's object, for the fallback

A fact the screen cannot work out reads as a plain description ("a clinic"), never as a blank.
"""
from string import Formatter

SENTENCES: dict[str, tuple[str, str]] = {
    # credentials
    "credential.submitted": ("Credential sent for review", "{actor} sent {whose} {credential} for review"),
    "credential.revised": ("Credential corrected", "{actor} sent a corrected version of {whose} {credential}"),
    "credential.approved": ("Credential approved", "{actor} approved {whose} {credential}"),
    "credential.superseded": ("Credential replaced", "{actor} verified a newer version of {whose} {credential}, "
                                                     "which replaces this one"),
    "credential.rejected": ("Credential rejected", "{actor} rejected {whose} {credential}"),
    "credential.revoked": ("Credential revoked", "{actor} revoked {whose} {credential}"),
    "credential.register_checked": ("Register checked", "{actor} checked {whose} {credential} on {register}"),
    "credential.duplicate_blocked": ("Registration number held elsewhere",
                                     "Verity held back {whose} {credential}: another practitioner holds that number"),
    "credential.duplicate_resolved": ("Duplicate number resolved",
                                      "{actor} let {whose} {credential} stand although another practitioner "
                                      "holds that number"),
    # wording (the claims checker) and exosome declarations
    "claims.queued": ("Wording held for review", "The claims checker held {whose} {text_kind} for an admin to read"),
    "claims.hidden": ("Wording hidden", "The claims checker hid {whose} {text_kind} from patients"),
    "claims.approved": ("Wording approved", "{actor} approved {whose} {text_kind} for patients to read"),
    "claims.refused": ("Wording refused", "{actor} refused {whose} {text_kind}; patients cannot read it"),
    "exosome_declaration.declared": ("Exosome declaration made", "{actor} made {whose} exosome declaration: {exosome_use}"),
    "exosome_declaration.reviewed": ("Exosome declaration reviewed",
                                     "{actor} marked {whose} exosome declaration reviewed"),
    "exosome_declaration.returned": ("Exosome declaration sent back", "{actor} sent {whose} exosome declaration back"),
    "compliance.hold_cleared": ("Booking hold cleared", "{actor} reopened bookings for {practitioner}, held since "
                                                        "their compliance badge was not compliant"),
    # practitioners and their profiles
    "practitioner.suspended": ("Practitioner suspended", "{actor} suspended {practitioner}"),
    "practitioner.reinstated": ("Practitioner reinstated", "{actor} reinstated {practitioner}"),
    "practitioner.imported": ("Practitioner imported", "{actor} imported {whose} profile from a spreadsheet"),
    "profile.created": ("Profile created", "{actor} created the profile of {practitioner}"),
    "profile.updated": ("Profile changed", "{actor} changed {whose} profile ({changed})"),
    "clinic.added": ("Clinic added", "{actor} added the clinic {clinic} to {whose} profile"),
    "clinic.updated": ("Clinic changed", "{actor} changed {whose} clinic {clinic} ({changed})"),
    "clinic.deleted": ("Clinic deleted", "{actor} deleted {whose} clinic {clinic}"),
    "offering.added": ("Treatment added", "{actor} added {treatment} to {whose} treatments"),
    "offering.updated": ("Treatment changed", "{actor} changed {whose} {treatment} ({changed})"),
    "offering.removed": ("Treatment removed", "{actor} removed {treatment} from {whose} treatments"),
    # bookings and opening hours
    "booking.created": ("Booking made", "{actor} booked {treatment} with {practitioner} at {clinic}, {when}"),
    "booking.rescheduled": ("Booking moved", "{actor} moved {patients} booking with {practitioner} from {was_when} "
                                             "to {when}"),
    "booking.cancelled": ("Booking cancelled", "{actor} cancelled {patients} booking with {practitioner}, {when}"),
    "booking.confirmed": ("Booking confirmed", "{actor} confirmed {patients} booking with {practitioner}, {when}"),
    "booking.attended": ("Patient came", "{actor} marked {patients} booking with {practitioner}, {when}, as attended"),
    "booking.consultation_done": ("Prescriber consultation done", "{actor} marked {patients} prescriber consultation "
                                  "with {practitioner}, {when}, as done: the treatment can now be booked"),
    "eligibility.birth_date_given": ("Date of birth given", "{actor} gave their date of birth, for the age rules"),
    "eligibility.birth_date_corrected": ("Date of birth corrected", "{actor} corrected a patient's date of birth "
                                         "after checking"),
    "booking.no_show": ("Patient did not come", "{actor} marked {patients} booking with {practitioner}, {when}, "
                                                "as not attended"),
    "booking.clinic_rules_saved": ("Opening hours changed",
                                   "{actor} changed the opening hours and booking rules of {clinic}"),
    "booking.override_added": ("Special hours set", "{actor} set special hours at {clinic} on {day}"),
    "booking.override_removed": ("Special hours removed", "{actor} removed the special hours at {clinic} on {day}"),
    "booking.time_off_added": ("Time off added", "{actor} added time off for {practitioner}, {period}"),
    "booking.time_off_removed": ("Time off removed", "{actor} removed {whose} time off, {period}"),
    "booking.offering_rules_saved": ("Treatment booking rules changed",
                                     "{actor} changed the booking rules of {whose} {treatment}"),
    "booking.calendar_feed_rotated": ("Calendar feed renewed",
                                      "{actor} made a new calendar feed address for {practitioner}"),
    "cancellation_policy.changed": ("Cancellation policy changed", "{actor} changed {whose} cancellation policy"),
    # reviews (the text and any reason are in the event's details, not the sentence)
    "review.posted": ("Review published", "{actor} reviewed a booking with {practitioner}; it was published"),
    "review.held": ("Review held", "{actor} reviewed a booking with {practitioner}; the claims checker held it "
                                   "for an admin to read"),
    "review.published": ("Held review published", "{actor} published a held review of {practitioner}"),
    "review.kept": ("Reported review kept", "{actor} kept a review of {practitioner} that was reported"),
    "review.removed": ("Review removed", "{actor} removed a review of {practitioner} for a policy reason"),
    "review.reported": ("Review reported", "{actor} reported a review of {practitioner} to the admins"),
    "review.replied": ("Review answered", "{actor} replied to a review of {practitioner}"),
    "review.reply_held": ("Reply held", "{actor} replied to a review of {practitioner}; the claims checker held "
                                        "the reply for an admin to read"),
    "review.reply_published": ("Held reply published", "{actor} published {whose} held reply to a review"),
    "review.reply_refused": ("Reply refused", "{actor} refused {whose} reply to a review; patients cannot read it"),
    "review.anonymised": ("Review anonymised", "Verity removed the author's name from a review of {practitioner} "
                                               "when their account was deleted"),
    # health answers (what was answered is never in the trail, only who touched them)
    "intake.answered": ("Health questions answered", "{actor} answered the health questions for a booking with "
                                                     "{practitioner}"),
    "intake.updated": ("Health answers changed", "{actor} changed the health answers for a booking with "
                                                 "{practitioner}"),
    "intake.read": ("Health answers read", "{actor} read the health answers for a booking with {practitioner}"),
    "intake.exported": ("Health answers downloaded", "{actor} downloaded their own health answers"),
    "intake.erased": ("Health answers deleted", "{actor} deleted their health answers with their account"),
    # product batches and recalls (the product and batch are in the event's details)
    "batch.recorded": ("Product recorded", "{actor} recorded a product used at a booking with {practitioner}"),
    "batch.changed": ("Product corrected", "{actor} corrected a product recorded for a booking with {practitioner}"),
    "batch.removed": ("Product removed", "{actor} removed a product recorded for a booking with {practitioner}"),
    "recall.entered": ("Recall entered", "{actor} entered the recall of a product batch"),
    "recall.updated": ("Recall saved again", "{actor} saved the recall of a product batch again"),
    "recall.patient_told": ("Patient told of a recall", "{actor} emailed a patient of {practitioner} about a recalled "
                                                        "batch used at their appointment"),
    "recall.practitioner_told": ("Practitioner told of a recall", "{actor} emailed {practitioner} about a recalled "
                                                                  "batch used at one of their appointments"),
    # problems patients reported after an appointment (the signs and what happened are in the event's details)
    "complication.reported": ("Problem reported", "{actor} reported a problem after an appointment with {practitioner}"),
    "complication.closed": ("Problem report closed", "{actor} closed a problem report about {practitioner}"),
    "complication.erased": ("Problem report emptied", "{actor} deleted what they wrote in a problem report with "
                                                      "their account"),
    # licences (ENG-LICENCE; the licence's kind, number and clinic are in the event's details)
    "licence.submitted": ("Licence sent for review", "{actor} sent {whose} licence for review"),
    "licence.approved": ("Licence verified", "{actor} verified {whose} licence against its evidence"),
    "licence.rejected": ("Licence rejected", "{actor} rejected {whose} licence"),
    "oversight.asked": ("Overseer named", "{actor} asked a healthcare professional to oversee {whose} amber-tier work"),
    "oversight.accepted": ("Oversight accepted", "{actor} accepted to oversee {whose} amber-tier work"),
    "oversight.declined": ("Oversight declined", "{actor} declined to oversee {whose} amber-tier work"),
    # accounts
    "account.exported": ("Data downloaded", "{actor} downloaded their data"),
    "account.deleted": ("Account deleted", "{actor} deleted their account"),
    # the site itself
    "mail.retried": ("Email sent again", "{actor} sent the email \u201c{mail_subject}\u201d to {recipient} again"),
}
FALLBACK = "{actor}: {words} ({subject})"
# What a fact reads as when the screen could not work it out (the object was deleted, say).
UNKNOWN = {"actor": "Someone", "practitioner": "a practitioner", "whose": "a practitioner's",
           "credential": "credential", "register": "a public register", "clinic": "a clinic",
           "treatment": "a treatment", "patients": "a patient's", "when": "at a time not recorded",
           "was_when": "a time not recorded", "day": "a day not recorded", "period": "dates not recorded",
           "text_kind": "wording", "changed": "details", "exosome_use": "made a declaration",
           "mail_subject": "an email", "recipient": "its recipient", "subject": "a record", "words": "an event"}


class _Facts(dict):
    """The facts of one event, reading as UNKNOWN's words when one is missing."""

    def __missing__(self, key):
        return UNKNOWN.get(key, key.replace("_", " "))


def label(action: str) -> str:
    """The kind of event in a few words, for the filter ("Credential approved")."""
    known = SENTENCES.get(action)
    return known[0] if known else words(action).capitalize()


def words(action: str) -> str:
    """An event kind nobody wrote a sentence for, in words: "review.removed" -> "review removed"."""
    return action.replace(".", " ").replace("_", " ")


def sentence(action: str, facts: dict) -> str:
    """The event as one sentence, from its kind's template and the facts the screen worked out."""
    template = SENTENCES.get(action, (None, FALLBACK))[1]
    text = Formatter().vformat(template, (), _Facts({k: v for k, v in facts.items() if v}, words=words(action)))
    return text[:1].upper() + text[1:]
