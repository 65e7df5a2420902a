"""Every route for every role, against tests/access_table.py: what each gets, and that refusals change nothing.

The world (an owning practitioner and another one, each with everything a URL can name; two patients
with bookings; an admin) is built once per module; after a request that changed what is stored, the
rows are put back as they were. Each role logs in once and its session cookie is reused, so a cell
is one request plus one read of every table.
"""
import json
from datetime import datetime, timedelta, timezone

import pytest
from flask import current_app, url_for
from itsdangerous import URLSafeSerializer
from itsdangerous.encoding import base64_decode, base64_encode
from sqlalchemy import Integer, select, text

from app import create_app
from booking.links import SALTS
from core.extensions import db
from tests.access_table import (CSRF_EXEMPT, EMAILS, LOGIN, PAYLOADS, QUERIES, ROLES, TABLE, URL_VALUES, Json,
                                Writes, build_world)
from tests.booking.helpers import NOW, words
from tests.conftest import IsolatedClient, _empty_tables, _test_config
from tests.helpers import csrf_token, login, text_of

CELLS = [pytest.param(endpoint, method, role, id=f"{endpoint}-{method}-{role}")
         for endpoint, methods in sorted(TABLE.items()) for method in methods for role in ROLES]


def stored_rows(raw: bool = False) -> dict:
    """Every row of every table in key order; raw driver values are quicker when only comparing."""
    with db.engine.connect() as connection:
        return {table.name: table_rows(connection, table, raw) for table in db.metadata.sorted_tables}


def table_rows(connection, table, raw: bool) -> list:
    """One table's rows in key order."""
    if raw:
        order = ", ".join(f'"{column.name}"' for column in table.primary_key.columns)
        return connection.exec_driver_sql(f'SELECT * FROM "{table.name}" ORDER BY {order}').all()
    return connection.execute(select(table).order_by(*table.primary_key.columns)).all()


def restore(rows: dict) -> None:
    """Put back exactly the rows of the world as built, ids included."""
    _empty_tables()
    with db.engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if rows[table.name]:
                connection.execute(table.insert(), [row._asdict() for row in rows[table.name]])
        if connection.dialect.name == "postgresql":
            move_sequences_past_their_ids(connection)


def move_sequences_past_their_ids(connection) -> None:
    """Rows inserted with their ids leave PostgreSQL's sequences behind: set each past its table's largest id."""
    for table in db.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": key[0].name})
        if sequence:
            connection.execute(text(f'SELECT setval(:s, COALESCE((SELECT MAX("{key[0].name}") FROM "{table.name}"), 0)'
                                    " + 1, false)"), {"s": sequence})


class Matrix:
    """The module's app, the world stored in it, and one logged-in session cookie and CSRF token per role."""

    def __init__(self, app):
        self.app, self.ids, self.sessions, self.dirty = app, None, {}, False
        self.baseline, self.baseline_raw = {}, {}
        self.rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}

    def ensure_world(self) -> None:
        """Build the world and log every role in once; after a change, restore the rows as they were then.

        A test with the plain `client` fixture in the same module empties the same database without telling
        the matrix (under xdist's order it came between two world tests, and every session was gone), so the
        rows are compared as well as the flag trusted."""
        if self.ids is None:
            _empty_tables()
            self.ids = build_world()
            self.sessions = {role: self._log_in(role) for role in ROLES}
            self.baseline, self.baseline_raw = stored_rows(), stored_rows(raw=True)
        elif self.dirty or self.changed_tables():
            restore(self.baseline)
        self.dirty = False

    def _log_in(self, role: str) -> tuple[str | None, str]:
        """Log the role in once; keep its session cookie and a CSRF token valid for that session."""
        client = self.app.test_client()
        if role != "anonymous":
            assert login(client, EMAILS[role]).status_code == 302, f"{role} could not log in"
        page = client.get("/login" if role == "anonymous" else "/")
        cookie = client.get_cookie("session", domain=self.app.config["SERVER_NAME"])
        return (cookie.value if cookie else None), csrf_token(text_of(page))

    def client(self, role: str):
        """A new client carrying the role's session."""
        client = self.app.test_client()
        cookie, _ = self.sessions[role]
        if cookie:
            client.set_cookie("session", cookie, domain=self.app.config["SERVER_NAME"])
        return client

    def url(self, endpoint: str, ids: dict | None = None) -> str:
        """The endpoint's URL naming the owner's objects, with the query the table gives."""
        ids = ids or self.ids
        names = URL_VALUES.get(endpoint, {})
        values = {arg: ids[names.get(arg, arg)] for arg in self.rules[endpoint].arguments}
        query = QUERIES[endpoint](ids) if endpoint in QUERIES else {}
        with self.app.test_request_context():
            return url_for(endpoint, **values, **query)

    def send(self, role: str, endpoint: str, method: str, with_csrf: bool = True, ids: dict | None = None):
        """Make the cell's request as the role."""
        client, (_, token) = self.client(role), self.sessions[role]
        url = self.url(endpoint, ids)
        self.dirty = True  # until changed_tables() has looked
        # Time passes between requests, so a write that only stamps "now" (a login) still changes its row.
        self.app.config["CLOCK_NOW"] += timedelta(seconds=1)
        if method == "GET":
            return client.get(url)
        body = PAYLOADS[endpoint](self.ids) if endpoint in PAYLOADS else {}
        if isinstance(body, Json):
            return client.post(url, json=body.body, headers={"X-CSRFToken": token} if with_csrf else {})
        return client.open(url, method=method, data={**body, **({"csrf_token": token} if with_csrf else {})})

    def changed_tables(self) -> list[str]:
        """Tables whose rows differ from the world as built; any change means the next test restores them."""
        now = stored_rows(raw=True)
        changed = [name for name, rows in now.items() if rows != self.baseline_raw[name]]
        self.dirty = bool(changed)
        return changed


