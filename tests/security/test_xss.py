"""Stored XSS: every editable text field, holding each payload, is shown only as text wherever it appears.

For each payload kind (xss_payloads.PAYLOADS) one world is stored through the site's own forms and
the import command (xss_world.py); then every page, the map data, the JSON-LD, the API, the admin
screens, the audit CSV and the HTML emails (as queued in the outbox, then as received by a real SMTP
server) are read back. Each must be inert (no on* attribute, no inline script but JSON-LD, no
javascript: URL, no raw payload), and each field of the table (xss_fields.py) must show its text,
exactly as stored, on every page the table lists.
"""
import inspect
from datetime import timedelta

import pytest
from flask_wtf.file import FileField
from wtforms import Form, PasswordField, StringField

from accounts import forms as account_forms
from admin import forms as admin_forms
from batches import forms as batch_forms
from booking import forms as booking_forms
from complications import forms as complication_forms
from browse import forms as browse_forms
from compliance import forms as compliance_forms
from core.uploads import clean_name
from credentials import forms as credential_forms
from eligibility import forms as eligibility_forms
from intake import forms as intake_forms
from licensing import forms as licence_forms
from practice import forms as practice_forms
from reviews import forms as review_forms
from privacy import forms as privacy_forms
from tests.booking.helpers import NOW
from tests.conftest import free_port
from tests.security.xss_fields import FIELDS, FILE_NAMES, NOT_SHOWN
from tests.security.xss_pages import Page, fetch_all
from tests.security.xss_payloads import PAYLOADS, jsonld_blocks, live_problems, parse, shows_in
from tests.security.xss_world import World, build, emails, file_name

FORM_MODULES = (account_forms, admin_forms, batch_forms, booking_forms, browse_forms, compliance_forms,
                complication_forms, credential_forms, eligibility_forms, intake_forms, licence_forms, practice_forms,
                privacy_forms, review_forms)


@pytest.fixture
def app_config(app_config):
    """Pages at a pinned instant, no rate limits, and no mail server: mail waits in the outbox (for its screen)."""
    app_config.update(CLOCK_NOW=NOW, RATELIMIT_ENABLED=False, MAIL_PORT=free_port())
    return app_config


def stored_text(world: World, tag: str) -> str:
    """A field's text as the site keeps it: file names cleaned (core.uploads), registration numbers tidied."""
    if tag in FILE_NAMES:
        return clean_name(file_name(world, tag), "pdf")
    if tag == "QREG":
        return "".join(world.value(tag).split()).upper()
    return world.value(tag)


@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_every_field_is_shown_as_typed_and_nothing_runs(app, make_practitioner, runner, tmp_path, smtp_server,
                                                        mailbox, kind):
    world = build(kind, app, make_practitioner, runner, tmp_path)
    texts = {field.tag: stored_text(world, field.tag) for field in FIELDS}
    pages = fetch_all(world)
    problems = [*missing(pages, texts), *live(pages, world, texts), *jsonld_problems(pages, texts),
                *header_problems(pages), *delivered_problems(world, smtp_server, mailbox, texts)]
    assert not problems, f"{kind}: " + "\n".join(problems)


def missing(pages: dict[str, Page], texts: dict[str, str]) -> list[str]:
    """Fields a listed page does not show as typed: escaped away, mangled, run as a template, or not there."""
    problems = []
    for field in FIELDS:
        for name in field.where:
            strings = pages[name].strings()
            if not any(shows_in(texts[field.tag], s) for s in strings):
                problems.append(f"{field.source} ({field.tag}) is not shown as typed on {name}")
    return problems


def live(pages: dict[str, Page], world: World, texts: dict[str, str]) -> list[str]:
    """Anything live in an HTML page, email or flash-bearing page met while building."""
    raw = list(texts.values())
    documents = [(name, doc) for name, page in pages.items() if page.kind == "html" for doc in page.docs]
    documents += [(f"{name} (as an HTML page)", doc) for name, page in pages.items() if page.kind != "html"
                  for doc in page.docs if page.kind == "jsonld"]
    documents += world.seen
    return [f"{name}: {problem}" for name, doc in documents for problem in live_problems(doc, raw)]


