"""The public report: the page's tables and the CSV hold the same figures, the charts are SVG with no script,
figures nobody collects yet say so (never zeros), no one's name or address appears, and a month is worked out once.
"""
import csv
import io
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from sqlalchemy import event

from compliance import services as declarations
from core.extensions import db
from credentials import services as credentials
from directory import services as directory
from tests.compliance.conftest import declare  # noqa: F401 - declarations built through the services
from tests.credentials.factories import credential_factory
from tests.helpers import text_of
from tests.transparency.conftest import MONTHS, utc
from transparency import registry
from transparency.registry import COMPLAINT_LABELS, COMPLICATION_LABELS
from transparency.report import NOT_COLLECTED
from transparency.views import SVG_POLICY

PRIVATE = ["Dr Priya Secretname", "priya.secret@example.com", "Pat Hiddenname", "pat.hidden@example.com",
           "Ada Admin", "ada.admin@verity.example", "A patient complaint is being looked into"]
CHARTS = ("practitioners", "declarations", "claims", "complaints")


class Tables(HTMLParser):
    """Every <table> on a page: its caption and its rows of cell texts (a month header as its datetime, a
    cell spanning n columns as n cells)."""

    def __init__(self, html: str):
        super().__init__()
        self.tables, self.cell, self.span, self.in_caption, self.in_time = [], None, 1, False, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self.cell, self.span = "", int(attrs.get("colspan", 1))
        elif tag == "time" and self.cell is not None:
            self.cell, self.in_time = attrs["datetime"], True

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
        elif tag == "time":
            self.in_time = False
        elif tag in ("th", "td"):
            self.tables[-1]["rows"][-1].extend([self.cell.strip()] * self.span)
            self.cell = None

    def handle_data(self, data):
        if self.in_caption:
            self.tables[-1]["caption"] += data
        elif self.cell is not None and not self.in_time:
            self.cell += data


def page_rows(html: str) -> list[list[str]]:
    """The page's tables as CSV lines would be: a header, then section, figure and a cell per month."""
    tables = Tables(html).tables
    assert tables, "the report shows no table"
    headers = {tuple(table["rows"][0][1:]) for table in tables}
    assert len(headers) == 1, "every table covers the same months"
    lines = [["section", "figure", *headers.pop()]]
    for table in tables:
        section = table["caption"].strip().removesuffix(", month by month")
        lines += [[section, *row] for row in table["rows"][1:]]
    return lines


@pytest.fixture
def world(at, admin, make_practitioner, make_user, declare):
    """A few events in known months, made by people whose names and addresses must not reach the report."""
    named = make_practitioner(name="Dr Priya Secretname", email="priya.secret@example.com", verified=False)
    credential = credential_factory(utc(2026, 3, 1).date())(named, number="7123999")
    at(utc(2026, 3, 10, 9, 0), credentials.approve, credential, admin, utc(2027, 1, 1).date(),
       utc(2040, 1, 1).date(), utc(2026, 3, 10).date())
    at(utc(2026, 6, 30, 23, 30), directory.suspend, named, admin, "A patient complaint is being looked into.")
    declaration = declare(make_practitioner(), {}, now=utc(2026, 4, 5, 9, 0))
    at(utc(2026, 5, 2, 9, 0), declarations.mark_reviewed, declaration, admin, now=utc(2026, 5, 2, 9, 0))
    make_user(role="patient", email="pat.hidden@example.com", name="Pat Hiddenname")
    return named


def test_the_report_is_linked_from_every_footer_and_shows_each_month(client, world):
    assert 'href="/transparency"' in text_of(client.get("/"))
    page = text_of(client.get("/transparency"))
    assert "from November 2025 to October 2026" in page
    assert "Download these figures (CSV)" in page
    rows = {row[1]: row[2:] for row in page_rows(page)[1:]}
    assert rows["Credentials approved"][MONTHS.index(utc(2026, 3, 1).date())] == "1"
    assert rows["Practitioners suspended"][MONTHS.index(utc(2026, 6, 1).date())] == "1"  # 23:30 UTC on 30 June
    assert rows["Declarations reviewed"][-6:] == ["1"] * 6  # in force from the end of May
    assert "Credentials approved: 1 in 12 months, most in March 2026 (1)." in page  # the chart in words


