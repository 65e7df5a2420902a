"""Fuzzing `flask --app app import-practitioners` with spreadsheets people really send.

Cells are arbitrary text, numbers, huge or empty; columns go missing, repeat or change case; files
come with a BOM, in Latin-1 or UTF-16, with blank rows and semicolons. Whatever the file, the
command ends without a traceback; each refused row is reported with its spreadsheet line and
nothing of it is stored; every other row is stored; and running the same file again changes nothing.
"""
import csv
import io
import itertools
import re

from hypothesis import event, example, given
from hypothesis import strategies as st
from sqlalchemy import select

from importer import COLUMNS, OPTIONAL_COLUMNS, import_practitioners_command
from directory.models import Clinic
from core.extensions import db
from tests.security.fuzz import fuzz

# Each row's address carries a tag no other row of any example has, to find its clinic afterwards.
RUNS = itertools.count(1)
SUMMARY_RE = re.compile(r"Created (\d+) practitioners, updated (\d+), added (\d+) clinics, "
                        r"skipped (\d+) unchanged, (\d+) rows refused\.")
# People as a spreadsheet describes them; "gmc"/" 7123456 " is Dr Hart again, typed differently.
PEOPLE = [
    {"name": "Dr Amelia Hart", "email": "amelia@example.com", "profession": "doctor", "registration_body": "GMC",
     "registration_number": "7123456", "practising_since": "2012-04-01"},
    {"name": "Dr Amelia Hart", "email": "AMELIA@example.com ", "profession": "Doctor", "registration_body": "gmc",
     "registration_number": " 7123456 ", "practising_since": "01/04/2012"},
    {"name": "Grace Okafor", "email": "grace@example.com", "profession": "Nurse prescriber",
     "registration_body": "NMC", "registration_number": "12A3456B", "practising_since": "15/09/2016"},
    {"name": "Dr Zoë Ångström-Ñúñez", "email": "zoe@example.com", "profession": "surgeon",
     "registration_body": "Texas Medical Board", "registration_number": "TX-1", "practising_since": "1999-12-31"},
    {"name": "Sam Reed", "email": "sam@example.com", "profession": "aesthetic therapist",
     "registration_body": "HCPC", "registration_number": "PA12345", "practising_since": "2020-02-29"},
]
PLACES = [
    {"city": "Manchester", "postcode": "M1 1AE", "country": "GB", "lat": "53.4794", "lon": "-2.2453"},
    {"city": "Leeds", "postcode": "ls15hd", "country": "United Kingdom", "lat": "", "lon": ""},
    {"city": "New York", "postcode": "10022", "country": "US", "lat": "", "lon": ""},
    {"city": "Boston", "postcode": "2108", "country": "USA", "lat": "", "lon": ""},  # ZIP lost its zero
]
# What the examples' rows leave out: a good row's cells.
GOOD = {"name": "Dr Amelia Hart", "email": "amelia@example.com", "profession": "doctor", "registration_body": "GMC",
        "registration_number": "7123456", "practising_since": "2012-04-01", "clinic_name": "Hart Aesthetics",
        **PLACES[0], "treatments": "dermal-filler", "bio": ""}

junk = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\x00", "\u00a0", "\ufeff", "=1+1", "NaN", "inf", "-0", "1e999", "31/02/2015",
                     "2099-01-01", "0000-00-00", "yes;no", "Dr\u202eevil", "a@b", "\r", '"', "x\ny"]),
    st.text(min_size=121, max_size=2500),
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.floats().map(repr),
)


@st.composite
def good_rows(draw):
    """A row that would import, from small pools so rows often share a practitioner or a clinic."""
    return {
        **draw(st.sampled_from(PEOPLE)),
        "clinic_name": draw(st.sampled_from(["Hart Aesthetics", "hart aesthetics", "Okafor Skin"])),
        **draw(st.sampled_from(PLACES)),
        "treatments": draw(st.sampled_from(["", "chemical-peel", "microneedling; chemical-peel", "Laser-BBL"])),
        "bio": draw(st.sampled_from(["", "Sees patients\nin Manchester."])),
        "registration_verified": draw(st.sampled_from(["", "no", "yes", "Y"])),
        "registration_expires": draw(st.sampled_from(["", "2099-06-30", "30/06/2098"])),
    }


# A row is a good one with up to three cells spoiled (the address is left alone: it is the row's tag).
SPOILABLE = [c for c in COLUMNS + OPTIONAL_COLUMNS if c != "address"]
rows = st.builds(lambda row, spoiled: {**row, **spoiled}, good_rows(),
                 st.one_of(st.just({}), st.dictionaries(st.sampled_from(SPOILABLE), junk, min_size=1, max_size=3)))
sometimes_blank = st.tuples(rows, st.integers(0, 4)).map(lambda pair: None if pair[1] == 0 else pair[0])
SPELLINGS = {"as documented": str, "upper case": str.upper, "title case": str.title,
             "spaced": lambda c: f" {c.replace('_', ' ')} ", "hyphens": lambda c: c.replace("_", "-")}


