"""Cosmetic licensing (ENG-LICENCE): treatment tiers as dated data, licences verified like credentials.

It sits on its own floor above the age rules (it reuses eligibility.rules.jurisdiction_of) and reaches
booking through booking.prerequisites, like eligibility/. LICENSING_IN_FORCE switches enforcement on.
"""
