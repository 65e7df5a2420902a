"""Object access by ownership: a practitioner or patient naming another's object by id gets a 404, changing nothing.

The routes come from the app's url_map, checked against tests/security/ownership.py so a new route naming
an object cannot slip past; each is tried with every object of the other account that its URL can name,
in both directions, by GET and by the real POST form (the access table's valid payload, with CSRF), so a
refusal can only be ownership's. After each request every table, the outbox included, must be as it was.
"""
import re

import pytest

from core.extensions import MAX_ID, db
from credentials.models import Credential
from tests.access_table import TABLE
from tests.helpers import text_of
from tests.security.ownership import (KINDS, LINK, NOT_PRIVATE, OWNED_BY, PAIRS, PATIENT, PATIENT_KINDS,
                                      matrix, name_of, objects_of, with_id, world)  # noqa: F401 (fixtures)
from tests.test_access_matrix import describe

CSRF_VALUE = re.compile(r'(name="csrf[-_]token"[^>]*?(?:value|content)=")[^"]+')
CASES = [pytest.param(endpoint, method, actor, owner, id=f"{endpoint}-{method}-{actor}-on-{owner}s")
         for endpoint, side in sorted(OWNED_BY.items()) if side != LINK
         for method in TABLE[endpoint] for actor, owner in PAIRS[side]]
CONTROLS = [pytest.param(endpoint, actor, id=f"{endpoint}-{actor}")
            for endpoint, side in sorted(OWNED_BY.items()) if side != LINK and "GET" in TABLE[endpoint]
            for actor, _ in PAIRS[side]]


def test_every_route_naming_an_object_is_in_the_ownership_table(matrix):
    named = {rule.endpoint: set(rule.arguments) for rule in matrix.app.url_map.iter_rules() if rule.arguments}
    missing = sorted(set(named) - set(OWNED_BY) - set(NOT_PRIVATE))
    assert not missing, (f"Routes naming something with no owner: {', '.join(missing)}. Add each to OWNED_BY or "
                         "NOT_PRIVATE in tests/security/ownership.py.")
    stale = sorted((set(OWNED_BY) | set(NOT_PRIVATE)) - set(named))
    assert not stale, f"The ownership table lists routes the app no longer has (or that name nothing): {stale}"
    for endpoint, side in OWNED_BY.items():
        kinds = {LINK: {"token"}, PATIENT: set(PATIENT_KINDS)}.get(side, set(KINDS))
        assert named[endpoint] <= kinds, f"{endpoint} names {named[endpoint] - kinds}: say in KINDS whose it is"


def test_every_api_path_with_a_parameter_is_in_the_ownership_table(matrix):
    client = matrix.app.test_client()
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    adapter = matrix.app.url_map.bind(matrix.app.config["SERVER_NAME"])
    for path, operations in paths.items():
        if "{" not in path:
            continue
        for method in operations:
            endpoint, _ = adapter.match(re.sub(r"\{\w+\}", "1", path), method=method.upper())
            assert endpoint in OWNED_BY or endpoint in NOT_PRIVATE, f"{method.upper()} {path} ({endpoint})"


def seen(response, object_id: int) -> tuple[int, str]:
    """Status and body with the CSRF tokens (new each second) and a problem's echo of the id blanked, to compare."""
    body = CSRF_VALUE.sub(r"\1", text_of(response))
    # Only the whole number: an id of 4 must not blank the 4s of "status": 404.
    return response.status_code, re.sub(rf"\b{object_id}\b", "{id}", body) if response.is_json else body


@pytest.mark.parametrize("endpoint, method, actor, owner", CASES)
def test_another_accounts_object_answers_404_and_changes_nothing(world, endpoint, method, actor, owner):
    """Another account's object answers exactly as an id no row has: the answer does not even say it exists."""
    [argument] = world.rules[endpoint].arguments
    theirs = objects_of(owner, OWNED_BY[endpoint], argument)
    assert theirs, f"The world gives {owner} no {argument}: nothing to try"
    # An id no row has (the largest one the database can hold, so it appears nowhere else on the page).
    missing = seen(world.send(actor, endpoint, method, ids=with_id(world, endpoint, argument, MAX_ID)), MAX_ID)
    for object_id in theirs:
        ids = with_id(world, endpoint, argument, object_id)
        response = world.send(actor, endpoint, method, ids=ids)
        changed = world.changed_tables()
        where = f"{method} {world.url(endpoint, ids)} as {actor}"
        assert response.status_code == 404, f"{where} naming {owner}'s {argument}: {describe(response)}"
        assert not changed, f"{where} answered 404 but changed {changed} (outbox_messages: an email queued)"
        assert name_of(owner) not in text_of(response), f"{where}: the refusal shows {owner}'s name"
        assert seen(response, object_id) == missing, f"{where}: answered unlike an id that does not exist"


# Pages whose every read is on the audit trail (health answers): a GET by the owner adds an audit row.
READS_AUDITED = {"intake.booking_answers", "intake_practice.answers"}


@pytest.mark.parametrize("endpoint, actor", CONTROLS)
def test_the_same_urls_find_the_accounts_own_objects(world, endpoint, actor):
    """The 404s above are ownership's: with the account's own ids, the same GETs find every object."""
    [argument] = world.rules[endpoint].arguments
    own = objects_of(actor, OWNED_BY[endpoint], argument)
    if endpoint == "practice.credential_document":  # only those with evidence on file have something to download
        own = [i for i in own if db.session.get(Credential, i).document_name]
    assert own, f"The world gives {actor} no {argument}"
    for object_id in own:
        response = world.send(actor, endpoint, "GET", ids=with_id(world, endpoint, argument, object_id))
        assert response.status_code not in (403, 404) and response.status_code < 500, (
            f"GET {endpoint} of {actor}'s own {argument} {object_id}: {describe(response)}")
    changed = world.changed_tables()
    assert not changed or (endpoint in READS_AUDITED and changed == ["audit_events"]), changed
