"""Nonsense in every form field and every query parameter of every page, found from the app, not from a list.

The routes are the app's url_map (the access table names how to reach each: who may, and which of the
world's objects the URL names). The fields and parameters are what each view reads, recorded from one
request (surface.py). Each field is sent over-long text, NUL, huge numbers, impossible dates and
times and the hour London's clocks skip; whatever arrives, the answer is never a 5xx, a refusal says
why (a message on the form, a flash, an error page or a problem document), and a refusal stores nothing.
"""
import re

import pytest
from hypothesis import event, given
from hypothesis.control import _current_build_context
from hypothesis import strategies as st

from app import create_app
from core.extensions import db
from tests.access_table import PAYLOADS, QUERIES, TABLE, Json, Writes
from tests.booking.helpers import NOW
from tests.conftest import IsolatedClient, _empty_tables, _test_config
from tests.helpers import text_of
from tests.security.fuzz import fuzz
from tests.security.fuzz.forms import dst_gap, nonsense
from tests.security.fuzz.surface import discover, parameters_in_source
from tests.test_access_matrix import Matrix

HTML_POSTS = sorted(e for e, methods in TABLE.items() if "POST" in methods and not e.startswith("api."))
HTML_GETS = sorted(e for e, methods in TABLE.items() if "GET" in methods and not e.startswith("api."))
# POSTs that answer 200 with a result rather than a form: they store nothing either way.
SHOWS_A_RESULT = {"practice.check_wording"}
FORM_ERROR = re.compile(r'<p class="error" id="[\w-]+-error">|class="error-summary"|class="flash flash-error"')
# What each field is sent first (then Hypothesis mixes more): text one character past its limit.
FIRST = {"number": "1e309", "date": "2026-02-30", "time": "25:61", "choice": "not-a-choice", "boolean": "maybe"}
SURFACES: dict = {}  # (endpoint, method) -> (keys read, form fields), discovered once per module


@pytest.fixture(scope="module")
def matrix(_schema, database_url, smtp_server, gazetteer_path, tmp_path_factory):
    """The access matrix's world (every object a URL can name) on one app: clock pinned, rate limits off."""
    config = _test_config(database_url, smtp_server, tmp_path_factory.mktemp("uploads"), gazetteer_path)
    app = create_app({**config, "CLOCK_NOW": NOW, "RATELIMIT_ENABLED": False})
    app.test_client_class = IsolatedClient
    yield Matrix(app)
    with app.app_context():
        _empty_tables()


@pytest.fixture
def world(matrix):
    """The world built (or put back as built), inside an app context."""
    with matrix.app.app_context():
        matrix.ensure_world()
        yield matrix
        db.session.remove()


def role_for(endpoint: str, method: str) -> str:
    """A role the access table lets through (one whose valid request stores something, if any), so what
    answers is the input's doing, not the role's."""
    cells, roles = TABLE[endpoint][method], ("owner", "patient", "admin", "anonymous", "other_practitioner")
    return next((role for role in roles if isinstance(cells[role], Writes)), None) or next(
        role for role in roles if cells[role] in (200, 302))


def send(world, endpoint: str, method: str, data: dict, query: dict | None = None):
    """One request as the endpoint's role, with the role's CSRF token; returns the client and the response.

    The page's own query (the access table's) is sent as the base; spoiled keys that are query
    parameters of a POST (booking.confirm reads ?start=) are sent in the query string."""
    role = role_for(endpoint, method)
    client, (_, token) = world.client(role), world.sessions[role]
    base = QUERIES[endpoint](world.ids) if endpoint in QUERIES else {}
    query = {**base, **(query or {}), **{k: v for k, v in data.items() if k in base}}
    url = world.url(endpoint).split("?")[0]
    world.dirty = True
    if method == "GET":
        return client, client.get(url, query_string=query)
    form = {k: v for k, v in data.items() if k not in base}
    return client, client.post(url, query_string=query, data={**form, "csrf_token": token})


def writes(endpoint: str) -> bool:
    """Whether the access table's valid POST stores something (a form), or never does (log out, a profile that exists)."""
    return isinstance(TABLE[endpoint]["POST"][role_for(endpoint, "POST")], Writes)


def payload(world, endpoint: str) -> dict:
    """The access table's valid payload for a POST (a fresh one: file uploads are read once)."""
    body = PAYLOADS[endpoint](world.ids) if endpoint in PAYLOADS else {}
    return {} if isinstance(body, Json) else body


def surface(world, endpoint: str, method: str) -> tuple[set, dict]:
    """The keys and form fields the endpoint reads, recorded from one request with the valid payload."""
    if (endpoint, method) not in SURFACES:
        read, fields, _ = discover(world.app, lambda: send(world, endpoint, method, payload(world, endpoint))[1])
        world.changed_tables()
        world.ensure_world()
        buttons = {name for name, spec in fields.items() if spec[0] in ("file", "submit")}
        fields = {name: spec for name, spec in fields.items() if name not in buttons}
        SURFACES[endpoint, method] = (read - buttons - {"csrf_token"}, fields)
    return SURFACES[endpoint, method]


