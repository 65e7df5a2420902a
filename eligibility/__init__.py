"""Who may have an appointment: the age rules (ENG-UNDER18) and the date of birth they are checked against.

It sits on the domain floor above booking and reaches booking through booking.prerequisites: it
registers a Restriction that asks for the date of birth when a rule applies and refuses an
appointment the rule forbids, on every path that books or moves one (page, API, reschedule).
The prescriber consultation (UK-POM-CONSULT) is booking's own rule: see booking/queries.py.
"""
