"""The JSON Schemas of the API's bodies, for the OpenAPI document: every enum is read from the code's constants."""
from api.problems import CODES
from booking.bookable import NEXT_SLOTS
from booking.models import BookingKind, BookingStatus
from directory.models import BADGE_STATUSES
from compliance.claims import CLAIM_RULE_IDS, COUNTRIES as CLAIM_COUNTRIES, MAX_TEXT_LENGTH, VERDICTS
from compliance.models import Route, Source
from compliance.rules import RULES
from credentials.models import CredentialKind
from directory.models import Profession
from directory.offerings import CURRENCY_OF_COUNTRY
from directory.query import MAX_PER_PAGE, UNITS
from geo.places import COUNTRY_ALIASES
from licensing.rules import TIERS

COUNTRIES = list(COUNTRY_ALIASES)
CURRENCIES = sorted(set(CURRENCY_OF_COUNTRY.values()))
PROFESSIONS = [p.value for p in Profession]
RULE_IDS = [r.id for r in RULES]
FINDING_RULE_IDS = RULE_IDS + [r for r in CLAIM_RULE_IDS if r not in RULE_IDS]  # advertising rules too


def values(enum_class) -> list[str]:
    """The values of a str enum, in its order."""
    return [member.value for member in enum_class]


def ref(name: str) -> dict:
    """A reference to one of the document's component schemas."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required, **properties) -> dict:
    """An object schema; `required` names the members every answer has."""
    return {"type": "object", "required": list(required), "properties": properties}


STRING, INTEGER, NUMBER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
# Request text never holds U+0000: core/http.py answers 400 before any view reads it (no database stores it).
NO_NUL = "^[^\\u0000]*$"


def text(min_length: int = 0, max_length: int | None = None, **extra) -> dict:
    """A request string as the server accepts it: no NUL, and when min_length is 1 not blank either."""
    pattern = "^[^\\u0000]*[^\\u0000\\s][^\\u0000]*$" if min_length else NO_NUL
    return {"type": "string", "pattern": pattern, **({"minLength": min_length} if min_length else {}),
            **({"maxLength": max_length} if max_length else {}), **extra}


def request_obj(required, **properties) -> dict:
    """A request body: an object of exactly these members (others are ignored, so they are no part of the API)."""
    return {**obj(required, **properties), "additionalProperties": False}
DATE = {"type": ["string", "null"], "format": "date"}
INSTANT = {"type": "string", "format": "date-time"}


def strings(enum=None) -> dict:
    """An array of strings, each one of `enum` when given."""
    return {"type": "array", "items": {"type": "string", "enum": list(enum)} if enum else STRING}


PROBLEM = {**obj(["type", "title", "status", "detail", "code", "field"],
                 type={"type": "string", "format": "uri-reference",
                       "description": "about:blank: the code says what went wrong."},
                 title={"type": "string", "description": "The HTTP status's phrase."},
                 status={"type": "integer", "minimum": 400, "maximum": 599},
                 detail={"type": "string", "description": "What is wrong, for the person."},
                 code={"type": "string", "enum": list(CODES), "description": "What is wrong, for the program."},
                 field={"type": ["string", "null"], "description": "The parameter or body member concerned."},
                 suggestions={**strings(), "description": "Places the typed name could be (unknown_place)."},
                 alternatives={"type": "array", "items": ref("Slot"),
                               "description": "The nearest free slots (slot_taken)."},
                 rule={"type": "string", "description": "The rule that refuses (under_age), e.g. ENG-UNDER18."},
                 source={"type": "string", "description": "The law the rule comes from (under_age)."}),
           "description": "An RFC 9457 problem document, with Verity's code and field."}

CLINIC = obj(["id", "name", "city", "postcode", "country", "lat", "lon", "time_zone", "online_booking"],
             id={"type": "integer", "description": "Pass as `clinic` to the slots and booking endpoints."},
             name=STRING, city=STRING, postcode=STRING, country={"type": "string", "enum": COUNTRIES},
             lat=NUMBER, lon=NUMBER, time_zone={"type": "string", "description": "The clinic's IANA time zone."},
             online_booking={"type": "boolean",
                             "description": "False when the clinic has no opening hours: contact it to book."})

CREDENTIAL = obj(["kind", "issuer", "verified_on", "expires_on"],
                 kind={"type": "string", "enum": values(CredentialKind)}, issuer=STRING,
                 verified_on=DATE, expires_on=DATE)

BADGE = obj(["status", "rules_broken", "exosome_sources", "routes", "declared_on", "reviewed_on"],
            status={"type": "string", "enum": list(BADGE_STATUSES)}, rules_broken=strings(RULE_IDS),
            exosome_sources=strings(values(Source)), routes=strings(values(Route)),
            declared_on=DATE, reviewed_on=DATE)

PRACTITIONER = obj(
    ["id", "slug", "name", "profession", "years_practising", "distance", "clinic", "treatments", "treatment", "url",
     "credentials", "badge", "bookable", "not_bookable_reason", "next_available", "next_slots", "photo_url",
     "price_from"],
    id=INTEGER, slug=STRING, name=STRING, profession={"type": "string", "enum": PROFESSIONS},
    years_practising={"type": "integer", "minimum": 0},
    distance={"type": "number", "minimum": 0, "description": "To the nearest matching clinic, in `unit`."},
    clinic=ref("Clinic"), treatments=strings(), url={"type": "string", "format": "uri"},
    credentials={"type": "array", "items": ref("Credential"), "description": "Current credentials an admin verified."},
    treatment={"type": ["string", "null"],
               "description": "The treatment this result is for: the one searched for, else the cheapest."},
    badge=ref("Badge"),
    bookable={"type": "boolean", "description": "False while the badge is not_compliant, or while a licensing "
                                               "requirement of `treatment` is unmet where the scheme is in force."},
    not_bookable_reason={"type": ["string", "null"], "description": "Why not bookable, in plain words."},
    next_available={"type": ["string", "null"], "format": "date-time",
                    "description": "Start of the first slot that the slots endpoint gives for this `clinic.id` "
                                   "and `treatment`, with the clinic's offset; null when not bookable or none."},
    next_slots={"type": "array", "maxItems": NEXT_SLOTS, "items": INSTANT,
                "description": f"The first free starts (up to {NEXT_SLOTS}) the slots endpoint gives for this "
                               "`clinic.id` and `treatment`, earliest first, with the clinic's offset; the first is "
                               "`next_available`. Empty when not bookable or none."},
    photo_url={"type": ["string", "null"], "format": "uri",
               "description": "The practitioner's photo (JPEG, at most 600 x 600), or null when they have none."},
    price_from={"oneOf": [ref("Price"), {"type": "null"}],
                "description": "The lowest price of `treatment` at this clinic; null when no price is set or "
                               "prices are not in the currency of this clinic's country."})

PRICE = obj(["amount", "currency"],
            amount={"type": "string", "pattern": "^[0-9]+\\.[0-9]{2}$",
                    "description": "A decimal string with two places, such as \"85.00\" (never a float)."},
            currency={"type": "string", "enum": CURRENCIES, "description": "ISO 4217, the clinic's country's."})

# Reviews (reviews/): the average of every shown review and how many; null average, never a made-up one, for none.
RATING = obj(["average", "count"],
             average={"type": ["number", "null"], "minimum": 1, "maximum": 5,
                      "description": "Mean stars of every published review, rounded to one decimal; null when none."},
             count={"type": "integer", "minimum": 0, "description": "How many published reviews the average counts."})
PRACTITIONER["required"].append("rating")
PRACTITIONER["properties"]["rating"] = ref("Rating")

SEARCH = obj(["origin", "unit", "total", "page", "per_page", "results"],
             origin=obj(["lat", "lon", "label"], lat=NUMBER, lon=NUMBER, label=STRING,
                        alternatives={**strings(), "description": "Other places the typed name could mean."}),
             unit={"type": "string", "enum": list(UNITS)}, total={"type": "integer", "minimum": 0},
             page={"type": "integer", "minimum": 1},
             per_page={"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
             results={"type": "array", "items": ref("Practitioner")})

PLACE = {"type": "object",
         "properties": {"label": STRING, "lat": NUMBER, "lon": NUMBER, "country": STRING, "kind": STRING}}
PLACES = obj(["query", "places"], query=STRING, places={"type": "array", "items": PLACE})

SLOT = obj(["starts_at", "ends_at"], starts_at=INSTANT, ends_at=INSTANT)

SLOTS = obj(["time_zone", "slots"],
            practitioner_id=INTEGER, treatment=STRING, clinic=INTEGER,
            kind={"type": "string", "enum": values(BookingKind)},
            still_to_do={"type": ["string", "null"], "description": "What the patient must do before the "
                                                                    "treatment itself can be booked, in words."},
            time_zone={"type": "string", "description": "The clinic's IANA time zone."},
            **{"from": {"type": "string", "format": "date"}}, days=INTEGER,
            slots={"type": "array", "items": ref("Slot")})

BOOKING = obj(["booking"], booking=obj(
    ["id", "status", "starts_at", "ends_at", "time_zone"],
    id=INTEGER, status={"type": "string", "enum": values(BookingStatus)},
    kind={"type": "string", "enum": values(BookingKind)}, treatment=STRING, practitioner_id=INTEGER,
    clinic={"type": ["integer", "null"]}, time_zone=STRING, starts_at=INSTANT, ends_at=INSTANT,
    consent_version={"type": ["string", "null"]},
    cancellation={"type": ["object", "null"], "required": ["code", "reason"], "properties": {
        "code": {"type": ["string", "null"],
                 "description": "Why Verity cancelled it (suspended, credential_revoked, registration_lapsed); "
                                "null when a person did."},
        "reason": {"type": "string", "description": "The reason the patient reads."}},
        "description": "Null unless cancelled."}))

RESCHEDULE_REQUEST = request_obj(["starts_at"], starts_at=INSTANT)

# The limits booking.services checks (patient_name 1 to 120 characters, not blank; phone 40; notes 1,000).
BOOKING_REQUEST = request_obj(
    ["practitioner_id", "treatment", "clinic", "starts_at", "patient_name"],
    practitioner_id=INTEGER, treatment=text(1), clinic=INTEGER, starts_at=INSTANT, adult_confirmed=BOOLEAN,
    consent_version=text(), patient_name=text(1, 120), patient_phone=text(max_length=40),
    notes=text(max_length=1000))

CLAIMS_REQUEST = request_obj(["text"], text=text(max_length=MAX_TEXT_LENGTH),
                             countries={**strings(list(CLAIM_COUNTRIES)), "description": "Where the clinics are, "
                                        "for the advertising rules (default: all)."})

VERDICT = obj(["text", "verdict", "score", "findings"], text=STRING, verdict={"type": "string", "enum": list(VERDICTS)},
              score={"type": ["number", "null"], "minimum": 0, "maximum": 1,
                     "description": "How drug-like the model reads the text's most drug-like sentence, 0 to 1."},
              findings={"type": "array", "items": obj(["match", "rule", "suggestion"], match=STRING,
                                                      rule={"type": "string", "enum": FINDING_RULE_IDS},
                                                      suggestion=STRING)})

# Licensing tiers (licensing/rules.py, ENG-LICENCE): {jurisdiction: tier} for a treatment, {slug: tier} at a clinic.
TIER = {"type": "string", "enum": list(TIERS)}
TREATMENT = obj(["slug", "name", "category", "prescription_only", "adults_only", "tiers"],
                slug=STRING, name=STRING, category=STRING,
                prescription_only={"type": "boolean", "description": "A prescription-only medicine: the first "
                                                                     "booking is a prescriber's consultation."},
                adults_only=BOOLEAN,
                tiers={"type": "object", "additionalProperties": TIER,
                       "description": "The licensing tier in force on `on` in each jurisdiction whose scheme covers "
                                      "it, by ISO 3166-2 code (GB-ENG); absent where no scheme covers it."})
TREATMENTS = obj(["on", "treatments"], on={"type": "string", "format": "date"}, treatments={"type": "array", "items": ref("Treatment")})
PRACTITIONER["required"].append("treatment_tiers")
PRACTITIONER["properties"]["treatment_tiers"] = {
    "type": "object", "additionalProperties": {"type": ["string", "null"], "enum": [*TIERS, None]},
    "description": "The licensing tier of each offered treatment (`treatments`) in this clinic's jurisdiction; "
                   "null where no scheme covers it."}

COMPONENTS = {"Problem": PROBLEM, "Clinic": CLINIC, "Credential": CREDENTIAL, "Badge": BADGE,
              "Practitioner": PRACTITIONER, "Price": PRICE, "Search": SEARCH, "Places": PLACES, "Slot": SLOT,
              "Slots": SLOTS,
              "Booking": BOOKING, "BookingRequest": BOOKING_REQUEST, "ClaimsRequest": CLAIMS_REQUEST,
              "RescheduleRequest": RESCHEDULE_REQUEST,
              "Verdict": VERDICT}
COMPONENTS["Rating"] = RATING
COMPONENTS["Treatment"], COMPONENTS["Treatments"] = TREATMENT, TREATMENTS
