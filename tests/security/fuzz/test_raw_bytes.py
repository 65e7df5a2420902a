"""Bytes no browser sends, on every route: invalid UTF-8 and encoded surrogates in the path, the query string
and the form body, lone surrogates and numbers past float in JSON, and bodies that are not JSON at all.

The test client would refuse to encode such text, so the bytes are written by hand. Whatever arrives,
the answer is never a 5xx, a refusal says why (problem+json on the API) and a refusal stores nothing.
"""
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.access_table import PAYLOADS, TABLE, Json
from tests.security.fuzz import fuzz
from tests.security.fuzz.probe import judge, role_for

ROUTES = sorted((endpoint, method) for endpoint, methods in TABLE.items() for method in methods)
# %ff is never UTF-8; %ed%a0%80 is U+D800 encoded (a lone surrogate); %c0%af an overlong "/"; \xff a raw byte.
BAD_QUERIES = [b"q=%ff%fe&near=%ed%a0%80&start=%c0%af&page=%ff&from=%ed%b2%80&day=%ff",
               b"\xff\xfe=\xed\xa0\x80&treatment=\xc0\xaf&clinic=\xff", b"view=%ff&lat=%ed%a0%80&lon=\xff&radius=1e309"]
BAD_FORMS = [b"reason=%ff%fe%ed%a0%80&name=%c0%af&email=%ff%40x&password=%ed%b2%80&text=\xff",
             b"\xff\xfe\xfd=\xed\xa0\x80"]
BAD_JSON = [b"\xff\xfe{", b"[1, 2", b'{"text": NaN}', b'{"practitioner_id": 1e309, "starts_at": 1e999}', b"null",
            b'"\\ud800"', b"{" * 5000]


def token_of(world, endpoint: str, method: str) -> tuple:
    """A client logged in as the route's role, and its CSRF token."""
    role = role_for(endpoint, method)
    return world.client(role), world.sessions[role][1]


def send_raw(world, endpoint, method, query=b"", body=None, content_type=None, url=None):
    """One hand-written request; returns the client and the response, as probe.send does."""
    client, token = token_of(world, endpoint, method)
    url = url or world.url(endpoint).split("?")[0]
    world.dirty = True
    raw = {"QUERY_STRING": query.decode("latin-1")}  # WSGI carries bytes as latin-1 text: these reach the app as is
    if method == "GET":
        return client, client.get(url, environ_overrides=raw)
    if content_type == "application/x-www-form-urlencoded":
        body = body + b"&csrf_token=" + token.encode()
    return client, client.post(url, environ_overrides=raw, data=body, content_type=content_type,
                               headers={"X-CSRFToken": token})


def with_a_surrogate(body: dict) -> list[bytes]:
    """The valid JSON body once per text member, that member a lone surrogate (valid JSON "\\ud800"; no database
    stores it), and once with every text member a lone surrogate."""
    texts = [key for key, value in body.items() if isinstance(value, str)]
    bodies = [{**body, key: "\ud800" + body[key]} for key in texts] + [{**body, **dict.fromkeys(texts, "\udfff")}]
    return [json.dumps(spoiled).encode() for spoiled in bodies]


@pytest.mark.parametrize("endpoint, method", ROUTES, ids=[f"{e}-{m}" for e, m in ROUTES])
def test_invalid_utf8_anywhere_is_refused_clearly(world, endpoint, method):
    """Every route: bad bytes in the query string (and the form body, or JSON body, of a POST)."""
    for query in BAD_QUERIES:
        judge(world, endpoint, method, send_raw(world, endpoint, method, query=query), {"query": query})
    if method == "GET":
        return
    if endpoint.startswith("api."):
        good = PAYLOADS[endpoint](world.ids).body if endpoint in PAYLOADS else {}
        for body in [*BAD_JSON, *with_a_surrogate(good)]:
            judge(world, endpoint, method, send_raw(world, endpoint, method, body=body,
                                                    content_type="application/json"), {"json": body[:200]})
        return
    for body in BAD_FORMS:
        judge(world, endpoint, method, send_raw(world, endpoint, method, body=body,
                                                content_type="application/x-www-form-urlencoded"), {"form": body})


@pytest.mark.parametrize("path", ["/practitioners/%ff%ed%a0%80", "/practitioners/%ff%ed%a0%80/book",
                                  "/practitioners/%c0%af/book/confirm", "/bookings/link/%ff%fe",
                                  "/calendar/%ed%a0%80.ics", "/practice/photos/%ff.jpg", "/reset-password/%ff",
                                  "/verify/%ed%a0%80", "/%ff%fe", "/api/v1/%ff", "/static/%ed%a0%80"])
def test_invalid_utf8_in_the_path_is_refused_clearly(world, path):
    """Bad bytes in the path segments that are text (slugs, tokens, file names): a 404 page, never a 5xx."""
    client = world.client("owner")
    response = client.get("/", environ_overrides={"PATH_INFO": path.encode().decode("latin-1")})
    assert response.status_code in (400, 404), (path, response.status_code)
    assert not world.changed_tables()


@pytest.mark.parametrize("endpoint", [e for e, methods in TABLE.items() if e.startswith("api.") and "POST" in methods])
@fuzz(10)
@given(body=st.one_of(st.binary(max_size=300), st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12).map(lambda value: json.dumps(value).encode())))
def test_any_json_body_is_answered_with_a_problem_or_accepted(world, endpoint, body):
    """Arbitrary bytes and JSON values as the body of each JSON POST: never a 5xx, refusals as problem+json."""
    judge(world, endpoint, "POST", send_raw(world, endpoint, "POST", body=body, content_type="application/json"),
          {"json": body[:200]})