def test_the_csv_holds_exactly_the_pages_tables(client, world):
    page = text_of(client.get("/transparency"))
    response = client.get("/transparency.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="verity-transparency-2025-11-to-2026-10.csv"'
    assert list(csv.reader(io.StringIO(text_of(response)))) == page_rows(page)


def test_figures_no_one_collects_yet_say_so_and_are_never_zeros(client, world):
    lines = page_rows(text_of(client.get("/transparency")))
    for line in lines:
        if line[1] in COMPLAINT_LABELS:
            assert line[2:] == [NOT_COLLECTED] * 12
    csv_lines = list(csv.reader(io.StringIO(text_of(client.get("/transparency.csv")))))
    assert [line[2:] for line in csv_lines if line[1] in COMPLAINT_LABELS] == [[NOT_COLLECTED] * 12] * 2
    # Complications are collected (complications/figures.py): a month with none reads 0, not "not yet collected".
    assert [line[2:] for line in csv_lines if line[1] in COMPLICATION_LABELS[:2]] == [["0"] * 12] * 2
    assert client.get("/transparency/charts/complaints.svg").status_code == 200


def test_a_registered_provider_fills_the_rows_it_gives(client, world, monkeypatch):
    def complaints(months):
        return {label: [n + 2] * len(months) for n, label in enumerate(COMPLAINT_LABELS)}

    monkeypatch.setattr(registry, "PROVIDERS", [*registry.PROVIDERS, complaints])
    page = text_of(client.get("/transparency"))
    rows = {row[1]: row[2:] for row in page_rows(page)[1:]}
    assert [rows[label] for label in COMPLAINT_LABELS] == [[str(n)] * 12 for n in (2, 3)]
    assert NOT_COLLECTED not in page
    assert client.get("/transparency/charts/complaints.svg").status_code == 200


@pytest.mark.parametrize("slug", CHARTS)
def test_each_chart_is_an_svg_with_no_script_a_title_and_a_description(client, world, slug):
    response = client.get(f"/transparency/charts/{slug}.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == SVG_POLICY
    assert "script-src" not in SVG_POLICY and "default-src 'none'" in SVG_POLICY
    svg = text_of(response)
    root = ElementTree.fromstring(svg)
    names = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert "script" not in names and "foreignObject" not in names
    attributes = [(name, value) for element in root.iter() for name, value in element.attrib.items()]
    assert not [name for name, _ in attributes if name.lower().startswith("on")]
    assert not [value for _, value in attributes if "javascript:" in value.lower()]
    assert "<script" not in svg.lower() and "<!--" not in svg
    title, desc = [element.tag.rsplit("}", 1)[-1] for element in list(root)[:2]]
    assert (title, desc) == ("title", "desc")
    assert root[0].text.endswith("November 2025 to October 2026") and root[1].text


def test_no_name_or_address_reaches_the_page_the_csv_or_a_chart(client, world):
    bodies = [text_of(client.get(path)) for path in
              ["/transparency", "/transparency.csv", *(f"/transparency/charts/{slug}.svg" for slug in CHARTS)]]
    for body in bodies:
        found = [text for text in PRIVATE + [world.slug, world.registration_number] if text.lower() in body.lower()]
        assert not found, f"personal data in the report: {found}"
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", body), "an email address in the report"


def test_a_month_is_counted_once_then_served_from_memory(client, world):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    assert client.get("/transparency").status_code == 200
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        for path in ("/transparency", "/transparency.csv", "/transparency/charts/claims.svg"):
            assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    counted = ("credentials", "audit_events", "exosome_declarations")
    assert not [s for s in statements if any(f"FROM {table}" in s for table in counted)]
