"""The OpenAPI document: valid OpenAPI 3.1, naming every route, and every enum equal to the constant the code uses."""
import ast
import inspect
import re

import pytest
from openapi_spec_validator import validate

import api
from api import bookings, claims, places, practitioners, problems, treatments
from booking.models import BookingKind, BookingStatus
from directory.models import BADGE_STATUSES
from compliance.claims import CLAIM_RULE_IDS, COUNTRIES as CLAIM_COUNTRIES, VERDICTS
from compliance.models import Route, Source
from compliance.rules import RULES
from core import errors
from credentials.models import CredentialKind
from directory import query
from directory.catalogue import TREATMENTS
from directory.models import Profession
from directory.offerings import CURRENCY_OF_COUNTRY
from directory.search import SORTS
from geo.places import COUNTRY_ALIASES
from licensing.rules import TIERS

SCHEMAS = "components/schemas"
SEARCH = "paths//api/v1/practitioners/get/parameters"
# Every enum in the document, where it is, and the constant the code checks against.
ENUMS = {
    f"{SCHEMAS}/Problem/properties/code": {*problems.API_CODES, *query.CODES, *errors.CODES},
    f"{SCHEMAS}/Clinic/properties/country": set(COUNTRY_ALIASES),
    f"{SCHEMAS}/Credential/properties/kind": {kind.value for kind in CredentialKind},
    f"{SCHEMAS}/Badge/properties/status": set(BADGE_STATUSES),
    f"{SCHEMAS}/Badge/properties/rules_broken/items": {rule.id for rule in RULES},
    f"{SCHEMAS}/Badge/properties/exosome_sources/items": {source.value for source in Source},
    f"{SCHEMAS}/Badge/properties/routes/items": {route.value for route in Route},
    f"{SCHEMAS}/Practitioner/properties/profession": {profession.value for profession in Profession},
    f"{SCHEMAS}/Price/properties/currency": set(CURRENCY_OF_COUNTRY.values()),
    f"{SCHEMAS}/Search/properties/unit": set(query.UNITS),
    f"{SCHEMAS}/Slots/properties/kind": {kind.value for kind in BookingKind},
    f"{SCHEMAS}/Booking/properties/booking/properties/status": {status.value for status in BookingStatus},
    f"{SCHEMAS}/Booking/properties/booking/properties/kind": {kind.value for kind in BookingKind},
    f"{SCHEMAS}/Verdict/properties/verdict": set(VERDICTS),
    f"{SCHEMAS}/Treatment/properties/tiers/additionalProperties": set(TIERS),
    f"{SCHEMAS}/Practitioner/properties/treatment_tiers/additionalProperties": {*TIERS, None},
    f"{SCHEMAS}/Verdict/properties/findings/items/properties/rule": {rule.id for rule in RULES} | set(CLAIM_RULE_IDS),
    f"{SCHEMAS}/ClaimsRequest/properties/countries/items": set(CLAIM_COUNTRIES),
    # A search parameter may also be blank, as a search form sends it: the default.
    f"{SEARCH}/unit/schema": {*query.UNITS, ""},
    f"{SEARCH}/profession/schema": {*(profession.value for profession in Profession), ""},
    f"{SEARCH}/badge/schema/items": {*BADGE_STATUSES, ""},
    f"{SEARCH}/no_human_exosomes/schema": {*query.YES, *query.NO},
    f"{SEARCH}/sort/schema": {*SORTS, ""},
    f"{SEARCH}/treatment/schema": {*(treatment[0] for treatment in TREATMENTS), ""},
}


@pytest.fixture
def document(client):
    """The document as the app serves it."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def enums_in(node, where="") -> dict:
    """Every enum in a piece of the document, by where it is (parameters named, not numbered)."""
    found = {}
    if isinstance(node, dict):
        if "enum" in node:
            found[where.strip("/")] = node["enum"]
        for key, value in node.items():
            found.update(enums_in(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            name = item["name"] if isinstance(item, dict) and "in" in item else index  # a parameter by its name
            found.update(enums_in(item, f"{where}/{name}"))
    return found


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_the_document_names_every_route(app, document):
    routed = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method.lower()) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and not rule.rule.endswith("openapi.json")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert {(path, method) for path, methods in document["paths"].items() for method in methods} == routed
    params = {p["name"] for p in document["paths"]["/api/v1/practitioners"]["get"]["parameters"]}
    assert params == {"near", "lat", "lon", "radius", "unit", "min_years", "treatment", "profession", "sort",
                      "page", "per_page", "badge", "no_human_exosomes"}


def test_every_enum_is_its_constant(document):
    """An enum typed by hand, or one the code no longer checks against, fails here."""
    found = enums_in(document)
    assert set(found) == set(ENUMS), "an enum was added or moved: say here which constant it comes from"
    for where, values in found.items():
        assert len(values) == len(set(values)) and set(values) == ENUMS[where], where


def test_every_error_answer_is_one_problem_schema(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert answer["content"] == {"application/problem+json": {
                        "schema": {"$ref": "#/components/schemas/Problem"}}}, (path, method, status)


@pytest.mark.parametrize("module", [practitioners, places, bookings, claims, problems, query, api, treatments])
def test_every_refusal_code_is_a_named_constant_in_the_enum(module):
    """Refusals are raised with a named code (not a string typed at the call) that the document lists."""
    calls = {"Refusal": 0, "refuse": 0, "bad_request": 0, "problem": 1}
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in calls and node.args:
            code = node.args[calls[node.func.id]]
            assert not isinstance(code, ast.Constant), f"{module.__name__}:{node.lineno} types its code by hand"
            if isinstance(code, ast.Name) and code.id in vars(module):
                assert vars(module)[code.id] in problems.CODES, f"{module.__name__}:{node.lineno}"
