"""Nonsense in every form field and every query parameter of every page, found from the app, not from a list.

The routes are the app's url_map (the access table names how to reach each: who may, and which of the
world's objects the URL names). The fields and parameters are what each view reads, recorded from one
request (surface.py). Each field is sent over-long text, NUL, huge numbers, impossible dates and
times and the hour London's clocks skip; whatever arrives, the answer is never a 5xx, a refusal says
why (a message on the form, a flash, an error page or a problem document), and a refusal stores nothing.
"""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.access_table import TABLE
from tests.security.fuzz import fuzz
from tests.security.fuzz.forms import SWEPT, dst_gap, nonsense
from tests.security.fuzz.probe import judge, payload, send, surface
from tests.security.fuzz.surface import parameters_in_source

HTML_POSTS = sorted(e for e, methods in TABLE.items() if "POST" in methods and not e.startswith("api."))
HTML_GETS = sorted(e for e, methods in TABLE.items() if "GET" in methods and not e.startswith("api."))
# What each field is sent first (then Hypothesis mixes more): text one character past its limit.
FIRST = {"number": "1e309", "date": "2026-02-30", "time": "25:61", "choice": "not-a-choice", "boolean": "maybe"}


def sweep(fields: dict, names: list) -> list[tuple[str, str]]:
    """Each field once with the first nonsense of its kind (text one past its limit); each date, time and number
    field with every value of its family (the same field of each weekday's sub-form only once: day0-opens)."""
    sent, seen = [], set()
    for name in names:
        kind, longest, _ = fields.get(name, ("any", 255, []))
        shape = (kind, name.split("-")[-1])
        values = SWEPT[kind] if kind in SWEPT and shape not in seen else [FIRST.get(kind, "x" * (longest + 1))]
        seen.add(shape)
        sent += [(name, value) for value in values]
    return sent


def spoilings(fields: dict, names: list) -> st.SearchStrategy:
    """Up to three fields given nonsense of their kind, or every date and time in London's missing hour."""
    one = st.sampled_from(names).flatmap(lambda name: st.tuples(st.just(name), nonsense(*fields.get(
        name, ("any", 255, [])))))
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
    for name, value in sweep(fields, names):
        data = {**payload(world, endpoint), name: value}
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
    for name, value in sweep(fields, names):
        judge(world, endpoint, "GET", send(world, endpoint, "GET", {}, query={name: value}), {name: value})

    @fuzz(6)
    @given(spoiled=spoilings(fields, names))
    def spoiled_query(spoiled):
        judge(world, endpoint, "GET", send(world, endpoint, "GET", {}, query=spoiled), spoiled)

    spoiled_query()


STATIC_VERSION = ("", "x" * 5000, "\x00", "../../etc/passwd", "1e309", "%ZZ", "\u202e")


@pytest.mark.parametrize("version", STATIC_VERSION)
def test_a_static_files_version_parameter_takes_nonsense(client, version):
    """core/assets.py reads ?v= on static files: a wrong version still serves the file, only not cached for a year
    (a control character is refused site-wide first, with the bad-request page)."""
    response = client.get("/static/css/site.css", query_string={"v": version})
    if version == "\x00":
        assert response.status_code == 400 and b"Bad request" in response.data
        return
    assert response.status_code == 200 and b"body" in response.data
    assert response.cache_control.no_cache and not response.cache_control.immutable


def test_every_parameter_the_code_names_is_fuzzed(world):
    """A request.args.get("x") anywhere in the code is a parameter some page was seen to read (so fuzzed above)."""
    seen = set()
    for endpoint in HTML_GETS:
        read, fields = surface(world, endpoint, "GET")
        seen |= read | set(fields)
    for endpoint in [e for e, methods in TABLE.items() if "GET" in methods and e.startswith("api.")]:
        read, _ = surface(world, endpoint, "GET")
        seen |= read
    seen.add("v")  # the static files' version: test_a_static_files_version_parameter_takes_nonsense
    missing = {path: names - seen for path, names in parameters_in_source().items() if names - seen}
    assert not missing, f"Query parameters no fuzzed request reaches: {missing}"


def test_every_post_route_is_fuzzed(world):
    """Every route that takes a POST is in one of the fuzz tests: forms here, JSON in test_openapi.py."""
    posts = {rule.endpoint for rule in world.app.url_map.iter_rules() if "POST" in rule.methods}
    assert posts - set(HTML_POSTS) == {e for e in posts if e.startswith("api.")}


def test_an_audit_filter_past_the_databases_integers_is_refused_on_the_form(world):
    """Found by the long profile: subject_id=10**30 reached SQLite as a parameter too large for it (a 500)."""
    client, response = send(world, "admin.audit", "GET", {}, query={"subject_id": str(10**30)})
    assert response.status_code == 200 and 'id="subject_id-error">' in response.get_data(as_text=True)


@pytest.mark.parametrize("typed, field, message", [
    ({"starts_on": "2026-03-29", "starts_time": "01:30", "ends_on": "2026-03-29", "ends_time": "03:00",
      "time_zone": "Europe/London"},
     "starts_time", "01:30 does not exist on 29 March 2026 in Europe/London"),  # was stored as 02:30 BST
    ({"starts_on": "2026-03-20", "ends_on": "9999-12-31"}, "ends_on", "Choose a date within a few years"),  # a 500
])
def test_time_off_no_clock_can_show_is_refused_beside_its_field(world, typed, field, message):
    """Found by the sweep: time off in the hour London's clocks skip, or ending on the calendar's last day."""
    data = {**payload(world, "booking_practice.add_time_off"), **typed}
    client, response = send(world, "booking_practice.add_time_off", "POST", data)
    assert response.status_code == 200, (response.headers.get("Location"), world.changed_tables())
    assert not world.changed_tables()
    assert re.search(rf'id="{field}-error">{re.escape(message)}', response.get_data(as_text=True))
