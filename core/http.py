"""Security headers on every response, and a refusal of text no one types."""
import re
from itertools import chain

from flask import abort, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data: {tiles}",
    "style-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def _tile_origin(tile_url: str) -> str:
    """Return the scheme and host of the map tile URL, for the CSP's img-src."""
    scheme, _, rest = tile_url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme}://{host}" if rest else ""


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _texts(value):
    """Every string inside a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def refuse_undecodable_query():
    """Answer 400 to a query string whose raw bytes are not UTF-8 (browsers percent-encode; a script may not).

    Werkzeug decodes request.args strictly: left alone, the first read of it was a 500 on every page.
    """
    try:
        request.query_string.decode()
    except UnicodeDecodeError:
        abort(400, description="The address holds bytes that are not UTF-8 text; percent-encode it.")


def refuse_nul_characters():
    """Answer 400 to a path, parameter, form field or JSON text holding U+0000, or JSON text holding a lone surrogate.

    Nobody types either, and no database stores them: left to reach it, each made a 500. (Form and
    query text cannot hold a surrogate: Werkzeug decodes it with replacement characters.)
    """
    refuse_undecodable_query()
    json_texts = list(_texts(request.get_json(silent=True))) if request.is_json else []
    texts = chain([request.path], *request.args.listvalues(), *request.form.listvalues(), json_texts)
    if any("\x00" in text for text in texts):
        abort(400, description="Text must not contain the NUL character (U+0000).")
    if any(LONE_SURROGATE.search(text) for text in json_texts):
        abort(400, description="Text must not contain a lone surrogate (\\ud800 to \\udfff): that is not a character.")


def install(app):
    """Refuse NUL characters before each request, and add the headers after every request."""
    policy = CONTENT_SECURITY_POLICY.format(tiles=_tile_origin(app.config["MAP_TILE_URL"]))
    app.before_request(refuse_nul_characters)

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
