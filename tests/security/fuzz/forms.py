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