@pytest.fixture(scope="module")
def matrix(_schema, database_url, smtp_server, gazetteer_path, tmp_path_factory):
    """One app for the module, with the booking clock pinned and rate limits off: they are not this table's
    subject, and hundreds of form posts from one address would trip them."""
    config = _test_config(database_url, smtp_server, tmp_path_factory.mktemp("uploads"), gazetteer_path)
    app = create_app({**config, "CLOCK_NOW": NOW, "RATELIMIT_ENABLED": False})
    app.test_client_class = IsolatedClient
    yield Matrix(app)
    with app.app_context():
        _empty_tables()


@pytest.fixture
def world(matrix):
    """The matrix with its world built, inside an app context for the test's own reads."""
    with matrix.app.app_context():
        matrix.ensure_world()
        yield matrix
        db.session.remove()


def describe(response) -> str:
    """Status and where a redirect goes, for failure messages."""
    return f"{response.status_code}" + (f" to {response.location}" if response.location else "")


def test_every_route_is_in_the_access_table(matrix):
    registered = {(rule.endpoint, method) for rule in matrix.app.url_map.iter_rules() if rule.endpoint != "static"
                  for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(endpoint, method) for endpoint, methods in TABLE.items() for method in methods}
    missing = sorted(f"{endpoint} {method}" for endpoint, method in registered - listed)
    stale = sorted(f"{endpoint} {method}" for endpoint, method in listed - registered)
    assert not missing, f"Routes with no expectations: {', '.join(missing)}. Add them to the access table."
    assert not stale, f"The access table lists routes the app no longer has: {', '.join(stale)}."


@pytest.mark.parametrize("endpoint, method, role", CELLS)
def test_access(world, endpoint, method, role):
    expected = TABLE[endpoint][method][role]
    response = world.send(role, endpoint, method)
    changed = world.changed_tables()
    where = f"{method} {world.url(endpoint)} as {role}"
    got = f"{describe(response)}" + (f" and changed the tables {changed}" if changed else "")
    sent_to_log_in = response.status_code == 302 and response.location.startswith("/login?next=")
    if expected == LOGIN:
        assert sent_to_log_in, f"{where}: expected a redirect to log in, got {got}"
    else:
        status = expected.status if isinstance(expected, Writes) else expected
        assert response.status_code == status and not sent_to_log_in, f"{where}: expected {status}, got {got}"
    if isinstance(expected, Writes):
        assert changed, f"{where} was allowed but stored nothing: the table's payload is not a valid request"
    else:
        assert not changed, f"{where} answered {describe(response)} but changed the tables {changed}"


def acting_role(endpoint: str) -> str:
    """A role the table lets make the POST, so a refusal without a token can only be the token's doing."""
    cells = TABLE[endpoint]["POST"]
    return next(role for role in ("owner", "patient", "admin", "anonymous")
                if cells[role] != LOGIN and getattr(cells[role], "status", cells[role]) < 400)


@pytest.mark.parametrize("endpoint", sorted(e for e, methods in TABLE.items() if "POST" in methods))
def test_a_post_without_its_csrf_token_is_refused(world, endpoint):
    role = acting_role(endpoint)
    response = world.send(role, endpoint, "POST", with_csrf=False)
    assert not world.changed_tables(), f"POST {endpoint} as {role} without a CSRF token changed what is stored"
    if endpoint in CSRF_EXEMPT:
        assert response.status_code == 200
    else:
        assert response.status_code == 400, f"POST {endpoint} as {role} without a token: {describe(response)}"
        assert "CSRF token is missing" in text_of(response) or "Your form expired" in text_of(response)


# GET /verify/resend is /verify/<token> with the token "resend": an invalid link.
GET_ANSWERED_ELSEWHERE = {"accounts.resend_verification": 400}


@pytest.mark.parametrize("endpoint", sorted(e for e, methods in TABLE.items() if set(methods) == {"POST"}))
def test_a_post_only_route_answers_get_with_405(world, endpoint):
    response = world.send("owner", endpoint, "GET")
    assert response.status_code == GET_ANSWERED_ELSEWHERE.get(endpoint, 405) and not world.changed_tables()


