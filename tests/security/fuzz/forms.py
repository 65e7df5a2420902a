"""What the form fuzz tests share: what people type, how a form's data is drawn, and how a form must answer."""
import re

from hypothesis import event
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.extensions import db
from tests.helpers import text_of

# What people type: any text, blanks, control and invisible characters, markup, very long text.
typed = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\x00", "a\x00b", "\u200b", "\u00a0Dr\u00a0 Ada\t Hart ", "<b>x</b>", "\r\n", "'; --",
                     "Ã©", "\U0001f489 botox cures wrinkles"]),
    st.text(min_size=100, max_size=2500),
)
numbers = st.one_of(st.integers(-10**25, 10**25).map(str), st.floats().map(repr),
                    st.sampled_from(["", " 30 ", "٣٠", "1_0", "0x1f", "1e3", "²", "nan", "-0"]), typed)


def count(model) -> int:
    """Rows in a table."""
    return db.session.scalar(select(func.count()).select_from(model))


def refused(response) -> set[str]:
    """Check the form came back with a message beside a field or above the form; return the fields in error."""
    assert response.status_code == 200, (response.status_code, text_of(response)[:300])
    html = text_of(response)
    fields = set(re.findall(r'<p class="error" id="([\w-]+)-error">', html))
    assert fields or 'class="error-summary' in html or 'class="flash flash-error"' in html, html[-3000:]
    event(f"refused: {', '.join(sorted(fields)) or 'form'}")
    return fields


def holds_nul(data: dict) -> bool:
    """Whether any submitted value holds U+0000, which the site refuses outright (PostgreSQL cannot store it)."""
    return any("\x00" in str(value) for value in data.values())


def answered(response, data: dict) -> bool:
    """True for a redirect (the form was accepted); otherwise check it is a refusal, never a 500."""
    if holds_nul(data):
        assert response.status_code == 400 and "We could not understand that request" in text_of(response)
        event("refused: NUL character")
        return False
    assert response.status_code in (200, 302), (response.status_code, text_of(response)[:300])
    if response.status_code == 302:
        event("accepted")
        return True
    refused(response)
    return False


def tidy(text: str) -> str:
    """Runs of whitespace as one space, as the services store names."""
    return " ".join(text.split())


def forms(**good):
    """Form data: a sensible value for each field (strategies or lists), then up to two fields spoiled."""
    fields = {name: value if isinstance(value, st.SearchStrategy) else st.sampled_from(value)
              for name, value in good.items()}
    spoiled = st.dictionaries(st.sampled_from(sorted(good)), st.one_of(typed, numbers), max_size=2)
    return st.builds(lambda data, bad: {**data, **bad}, st.fixed_dictionaries(fields), spoiled)


# Nonsense by kind of field: past every column length, NUL, numbers no column holds, days and times
# that never were (including the hour the clocks skip in London), and choices no list offers.
HUGE_NUMBERS = ["1e309", "-1e309", str(10**30), f"-{10**30}", "-0", "NaN", "nan", "Infinity", "-Infinity", "9" * 5000,
                "0x1f", "1_000", "\u00b2", "\u0663", "", " ", "2147483648", "-2147483649", "9223372036854775808"]
IMPOSSIBLE_DATES = ["2026-02-30", "2025-02-29", "2026-04-31", "0000-01-01", "0001-01-01", "9999-12-31",
                    "10000-01-01", "2026-13-01", "2026-00-10", "-2026-01-01", "2026-03-29", "2026-10-25", "1e309", ""]
IMPOSSIBLE_TIMES = ["25:61", "24:00", "23:60", "-01:00", "01:30", "9:5", "00:00", "23:59", "12:00:99", "1e309", ""]
# The kinds of field every value of whose family is sent to each field (test_every_input's sweep).
SWEPT = {"number": HUGE_NUMBERS, "date": IMPOSSIBLE_DATES, "time": IMPOSSIBLE_TIMES,
         # a parameter read straight from request.args, of no known kind: a little of each
         "any": ["1e309", str(10**30), "-1", "NaN", "2026-02-30", "10000-01-01", "25:61", "x" * 300, ""]}


def nonsense(kind: str, longest: int, choices: list) -> st.SearchStrategy:
    """What a script might send in one field of a kind (text, number, date, time, choice, boolean)."""
    texts = ["", " ", "\x00", "a\x00b", "x" * (longest + 1), "\u00e9" * (longest + 1), "x" * 20_000,
             "<script>alert(1)</script>", "\u202eevil", "\r\n", *HUGE_NUMBERS[:4]]
    families = {**SWEPT, "choice": [*choices, "", "not-a-choice", "0", "-1", str(10**30), "\x00", "x" * 5000],
                "boolean": ["y", "", "0", "false", "off", "\x00", "x" * 5000]}
    return st.one_of(st.sampled_from(families.get(kind, []) + texts), st.text(max_size=20))


def dst_gap(fields: dict) -> dict:
    """Every date field on the day London skips 01:00-02:00 and every time field inside that hour."""
    values = {"date": "2026-03-29", "time": "01:30"}
    spoiled = {name: values[kind] for name, (kind, _, _) in fields.items() if kind in values}
    spoiled.update({name: "Europe/London" for name in fields if name.endswith("time_zone")})
    return spoiled if {"date", "time"} <= {kind for kind, _, _ in fields.values()} else {}
