"""Complications: a patient reports a problem after an appointment, and the people who can help hear of it at once.

The report first asks about the signs that need help now (after filler: skin turning white, grey or
mottled, severe pain, vision change, breathing trouble). Any of them and the patient is told to call the
practitioner now and 999 / 111 (UK) or 911 (US); either way the report is stored with the booking and
emailed to the practitioner and every admin through the outbox at the highest priority. An admin closes
it with a note. The patient is offered a prefilled summary for the MHRA Yellow Card (UK) or FDA MedWatch
(US) form to send themselves: nothing leaves Verity without their action.
"""
