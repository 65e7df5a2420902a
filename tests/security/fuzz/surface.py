"""The app's input surface, read from the app itself: every form field a POST reads, every query parameter a GET reads.

Nothing here is a hand list of fields: a request is sent with the recorders installed, and what the
view asked the request for (request.args / request.form keys) and which WTForms forms it built (with
their field types) is what the fuzz tests then spoil. A new form, field or parameter is fuzzed, or
the coverage tests fail, without anyone editing a list.
"""
import re
from contextlib import contextmanager
from pathlib import Path

from werkzeug.datastructures import ImmutableMultiDict
from wtforms import fields as wtf
from wtforms.form import BaseForm
from wtforms.validators import Length

ROOT = Path(__file__).resolve().parents[3]
READ: set[str] = set()  # keys the current request asked for
BUILT: list[BaseForm] = []  # forms the current request built


class RecordingDict(ImmutableMultiDict):
    """request.args and request.form that remember which keys the view asked for."""

    def __contains__(self, key):
        READ.add(key)
        return super().__contains__(key)

    def get(self, key, default=None, type=None):  # noqa: A002 (werkzeug's own name)
        READ.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        READ.add(key)
        return super().getlist(key, type)

    def __getitem__(self, key):
        READ.add(key)
        return super().__getitem__(key)


@contextmanager
def recording(app):
    """Record what each request reads while the block runs; the app's request class is put back afterwards."""
    original_request, original_init = app.request_class, BaseForm.__init__

    class RecordingRequest(original_request):
        parameter_storage_class = RecordingDict

    def init(form, *args, **kwargs):
        original_init(form, *args, **kwargs)
        BUILT.append(form)

    app.request_class, BaseForm.__init__ = RecordingRequest, init
    try:
        yield
    finally:
        app.request_class, BaseForm.__init__ = original_request, original_init


def kind_of(field) -> str:
    """The fuzz family of a WTForms field: what kind of nonsense it should be sent."""
    families = [((wtf.SubmitField,), "submit"), ((wtf.DateField, wtf.DateTimeField), "date"), ((wtf.TimeField,), "time"),
                ((wtf.IntegerField, wtf.FloatField, wtf.DecimalField), "number"),
                ((wtf.BooleanField,), "boolean"), ((wtf.SelectField, wtf.RadioField, wtf.SelectMultipleField), "choice"),
                ((wtf.FileField,), "file")]
    return next((family for types, family in families if isinstance(field, types)), "text")


def max_length(field) -> int:
    """The longest text the field's Length validator allows (or a column-sized guess when it has none)."""
    return next((v.max for v in field.validators if isinstance(v, Length) and v.max and v.max > 0), 255)


def flatten(form) -> dict:
    """Every leaf field of a form by its submitted name (sub-forms and lists included) -> (kind, max length, choices)."""
    leaves = {}
    for field in form:
        if isinstance(field, wtf.FormField):
            leaves.update(flatten(field.form))
        elif isinstance(field, wtf.FieldList):
            for entry in field.entries or [field.unbound_field.bind(form=None, name=f"{field.name}-0",
                                                                   prefix="", _meta=form.meta)]:
                leaves.update(flatten(entry.form) if isinstance(entry, wtf.FormField) else {entry.name: leaf(entry)})
        elif field.name != "csrf_token":
            leaves[field.name] = leaf(field)
    return leaves


def leaf(field) -> tuple:
    """What the fuzz tests need to know of one field."""
    choices = [str(choice[0]) for choice in field.iter_choices()] if getattr(field, "choices", None) else []
    return kind_of(field), max_length(field), choices


def discover(app, send) -> tuple:
    """Send one request with the recorders on; return the keys it read and the form fields it built."""
    READ.clear()
    BUILT.clear()
    with recording(app):
        response = send()
    fields = {}
    for form in BUILT:
        fields.update(flatten(form))
    return set(READ), fields, response


ARGS_RE = re.compile(r"request\.args\.get(?:list)?\(\s*[\"'](\w+)[\"']")


def parameters_in_source() -> dict[str, set[str]]:
    """Query parameters the code names (request.args.get("x")), by file: the static half of the coverage check."""
    found = {}
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in ("tests", ".venv", "migrations", "bench", "demo"):
            continue
        names = set(ARGS_RE.findall(path.read_text()))
        if names:
            found[str(path.relative_to(ROOT))] = names
    return found
