"""Sending one request as the role the access table lets through, and judging the answer: the fuzz tests' oracle.

Never a 5xx; a refusal says why (a message beside a field or above the form, a flash after a
redirect, an error page with its reason, or a problem document with a detail) and stores nothing;
what an accepted request stores fits its columns (SQLite would keep a string PostgreSQL refuses).
"""
import re

from hypothesis import event
from hypothesis.control import _current_build_context
from sqlalchemy import String, func, select

from core.extensions import db
from tests.access_table import PAYLOADS, QUERIES, TABLE, Json, Writes
from tests.security.fuzz.surface import discover

# POSTs that answer 200 with a result rather than a form: they store nothing either way.
SHOWS_A_RESULT = {"practice.check_wording", "api.check"}
FORM_ERROR = re.compile(r'<p class="error" id="[\w-]+-error">|class="error-summary"|class="flash flash-error"')
ERROR_PAGE = re.compile(r"<h1>[^<]+</h1>\s*<p>[^<]+</p>")
SURFACES: dict = {}  # (endpoint, method) -> (keys read, form fields), discovered once per session


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
        assert response.mimetype == "application/problem+json" or not endpoint.startswith("api."), where
        if response.mimetype == "application/problem+json":
            assert response.get_json()["detail"], where
        else:
            assert ERROR_PAGE.search(body), f"{where}: a refusal with no message\n{body[-2000:]}"
        note(f"{response.status_code}")
    elif response.status_code == 200 and method == "POST" and not changed and endpoint not in SHOWS_A_RESULT:
        assert FORM_ERROR.search(body), f"{where}: the form came back with no message beside a field\n{body[-3000:]}"
        note("form refused")
    elif method == "GET":  # a page whose every read is audited (health answers) adds its audit row, nothing else
        audited = isinstance(TABLE[endpoint]["GET"][role_for(endpoint, "GET")], Writes)
        assert not changed or (audited and changed == ["audit_events"]), f"{where}: a GET changed {changed}"
    elif response.status_code == 302 and not changed and writes(endpoint):  # refused: the next page says why
        page = client.get(response.location).get_data(as_text=True)
        assert 'class="flash flash-' in page, f"{where}: redirected to {response.location} with no message"
    assert not too_long(changed), f"{where}: stored text longer than its column: {too_long(changed)}"
    note("accepted" if changed else f"{response.status_code} no change")
    world.ensure_world()


def too_long(tables: list[str]) -> list[str]:
    """Stored values longer than their String(n) column (SQLite keeps them; PostgreSQL refuses them with a 500).

    Read on a connection of its own, closed at once: a read left open in db.session held a lock that the
    restore's TRUNCATE then waited for, for ever, on PostgreSQL."""
    found = []
    with db.engine.connect() as connection:
        for table in (db.metadata.tables[name] for name in tables):
            for column in [c for c in table.columns if isinstance(c.type, String) and c.type.length]:
                longest = connection.scalar(select(func.max(func.length(column))))
                if longest and longest > column.type.length:
                    found.append(f"{table.name}.{column.name} ({longest} > {column.type.length})")
    return found
