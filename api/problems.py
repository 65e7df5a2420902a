"""The API's one error shape: every refusal is an RFC 9457 problem document with `code` and `field`.

HTTP errors on /api/ paths (404, 405, 413, 429, 500, CSRF) take the same shape in core/errors.py;
`CODES` is every code either can carry, and the OpenAPI document lists exactly these.
"""

from booking.bookable import NOT_BOOKABLE
from core import errors
from eligibility.restriction import CODE as BIRTH_DATE_NEEDED
from eligibility.rules import UNDER_AGE
from core.refusal import Refusal
from directory import query

# The codes the API's own views refuse with (a search refuses with directory.query's codes).
MISSING_PARAMETER, INVALID_PARAMETER, OUT_OF_RANGE = query.MISSING, query.INVALID, query.OUT_OF_RANGE
INVALID_BODY, INVALID_DATE, INVALID_INSTANT = "invalid_body", "invalid_date", "invalid_instant"
NOT_FOUND, UNAUTHORIZED = "not_found", "unauthorized"
SLOT_TAKEN, REFUSED = "slot_taken", "refused"
# A booking that can no longer move: cancelled, or its practitioner not listed (booking.schedule's refusal codes).
BOOKING_INACTIVE, NOT_LISTED = "booking_inactive", "not_listed"
CANNOT_MOVE = (BOOKING_INACTIVE, NOT_LISTED)
# Refusals of the age rules (eligibility/): passed on with their own code, the rule and its source.
ELIGIBILITY = (UNDER_AGE, BIRTH_DATE_NEEDED)
API_CODES = (MISSING_PARAMETER, INVALID_PARAMETER, OUT_OF_RANGE, INVALID_BODY, INVALID_DATE, INVALID_INSTANT,
             NOT_FOUND, UNAUTHORIZED, SLOT_TAKEN, REFUSED, NOT_BOOKABLE, *CANNOT_MOVE, *ELIGIBILITY)
CODES = tuple(sorted({*API_CODES, *query.CODES, *errors.CODES}))


def bad_request(code: str, message: str, field: str | None = None) -> Refusal:
    """A request the API cannot read: a 400 naming the parameter concerned."""
    return Refusal(code, message, field, status=400)



def only_members(body: dict, schema: dict) -> dict:
    """The body, or a 400 naming the first member its schema does not have (a typo would otherwise be ignored)."""
    unknown = [name for name in body if name not in schema["properties"]]
    if unknown:
        raise bad_request(INVALID_BODY, f"Unknown member {unknown[0][:40]!r}: send only "
                                        f"{', '.join(schema['properties'])}.", unknown[0][:40])
    return body
