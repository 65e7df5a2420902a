"""The audit trail reads as sentences: every kind of event the code records has one, filters narrow it, it comes
fifty to a page, and the CSV export holds exactly the filtered events."""
import ast
import csv
import io
import re
from datetime import date, datetime, timedelta, timezone
from html import unescape
from pathlib import Path

import pytest

from audit.sentences import SENTENCES
from audit.services import record
from core.extensions import db
from credentials import services
from tests.helpers import login, text_of

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 3, 14, 2, tzinfo=timezone.utc)
SKIPPED = {"tests", ".venv", "migrations", "bench", "demo", "instance", "scripts", "node_modules"}


def _writers(trees) -> dict[str, int]:
    """Functions that take an `action` (the audit writers: record, and the helpers that pass one on) -> its position."""
    found = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                if "action" in names:
                    found[node.name] = names.index("action")
    return found


def _names(argument) -> set[str]:
    """The event names an argument can be: a literal, or an f-string choosing between literals."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return {argument.value}
    if isinstance(argument, ast.JoinedStr):
        names = {""}
        for part in argument.values:
            choices = _names(part.value.body) | _names(part.value.orelse) if isinstance(part, ast.FormattedValue) \
                and isinstance(part.value, ast.IfExp) else _names(part.value if isinstance(part, ast.FormattedValue)
                                                                  else part)
            assert choices, f"cannot read the event names of {ast.unparse(argument)}: write them out"
            names = {n + c for n in names for c in choices}
        return names
    if isinstance(argument, ast.IfExp):
        return _names(argument.body) | _names(argument.orelse)
    return set()


def recorded_actions() -> set[str]:
    """Every event name the code passes to an audit writer (record, or any function with an `action` parameter)."""
    paths = [path for path in ROOT.rglob("*.py") if not SKIPPED & set(path.relative_to(ROOT).parts)]
    trees = [ast.parse(path.read_text()) for path in paths]
    # audit/sentences.py reads event names (label(action)); a call named .label() elsewhere is SQL, not a writer.
    writers, actions = _writers(t for p, t in zip(paths, trees) if p != ROOT / "audit" / "sentences.py"), set()
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in writers:
                position = writers[name]
                given = node.args[position] if len(node.args) > position else next(
                    (k.value for k in node.keywords if k.arg == "action"), None)
                actions |= _names(given) if given is not None else set()
    return actions


def test_every_kind_of_event_the_code_records_has_a_sentence():
    """A new record(actor, "thing.done", ...) fails here until audit/sentences.py says it in words."""
    actions = recorded_actions()
    assert {"credential.approved", "claims.queued", "claims.hidden", "booking.confirmed", "clinic.added",
            "mail.retried"} <= actions  # the scan finds literals, f-strings and the helpers that pass one on
    missing = sorted(actions - set(SENTENCES))
    assert not missing, f"Add a sentence to audit/sentences.py for: {missing}"


def sentences(response) -> list[str]:
    """The sentences on a page of the trail, as a person reads them."""
    items = re.findall(r'<p class="audit-sentence">(.*?)</p>', text_of(response), re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]


@pytest.fixture
def ana(make_user):
    """Ana Admin, logged out."""
    return make_user(role="admin", email="ana@verity.example", name="Ana Admin")


@pytest.fixture
def sam_lee(app, ana, make_practitioner, make_pending):
    """Dr Sam Lee sends GMC registration 7123456, Ana Admin approves it, then suspends him: at 14:02 UTC, 3 March 2026."""
    app.config["CLOCK_NOW"] = NOW
    practitioner = make_practitioner(name="Dr Sam Lee", email="sam.lee@example.com", verified=False)
    credential = make_pending(practitioner, number="7123456")
    services.approve(credential, ana, date(2027, 3, 1), date(2045, 1, 31), NOW.date())
    from directory.services import suspend

    suspend(practitioner, ana, "A patient's complaint is being checked.")
    record(ana, "complaint.closed", "complaint", 5, practitioner_id=practitioner.id, reason="It names another patient.")
    db.session.commit()
    return practitioner


def test_pinned_events_read_as_sentences_in_the_uk_convention(client, ana, sam_lee):
    login(client, ana.email)
    assert sentences(client.get("/admin/audit")) == [
        "Ana Admin: complaint closed (complaint 5) — 3 March 2026, 14:02 GMT",  # a kind with no sentence yet
        "Ana Admin suspended Dr Sam Lee — 3 March 2026, 14:02 GMT",
        "Ana Admin approved Dr Sam Lee’s GMC registration 7123456 — 3 March 2026, 14:02 GMT",
        "Dr Sam Lee sent their GMC registration 7123456 for review — 3 March 2026, 14:02 GMT"]
    assert "Reason: A patient&#39;s complaint is being checked." in text_of(client.get("/admin/audit"))


def test_a_us_site_writes_them_the_us_way(app, client, ana, sam_lee):
    app.config["DEFAULT_COUNTRY"] = "US"
    login(client, ana.email)
    assert sentences(client.get("/admin/audit?action=credential.approved")) == [
        "Ana Admin approved Dr Sam Lee’s GMC registration 7123456 — March 3, 2026 at 9:02 AM EST"]


def _event(actor, action, practitioner_id, at):
    """An audit event at a given instant."""
    event = record(actor, action, "practitioner", practitioner_id, practitioner_id=practitioner_id)
    event.occurred_at = at
    return event


def test_filters_narrow_by_who_what_whom_and_when(client, ana, make_user, make_practitioner):
    ben = make_user(role="admin", email="ben@verity.example", name="Ben Okafor")
    lee, kim = make_practitioner(name="Dr Sam Lee"), make_practitioner(name="Dr Jo Kim")
    # 23:30 UTC on 31 March is 1 April in London (BST): the day filters are the reader's days.
    _event(ana, "practitioner.suspended", lee.id, datetime(2026, 3, 31, 23, 30, tzinfo=timezone.utc))
    _event(ben, "practitioner.reinstated", lee.id, datetime(2026, 4, 2, 9, 0, tzinfo=timezone.utc))
    _event(ben, "practitioner.suspended", kim.id, datetime(2026, 4, 3, 9, 0, tzinfo=timezone.utc))
    db.session.commit()
    login(client, ana.email)
    by_name = sentences(client.get("/admin/audit?actor=okaf"))
    assert len(by_name) == 2 and all(s.startswith("Ben Okafor") for s in by_name)
    assert sentences(client.get("/admin/audit?actor=ANA@verity"))[0].startswith("Ana Admin suspended Dr Sam Lee")
    assert [s.split(" —")[0] for s in sentences(client.get("/admin/audit?practitioner=sam+lee"))] == [
        "Ben Okafor reinstated Dr Sam Lee", "Ana Admin suspended Dr Sam Lee"]
    assert len(sentences(client.get(f"/admin/audit?practitioner_id={kim.id}"))) == 1
    assert len(sentences(client.get("/admin/audit?action=practitioner.suspended"))) == 2
    april_first = sentences(client.get("/admin/audit?since=2026-04-01&until=2026-04-01"))
    assert april_first == ["Ana Admin suspended Dr Sam Lee — 1 April 2026, 00:30 BST"]
    assert sentences(client.get("/admin/audit?practitioner=nobody+by+that+name")) == []
    page = client.get("/admin/audit")
    assert '<option value="practitioner.suspended">Practitioner suspended</option>' in text_of(page)


@pytest.mark.parametrize("query, field, message", [
    ("since=2026-04-05&until=2026-04-01", "until", "The end date is before the start date."),
    ("since=31%2F02%2F2026", "since", "Not a valid date value."),
    ("subject_id=-4", "subject_id", "Number must be between 1 and"),
    ("practitioner_id=lots", "practitioner_id", "Not a valid integer value."),
])
def test_a_filter_that_cannot_be_read_is_explained_beside_it(client, ana, sam_lee, query, field, message):
    login(client, ana.email)
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200
    assert re.search(rf'id="{field}-error">{re.escape(message)}', text_of(response))
    assert "Some filters could not be read" in text_of(response) and len(sentences(response)) == 4


def test_120_events_make_three_pages_of_at_most_50_and_the_csv_holds_the_filtered_ones(client, ana, make_practitioner):
    lee = make_practitioner(name="Dr Sam Lee")
    for n in range(120):
        _event(ana, "practitioner.suspended" if n % 3 else "practitioner.reinstated", lee.id,
               NOW - timedelta(minutes=n))
    db.session.commit()
    login(client, ana.email)
    pages = [client.get(f"/admin/audit?page={n}") for n in (1, 2, 3)]
    assert [len(sentences(p)) for p in pages] == [50, 50, 20]
    assert 'rel="next"' in text_of(pages[0]) and 'rel="prev"' not in text_of(pages[0])
    assert 'rel="prev"' in text_of(pages[1]) and 'rel="next"' in text_of(pages[1])
    assert 'rel="next"' not in text_of(pages[2]) and "Page 3 of 3" in text_of(pages[2])
    assert "120 events, 101 to 120 shown" in " ".join(text_of(pages[2]).split())
    assert sentences(client.get("/admin/audit?page=99")) == sentences(pages[2])  # past the end: the last page

    shown = sentences(client.get("/admin/audit?action=practitioner.reinstated"))
    rows = list(csv.DictReader(io.StringIO(text_of(client.get("/admin/audit.csv?action=practitioner.reinstated")))))
    assert len(rows) == len(shown) == 40 and {r["action"] for r in rows} == {"practitioner.reinstated"}
    assert [r["occurred_at"] for r in rows] == [(NOW - timedelta(minutes=n)).isoformat() for n in range(0, 120, 3)]
    assert [s[-9:-4] for s in shown] == [datetime.fromisoformat(r["occurred_at"]).strftime("%H:%M") for r in rows]


@pytest.mark.parametrize("action", sorted(SENTENCES))
def test_each_sentence_reads_even_when_its_facts_are_gone(action):
    """An event whose objects were deleted since still reads as words, not braces or blanks."""
    from audit.sentences import sentence

    text = sentence(action, {"actor": "Ana Admin"})
    assert text[:1].isupper() and "{" not in text and "None" not in text and "  " not in text
