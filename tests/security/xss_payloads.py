"""XSS payloads and the checks that a page, a JSON body or an email shows them only as text.

Every payload carries a short tag ("QBIO") naming the field it was typed into, so a page can be
asked both "is anything here live?" (no on* attribute, no script of ours-not, no javascript: link)
and "does this field's text show here, exactly as stored?" (so a test cannot pass because the text
never appears). Tags are upper-case letters: they survive the upper-casing and space-stripping some
fields do (registration numbers).
"""
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

PAYLOADS = {
    "script": "<script>alert({t})</script>",
    "attr_double": '" onmouseover=alert({t}) x="',
    "attr_single": "' autofocus onfocus=alert({t}) x='",
    "close_script": "</script><script>alert({t})</script>",
    "javascript_url": "javascript:alert({t})",
    "img_onerror": "<img src=x onerror=alert({t})>",
    "svg_onload": "<svg onload=alert({t})>",
    "template": "{{{{7*7}}}}{{{{config}}}}{t}",
}

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc")
# Characters browsers drop from the start of a URL before reading its scheme.
URL_JUNK = re.compile(r"[\x00-\x20]")


def payload(kind: str, tag: str) -> str:
    """The payload of a kind, carrying a field's tag."""
    return PAYLOADS[kind].format(t=tag)


def is_markup(text: str) -> bool:
    """Whether the raw text holds characters that would be live if unescaped in HTML."""
    return any(character in text for character in "<>\"'")


@dataclass
class Element:
    """One start tag as parsed: its name, attributes, and (for scripts) its text."""

    tag: str
    attrs: list[tuple[str, str | None]]
    text: str = ""


@dataclass
class ParsedPage:
    """What a browser would build from a page: elements, text nodes and attribute values."""

    elements: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def scripts(self) -> list[Element]:
        """Every script element."""
        return [e for e in self.elements if e.tag == "script"]

    def visible(self) -> list[str]:
        """Every text node and attribute value, unescaped: where a field's text can show."""
        return self.texts + [value for e in self.elements for _, value in e.attrs if value]


class _Parser(HTMLParser):
    """Collect elements, text nodes and script bodies."""

    def __init__(self):
        """Start with an empty page; character references are decoded as a browser would."""
        super().__init__(convert_charrefs=True)
        self.page, self._script = ParsedPage(), None

    def handle_starttag(self, tag, attrs):
        """Keep the element; text that follows a <script> is that script's."""
        element = Element(tag, attrs)
        self.page.elements.append(element)
        if tag == "script":
            self._script = element

    def handle_startendtag(self, tag, attrs):
        """Keep a self-closed element (<img/>)."""
        self.page.elements.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        """A script ends at its end tag, as the tokenizer sees it."""
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        """Text goes to the open script, or is a text node."""
        if self._script is not None:
            self._script.text += data
        else:
            self.page.texts.append(data)


def parse(html: str) -> ParsedPage:
    """Parse a page the way a browser's tokenizer would."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def live_problems(html: str, raw: list[str]) -> list[str]:
    """Everything on the page an attacker's text could have made live; empty when the page is inert.

    The site's own pages carry no inline handlers and no inline scripts but JSON-LD (the CSP forbids
    them), so any on* attribute, any script that is neither a file of ours nor JSON-LD, any
    javascript: URL, and any raw payload text (`raw`, those holding < > " ') is a hole.
    """
    page, problems = parse(html), []
    for element in page.elements:
        for name, value in element.attrs:
            if name.lower().startswith("on"):
                problems.append(f"<{element.tag} {name}={value!r}>")
            if name.lower() in URL_ATTRIBUTES and URL_JUNK.sub("", value or "").lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")):
                problems.append(f"<{element.tag} {name}={value!r}>")
    for script in page.scripts():
        attrs = dict(script.attrs)
        if not (attrs.get("src", "") or "").startswith("/static/") and attrs.get("type") != "application/ld+json":
            problems.append(f"an inline script: {script.text[:80]!r}")
    problems += [f"the raw payload {text!r}" for text in raw if is_markup(text) and text in html]
    return problems


def shows_in(text: str, string: str) -> bool:
    """Whether a text node, attribute value or JSON string holds a field's text, whitespace squashed.

    The audit trail shows before/after values as JSON, where " is written \\", so that form counts too.
    """
    squashed = " ".join(string.split())
    return any(" ".join(form.split()) in squashed for form in (text, json.dumps(text, ensure_ascii=False)[1:-1]))


def jsonld_blocks(html: str) -> list:
    """The page's JSON-LD documents, each parsed (a block that is not valid JSON fails the test here)."""
    return [json.loads(s.text) for s in parse(html).scripts() if dict(s.attrs).get("type") == "application/ld+json"]


def json_strings(value) -> list[str]:
    """Every string inside a JSON value, keys excluded."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return []