@st.composite
def spreadsheets(draw):
    """A spreadsheet: its columns, its rows (None for a blank row), and how it is saved."""
    columns = list(COLUMNS) + draw(st.lists(st.sampled_from(OPTIONAL_COLUMNS + ("notes",)), unique=True))
    if draw(st.integers(0, 9)) == 0:
        columns.remove(draw(st.sampled_from(COLUMNS[:-1])))  # a required column forgotten
    return {
        "columns": draw(st.permutations(columns)),
        "spelling": draw(st.sampled_from(sorted(SPELLINGS))),
        "rows": draw(st.lists(sometimes_blank, min_size=1, max_size=7)),
        "delimiter": draw(st.sampled_from([",", ",", ";", "\t"])),
        "newline": draw(st.sampled_from(["\r\n", "\n"])),
        "encoding": draw(st.sampled_from(["utf-8"] * 4 + ["utf-8-sig"] * 2 + ["latin-1", "cp1252", "utf-16"])),
        "extra_cell": draw(st.sampled_from([None, None, None, "", "surplus"])),
    }


def write(sheet: dict, tags: list[str], path) -> None:
    """Save the spreadsheet as a CSV file the way a spreadsheet program might."""
    out = io.StringIO()
    # With "\n" line ends, csv leaves a lone "\r" unquoted; exporters that write them quote every cell.
    quoting = csv.QUOTE_MINIMAL if sheet["newline"] == "\r\n" else csv.QUOTE_ALL
    writer = csv.writer(out, delimiter=sheet["delimiter"], lineterminator=sheet["newline"], quoting=quoting)
    writer.writerow([SPELLINGS[sheet["spelling"]](c) for c in sheet["columns"]])
    for row, tag in zip(sheet["rows"], tags):
        if row is None:
            writer.writerow([])
            continue
        cells = [tag if c == "address" else row.get(c, "") for c in sheet["columns"]]
        writer.writerow(cells + ([sheet["extra_cell"]] if sheet["extra_cell"] is not None else []))
    path.write_bytes(out.getvalue().encode(sheet["encoding"], errors="replace"))


def run(runner, path):
    """Run the command as an admin would, returning its result."""
    return runner.invoke(import_practitioners_command, [str(path)])


def database_state() -> dict:
    """Every row of every table, to compare before and after a run."""
    return {table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in db.metadata.sorted_tables}


def stored_tags(tags: list[str]) -> set[str]:
    """Which of these row tags have a stored clinic."""
    found = db.session.scalars(select(Clinic.address).where(Clinic.address.in_([t for t in tags if t])))
    return set(found)


def check_no_traceback(result) -> None:
    """The command ended with its own exit status and printed no traceback."""
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def refused_lines(output: str) -> dict[int, str]:
    """The line numbers the report refuses, with their reasons."""
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^line (\d+): (.*)$", output, re.MULTILINE)}


@fuzz(60)
@given(sheet=spreadsheets())
@example(sheet={"columns": list(COLUMNS), "spelling": "as documented", "rows": [None, {"name": "x" * 200_000}],
                "delimiter": ",", "newline": "\n", "encoding": "utf-8", "extra_cell": None})  # past csv's field limit
@example(sheet={"columns": list(COLUMNS), "spelling": "as documented", "rows": [{"email": "amelia\x00@example.com"}],
                "delimiter": ",", "newline": "\n", "encoding": "utf-8", "extra_cell": None})
@example(sheet={"columns": list(COLUMNS), "spelling": "as documented", "rows": [
    {"registration_body": "Texas Medical Board", "registration_number": "TX\x001"}], "delimiter": ",", "newline": "\n",
    "encoding": "utf-8", "extra_cell": None})
@example(sheet={"columns": list(COLUMNS), "spelling": "as documented", "rows": [{"clinic_name": "Hart\x00"}, None],
                "delimiter": ";", "newline": "\r\n", "encoding": "utf-8-sig", "extra_cell": None})
def test_any_spreadsheet_is_imported_or_refused_line_by_line(runner, tmp_path, sheet):
    """Import an arbitrary file twice: refusals carry line numbers, and the second run changes nothing."""
    run_number = next(RUNS)
    tags = [f"{run_number} Tag Street {n}" if row is not None else "" for n, row in enumerate(sheet["rows"])]
    # Cells the examples above leave out are those of a good row.
    sheet = {**sheet, "rows": [None if row is None else {**GOOD, **row} for row in sheet["rows"]]}
    path = tmp_path / f"sheet{run_number}.csv"
    write(sheet, tags, path)
    before = database_state()

    first = run(runner, path)
    check_no_traceback(first)
    summary = SUMMARY_RE.search(first.output)
    if summary is None:  # the file as a whole cannot be imported, or holds only blank rows
        event("file refused" if first.exit_code else "nothing to import")
        assert "Error: " in first.output if first.exit_code else "nothing to import" in first.output
        assert database_state() == before
        return
    refused = refused_lines(first.output)
    lines = {n + 2: tag for n, tag in enumerate(tags) if tag}  # the header is line 1; blank rows count
    assert set(refused) <= set(lines), (refused, lines)
    assert int(summary.group(5)) == len(refused) and first.exit_code == (1 if refused else 0)
    stored = stored_tags(tags)
    for line, tag in lines.items():
        assert (tag in stored) != (line in refused), (line, refused.get(line), first.output)
    event(f"{len(stored)} of {len(lines)} rows stored")

    after_first = database_state()
    second = run(runner, path)
    check_no_traceback(second)
    assert refused_lines(second.output) == refused, (first.output, second.output)
    assert "Created 0 practitioners, updated 0, added 0 clinics" in second.output, second.output
    assert database_state() == after_first
