"""Medical intake: the short health questionnaire a patient answers before a first prescription-only treatment.

The answers are special category data (UK GDPR art. 9): stored encrypted (crypto.py), readable only by the
patient and the practitioner of the booking they belong to, every read audited (services.py), deleted with
the account. Booking asks for them through booking.prerequisites, which intake fills (prerequisite.py).
"""