def forged(ids: dict, booking_key: str, purpose: str, key: str | None = None) -> str:
    """A link token naming one of the world's bookings, signed with the given key (the app's by default)."""
    expires = int(datetime(2026, 3, 4, tzinfo=timezone.utc).timestamp())
    serializer = URLSafeSerializer(key or current_app.config["SECRET_KEY"], salt=SALTS[purpose])
    return serializer.dumps({"b": ids[booking_key], "s": 0, "x": expires})


def tampered(token: str, booking_id: int | None = None) -> str:
    """The token naming another booking under its original signature, or with the signature's first letter changed."""
    payload, signature = token.rsplit(".", 1)
    if booking_id is None:
        return f"{payload}.{'B' if signature.startswith('A') else 'A'}{signature[1:]}"
    data = {**json.loads(base64_decode(payload)), "b": booking_id}
    return f"{base64_encode(json.dumps(data, separators=(',', ':'))).decode()}.{signature}"


BAD_LINKS = {
    "tampered-signature": lambda w: ("booking.link_cancel", "cancel_token", tampered(w["cancel_token"])),
    "other-booking-in-a-signed-link": lambda w: ("booking.link_cancel", "cancel_token",
                                                 tampered(w["cancel_token"], w["others_booking_id"])),
    "other-booking-wrong-key": lambda w: ("booking.link_cancel", "cancel_token",
                                          forged(w, "others_booking_id", "cancel", key="guessed-key")),
    "other-booking-wrong-purpose": lambda w: ("booking.link_reschedule_confirm", "reschedule_token",
                                              forged(w, "others_booking_id", "cancel")),
    "cancel-link-to-move": lambda w: ("booking.link_reschedule_confirm", "reschedule_token", w["cancel_token"]),
    "move-link-to-cancel": lambda w: ("booking.link_cancel", "cancel_token", w["reschedule_token"]),
}


@pytest.mark.parametrize("case", BAD_LINKS)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_tampered_or_misused_booking_link_is_refused(world, case, method):
    endpoint, name, token = BAD_LINKS[case](world.ids)
    response = world.send("anonymous", endpoint, method, ids={**world.ids, name: token})
    assert response.status_code == 400 and "link" in text_of(response)
    assert not world.changed_tables()


def test_the_link_helpers_make_links_the_app_accepts_when_nothing_is_wrong(world):
    """The refusals above are the signature's and purpose's doing: these links, made right, work."""
    ids = world.ids
    for token in (forged(ids, "booking_id", "cancel"), tampered(ids["cancel_token"], ids["booking_id"])):
        response = world.send("anonymous", "booking.link_cancel", "GET", ids={**ids, "cancel_token": token})
        assert response.status_code == 200 and "Cancel this booking?" in text_of(response)


def test_a_calendar_feed_lists_only_its_own_practitioners_bookings(world):
    client = world.client("anonymous")
    own = text_of(client.get(world.url("booking.calendar_feed")))
    others = text_of(client.get(world.url("booking.calendar_feed", {"feed_token": world.ids["others_feed_token"]})))
    assert "Pat Patient" in own and "Olly Otherpatient" not in own
    assert "Olly Otherpatient" in others and "Pat Patient" not in others
    assert client.get("/calendar/feed-not-a-real-token.ics").status_code == 404


def test_patients_and_practitioners_see_only_their_own_bookings(world):
    mine, theirs = (words(world.client(role).get("/bookings")) for role in ("patient", "other_patient"))
    assert "Dr Owen Owner" in mine and "Dr Olga Other" not in mine
    assert "Dr Olga Other" in theirs and "Dr Owen Owner" not in theirs
    agenda = "/practice/booking/agenda?day=2026-03-04&view=day"
    owners, others = (words(world.client(role).get(agenda)) for role in ("owner", "other_practitioner"))
    assert "Pat Patient" in owners and "Olly Otherpatient" not in owners
    assert "Olly Otherpatient" in others and "Pat Patient" not in others


@pytest.mark.parametrize("document, expected", [("others_document_id", Writes(302)), ("document_id", 200)],
                         ids=["own-evidence", "owners-evidence"])
def test_a_declaration_keeps_only_its_own_practitioners_evidence(world, document, expected):
    client, (_, token) = world.client("other_practitioner"), world.sessions["other_practitioner"]
    response = client.post("/practice/exosomes/declare", data={
        "csrf_token": token, "uses_exosomes": "yes", "attested": "y", "products-0-name": "Borrowed Serum",
        "products-0-source": "plant", "products-0-route": "topical", "products-0-coa_file": "",
        "products-0-coa_keep": str(world.ids[document]), "products-0-tests_keep": ""})
    changed = world.changed_tables()
    if isinstance(expected, Writes):
        assert response.status_code == 302 and changed
    else:
        assert response.status_code == 200 and "Choose a document from your own uploads." in text_of(response)
        assert not changed
