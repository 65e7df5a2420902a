"""Security headers on every response, and a refusal of text no one types."""
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


def _holds_nul(value) -> bool:
    """Whether a string, or any string inside a JSON value, holds the NUL character."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    return isinstance(value, list) and any(_holds_nul(item) for item in value)


def refuse_nul_characters():
    """Answer 400 to a path, parameter, form field or JSON text holding U+0000.

    Nobody types it, and PostgreSQL cannot store it: left to reach the database it made a 500.
    """
    texts = chain([request.path], *request.args.listvalues(), *request.form.listvalues())
    if any("\x00" in text for text in texts) or (request.is_json and _holds_nul(request.get_json(silent=True))):
        abort(400, description="Text must not contain the NUL character (U+0000).")


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
