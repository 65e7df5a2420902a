"""Schemathesis against /api/v1/openapi.json, served by the app in-process (WSGI, no network).

Every documented operation is called with generated requests, valid and invalid, under every check
Schemathesis has (`--checks all`): never a server error; documented statuses, content types, headers
and bodies; invalid requests refused and valid ones accepted. One narrowing, with its reason: a
request the document calls valid may still be refused by a rule no schema can state (RULE_CODES).
The booking endpoint is called the way the site's JavaScript calls it: logged in as a patient, with the
session's CSRF token in X-CSRFToken.
"""
import re
import pytest
import schemathesis
from hypothesis import event, given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS as REGISTERED
from schemathesis.checks import load_all_checks

from api.openapi import openapi_document
from tests.security.fuzz import fuzz
from tests.helpers import csrf_token, login, text_of

# Refusals of schema-valid requests by rules over the stored data, the clock or several parameters at once, which
# OpenAPI cannot state: (problem code, field) -> why. Any other 400 to a valid request fails the check.
RULE_CODES = {
    ("missing_location", "near"): "a search needs near, or lat with lon: OpenAPI has no 'one of these' rule",
    **{("missing_parameter", field): "lat and lon go together: OpenAPI cannot require one when the other is given"
       for field in ("lat", "lon")},
    ("unknown_place", "near"): "whether a place name is in the gazetteer is data, not the shape of the request",
    ("out_of_range", "from"): "within ten years of today: a window that moves with the clock",
    **{("refused", field): "booking rules over the diary: opening hours, notice, adults only, consent"
       for field in ("starts_at", "adult", "consent")},
}
load_all_checks()  # the registry holds only not_a_server_error until the OpenAPI checks are imported


def positive_data_acceptance(ctx, response, case):
    """Schemathesis' check that valid requests are accepted, except for a refusal by one of RULE_CODES."""
    problem = response.json() if response.status_code == 400 else {}
    if (problem.get("code"), problem.get("field")) in RULE_CODES:
        return None
    return REGISTERED.get_by_names(["positive_data_acceptance"])[0](ctx, response, case)


CHECKS = [positive_data_acceptance if check.__name__ == "positive_data_acceptance" else check
          for check in REGISTERED.get_all()]
assert len(CHECKS) == 14, [check.__name__ for check in CHECKS]  # all of them: a new one is run, and counted here
# The test app's SERVER_NAME: the session cookie of the logged-in patient is sent only to it.
BASE_URL = "http://verity.test"


@pytest.fixture
def patient_headers(client, patient):
    """Log a verified patient in on `client`; return the headers that carry the session's CSRF token.

    Sessions are bound to the browser that logged in (strong session protection), so the generated
    requests also send that browser's User-Agent rather than Schemathesis' own.
    """
    login(client, patient.email)
    return {"X-CSRFToken": csrf_token(text_of(client.get("/"))), "User-Agent": client.environ_base["HTTP_USER_AGENT"]}