def note(label: str) -> None:
    """Count an outcome in Hypothesis' statistics (the per-field sweep runs outside Hypothesis: nothing to count)."""
    if _current_build_context.value is not None:
        event(label)


def judge(world, endpoint: str, method: str, answer, sent: dict) -> None:
    """Never a 5xx; a refusal says why and stores nothing; a change is only ever made by an answer that accepts."""
    client, response = answer
    where = f"{method} {endpoint} with {sent!r:.400}"
    body = response.get_data().decode(errors="replace")
    assert response.status_code < 500, f"{where}: {response.status_code}\n{body[-2000:]}"
    changed = world.changed_tables()
    if response.status_code >= 400:
        assert not changed, f"{where}: refused with {response.status_code} but changed {changed}"
        if response.mimetype == "application/problem+json":
            assert response.get_json()["detail"], where
        else:
            assert re.search(r"<h1>[^<]+</h1>\s*<p>[^<]+</p>", body), f"{where}: a refusal with no message\n{body}"
        note(f"{response.status_code}")
    elif response.status_code == 200 and method == "POST" and not changed and endpoint not in SHOWS_A_RESULT:
        assert FORM_ERROR.search(body), f"{where}: the form came back with no message beside a field\n{body[-3000:]}"
        note("form refused")
    elif method == "GET":
        assert not changed, f"{where}: a GET changed {changed}"
    elif response.status_code == 302 and not changed and writes(endpoint):  # refused: the next page says why
        page = client.get(response.location).get_data(as_text=True)
        assert 'class="flash flash-' in page, f"{where}: redirected to {response.location} with no message"
    note("accepted" if changed else f"{response.status_code} no change")
    world.ensure_world()


def spoilings(fields: dict, names: list) -> st.SearchStrategy:
    """Up to three fields given nonsense of their kind, or every date and time in London's missing hour."""
    one = st.sampled_from(names).flatmap(lambda name: st.tuples(st.just(name), nonsense(*fields.get(
        name, ("text", 255, [])))))
    spoiled = st.lists(one, min_size=1, max_size=3).map(dict)
    gap = dst_gap(fields)
    return st.one_of(spoiled, st.just(gap)) if gap else spoiled


@pytest.mark.parametrize("endpoint", HTML_POSTS)
def test_every_form_field_refuses_nonsense_clearly(world, endpoint):
    """Each field of each form, spoiled alone and with others: a message and nothing stored, or accepted; no 5xx."""
    read, fields = surface(world, endpoint, "POST")
    names = sorted(set(fields) | read)
    if not names:  # a form that is only a button: its token is what it reads
        judge(world, endpoint, "POST", send(world, endpoint, "POST", {}), {})
        return
    for name in names:  # every field at least once, with the first nonsense of its kind
        kind, longest, choices = fields.get(name, ("text", 255, []))
        data = {**payload(world, endpoint), name: FIRST.get(kind, "x" * (longest + 1))}
        judge(world, endpoint, "POST", send(world, endpoint, "POST", data), data)

    @fuzz(8)
    @given(spoiled=spoilings(fields, names))
    def spoiled_form(spoiled):
        data = {**payload(world, endpoint), **spoiled}
        judge(world, endpoint, "POST", send(world, endpoint, "POST", data), data)

    spoiled_form()


@pytest.mark.parametrize("endpoint", HTML_GETS)
def test_every_query_parameter_refuses_nonsense_clearly(world, endpoint):
    """Each parameter a page reads, given nonsense: the page, a message or an error page; never a 5xx or a write."""
    read, fields = surface(world, endpoint, "GET")
    names = sorted(read | {"page"})

    @fuzz(6)
    @given(spoiled=spoilings(fields, names))
    def spoiled_query(spoiled):
        judge(world, endpoint, "GET", send(world, endpoint, "GET", {}, query=spoiled), spoiled)

    spoiled_query()


def test_every_parameter_the_code_names_is_fuzzed(world):
    """A request.args.get("x") anywhere in the code is a parameter some page was seen to read (so fuzzed above)."""
    seen = set()
    for endpoint in HTML_GETS:
        read, fields = surface(world, endpoint, "GET")
        seen |= read | set(fields)
    for endpoint in [e for e, methods in TABLE.items() if "GET" in methods and e.startswith("api.")]:
        read, _ = surface(world, endpoint, "GET")
        seen |= read
    missing = {path: names - seen for path, names in parameters_in_source().items() if names - seen}
    assert not missing, f"Query parameters no fuzzed request reaches: {missing}"


def test_every_post_route_is_fuzzed(world):
    """Every route that takes a POST is in one of the fuzz tests: forms here, JSON in test_openapi.py."""
    posts = {rule.endpoint for rule in world.app.url_map.iter_rules() if "POST" in rule.methods}
    assert posts - set(HTML_POSTS) == {e for e in posts if e.startswith("api.")}