def jsonld_problems(pages: dict[str, Page], texts: dict[str, str]) -> list[str]:
    """The JSON-LD parses, cannot end its script early, and round-trips every field to the exact text."""
    problems = []
    for name, prefix in (("profile_jsonld", ""), ("imported_jsonld", "I")):
        html = pages[name].docs[0]
        scripts = [s.text for s in parse(html).scripts() if dict(s.attrs).get("type") == "application/ld+json"]
        if len(scripts) != 1 or "</" in scripts[0] or "<!--" in scripts[0]:
            problems.append(f"{name}: the JSON-LD script could end early: {scripts}")
            continue
        [data] = jsonld_blocks(html)
        location = data["location"][0]
        got = {"NAME": data["name"], "BIO": data["description"], "CLIN": location["name"],
               "ADDR": location["address"]["streetAddress"]}
        if not prefix:
            got["LANG"] = data["knowsLanguage"][0]
        for key, value in got.items():
            want = texts[f"Q{prefix}{key}"][:500]
            if value != want:
                problems.append(f"{name}: {key} came back as {value!r}, not {want!r}")
    return problems


def header_problems(pages: dict[str, Page]) -> list[str]:
    """Behind the escaping, a CSP that runs no inline script; the API is JSON never sniffed as HTML; the audit
    export is a CSV download."""
    api, export = pages["api_search"].headers, pages["admin_audit_csv"].headers
    problems = [f"{page.name}: its CSP lets inline script run: {policy}" for page in pages.values()
                if page.kind == "html" and page.headers
                for policy in [page.headers.get("Content-Security-Policy", "")]
                if "script-src 'self';" not in policy + ";" or "unsafe-inline" in policy]
    if not api["Content-Type"].startswith("application/json") or api.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"the API answers {api['Content-Type']} without nosniff")
    if not export["Content-Type"].startswith("text/csv") or not export["Content-Disposition"].startswith("attachment"):
        problems.append(f"the audit export is {export['Content-Type']}, {export.get('Content-Disposition')}")
    return problems


def delivered_problems(world: World, smtp_server, mailbox, texts: dict[str, str]) -> list[str]:
    """Once the mail server is up, every email arrives with the HTML the outbox kept, inert."""
    world.app.config.update(MAIL_PORT=smtp_server.port, CLOCK_NOW=NOW + timedelta(hours=2))
    result = world.runner.invoke(args=["send-mail"])
    rows = emails(world)
    received = [message.get_body(("html",)).get_content() for message in mailbox.messages]
    problems = [] if len(received) == len(rows) else [f"{len(received)} of {len(rows)} emails arrived: {result.output}"]
    queued = {" ".join(row.html_body.split()) for row in rows}
    for html in received:
        if " ".join(html.split()) not in queued:
            problems.append("an email arrived with HTML the outbox did not keep")
        problems += [f"delivered email: {p}" for p in live_problems(html, list(texts.values()))]
    return problems


def form_text_fields() -> set[str]:
    """Every text or file field of every form class of the site, as 'FormClass.field'."""
    found = set()
    for module in FORM_MODULES:
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Form) or cls.__module__ != module.__name__:
                continue
            for attr, value in vars(cls).items():  # a field is named after the form that declares it
                field_class = getattr(value, "field_class", None)
                if field_class and issubclass(field_class, (StringField, FileField)) \
                        and not issubclass(field_class, PasswordField):
                    found.add(f"{name}.{attr}")
    return found


def test_every_text_field_of_every_form_is_in_the_table_or_said_why_not():
    listed = {field.source.split(" (")[0] for field in FIELDS if "." in field.source}
    forgotten = sorted(form_text_fields() - listed - set(NOT_SHOWN))
    assert not forgotten, f"Add these fields to FIELDS in tests/security/xss_fields.py (or NOT_SHOWN, with why): " \
                          f"{forgotten}"
    stale = sorted((listed | set(NOT_SHOWN)) - form_text_fields())
    assert not stale, f"The XSS table names fields the forms no longer have: {stale}"