@pytest.fixture
def api_schema(app, bookable):
    """The OpenAPI document as the running app serves it."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


# Schemathesis' own pytest integration (schema.parametrize) reads a node attribute pytest 9 no longer has,
# so each documented operation is a parametrized Hypothesis test that draws from the operation's strategy.
OPERATIONS = [(path, method.upper()) for path, methods in openapi_document("http://verity.test")["paths"].items()
              for method in methods]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path, method", OPERATIONS)
@fuzz(40)
@given(data=st.data())
def test_every_operation_answers_as_documented(client, api_schema, patient_headers, path, method, mode, data):
    """Generated requests (valid and invalid ones) to each operation: documented answers only, never a 500."""
    case = data.draw(api_schema[path][method].as_strategy(mode))
    response = case.call_and_validate(base_url=BASE_URL, session=client, headers=patient_headers, checks=CHECKS)
    event(f"{response.status_code} {response.json()['code'] if response.status_code >= 400 else ''}")


def test_every_api_route_is_documented(app, api_schema):
    """The document names every /api/v1 route, so the test above exercises them all."""
    documented = {(path, method.upper()) for path, methods in api_schema.raw_schema["paths"].items()
                  for method in methods}
    routed = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routed


def operation(api_schema, path: str, method: str = "GET"):
    """One documented operation."""
    return api_schema[path][method]


@fuzz(60)
@given(data=st.data())
def test_a_real_practitioners_slots_and_bookings(client, api_schema, bookable, patient_headers, data):
    """Generated slot queries and booking bodies aimed at a listed practitioner, so they get past the 404."""
    treatment = data.draw(st.sampled_from(["microneedling", "dermal-filler", "prp"]))
    slots = api_schema["/api/v1/practitioners/{practitioner_id}/slots"]["GET"].as_strategy(
        path_parameters={"practitioner_id": bookable.id},
        query={"treatment": treatment, "clinic": bookable.clinics[0].id})
    response = data.draw(slots).call_and_validate(base_url=BASE_URL, session=client, headers=patient_headers,
                                                  checks=CHECKS)
    event(f"slots {response.status_code}")
    booking = data.draw(api_schema["/api/v1/bookings"]["POST"].as_strategy())
    booking.body = {**booking.body, "practitioner_id": bookable.id, "clinic": bookable.clinics[0].id,
                    "treatment": treatment}
    if data.draw(st.booleans()) and response.status_code == 200 and response.json()["slots"]:  # a free slot, sensibly
        booking.body.update(starts_at=data.draw(st.sampled_from(response.json()["slots"]))["starts_at"],
                            patient_name="Pat Patient", adult_confirmed=True)
    response = booking.call_and_validate(base_url=BASE_URL, session=client, headers=patient_headers, checks=CHECKS)
    event(f"booking {response.status_code}")


@pytest.mark.parametrize("query, status", [
    ({"days": "\u00b2"}, 400),  # a digit int() refuses: was a 500
    ({"days": "\u0663"}, 200),  # an Arabic-Indic three
    ({"days": "100"}, 200),
    ({"from": "0001-01-01"}, 400),  # the day before overflowed: was a 500
    ({"from": "9999-12-31"}, 400),
    ({"from": "2026-03-03", "clinic": "99999999999999999999"}, 404),
])
def test_slot_parameters_at_the_edges(client, api_schema, bookable, query, status):
    """Days and dates at the edges of what Python can count: documented answers, never a 500."""
    slots = operation(api_schema, "/api/v1/practitioners/{practitioner_id}/slots").Case(
        path_parameters={"practitioner_id": bookable.id}, query={"treatment": "microneedling", **query})
    assert slots.call_and_validate(base_url=BASE_URL, session=client, checks=CHECKS).status_code == status


@pytest.mark.parametrize("starts_at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2026-03-03"])
def test_instants_past_the_calendar_answer_400(client, api_schema, bookable, patient_headers, starts_at):
    """A start that leaves Python's calendar once moved to UTC (or has no offset): 400, not a 500 (was a 500)."""
    booking = operation(api_schema, "/api/v1/bookings", "POST").Case(media_type="application/json", body={
        "practitioner_id": bookable.id, "treatment": "microneedling", "clinic": bookable.clinics[0].id,
        "starts_at": starts_at, "patient_name": "Pat Patient"})
    response = booking.call_and_validate(base_url=BASE_URL, session=client, headers=patient_headers, checks=CHECKS)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (400, "invalid_instant",
                                                                                      "starts_at")


@pytest.mark.parametrize("body, status, code, field, detail", [
    # Schemathesis found each: a past start said "needs at least 0 minutes notice"; a mistyped member was ignored.
    ({"starts_at": "2000-01-01T00:00:00Z"}, 400, "refused", "starts_at", "That time has already passed"),
    ({"patient_nmae": "Pat"}, 400, "invalid_body", "patient_nmae", "Unknown member 'patient_nmae'"),
    ({"patient_name": "\ud800"}, 400, "bad_request", None, "lone surrogate"),  # was a 500 writing the row
])
def test_booking_refusals_say_what_is_wrong(client, api_schema, bookable, patient_headers, body, status, code, field,
                                           detail):
    """Refusals Schemathesis and the raw-bytes test found unclear or missing, each now a problem with its reason."""
    booking = operation(api_schema, "/api/v1/bookings", "POST").Case(media_type="application/json", body={
        "practitioner_id": bookable.id, "treatment": "microneedling", "clinic": bookable.clinics[0].id,
        "starts_at": "2026-03-03T09:00:00+00:00", "patient_name": "Pat Patient", **body})
    response = booking.call(base_url=BASE_URL, session=client, headers=patient_headers)
    problem = response.json()
    assert (response.status_code, problem["code"], problem["field"]) == (status, code, field)
    assert detail in problem["detail"]


@pytest.mark.parametrize("practitioner_id", [2**31, 10**30, 0])
def test_ids_no_row_can_have_answer_404(client, api_schema, bookable, patient_headers, practitioner_id):
    """Ids past the database's integers, in the path or the body: 404, not a database error (was a 500)."""
    slots = operation(api_schema, "/api/v1/practitioners/{practitioner_id}/slots").Case(
        path_parameters={"practitioner_id": practitioner_id}, query={"treatment": "microneedling"})
    assert slots.call_and_validate(base_url=BASE_URL, session=client, checks=CHECKS).status_code == 404
    booking = operation(api_schema, "/api/v1/bookings", "POST").Case(media_type="application/json", body={
        "practitioner_id": practitioner_id, "treatment": "microneedling", "clinic": 1,
        "starts_at": "2026-03-03T09:00Z"})
    response = booking.call_and_validate(base_url=BASE_URL, session=client, headers=patient_headers, checks=CHECKS)
    assert response.status_code == 404


def test_searching_booking_and_a_clash_answer_as_documented(client, api_schema, bookable, patient_headers):
    """The answers random data rarely reaches: results, a booking made (201) and the same slot again (409)."""
    search = operation(api_schema, "/api/v1/practitioners").Case(query={"near": "Manchester", "radius": 25})
    assert search.call_and_validate(base_url=BASE_URL, session=client, checks=CHECKS).json()["total"] == 1
    body = {"practitioner_id": bookable.id, "treatment": "microneedling", "clinic": bookable.clinics[0].id,
            "starts_at": "2026-03-03T09:00:00+00:00", "patient_name": "Pat Patient"}
    booking = operation(api_schema, "/api/v1/bookings", "POST").Case(body=body, media_type="application/json")
    answers = [booking.call_and_validate(base_url=BASE_URL, session=client, headers=patient_headers, checks=CHECKS)
               for _ in range(2)]
    assert [answer.status_code for answer in answers] == [201, 409]


def test_booking_without_login_or_token_answers_as_documented(client, api_schema, bookable):
    """No CSRF token: 400; a token but nobody logged in: 401; both as problem documents the document describes."""
    booking = operation(api_schema, "/api/v1/bookings", "POST").Case(
        body={"practitioner_id": bookable.id, "treatment": "microneedling", "clinic": bookable.clinics[0].id,
              "starts_at": "2026-03-03T09:00:00+00:00"}, media_type="application/json")
    assert booking.call_and_validate(base_url=BASE_URL, session=client, checks=CHECKS).status_code == 400
    token = {"X-CSRFToken": csrf_token(text_of(client.get("/login"))),
             "User-Agent": client.environ_base["HTTP_USER_AGENT"]}
    assert booking.call_and_validate(base_url=BASE_URL, session=client, headers=token, checks=CHECKS).status_code == 401
