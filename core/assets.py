"""Static files under versioned URLs cached for a year, and compressed responses where that is safe.

`url_for('static', filename=...)` adds `?v=<hash of the file>`, so a changed file gets a new URL and a
browser may keep each version for a year without asking again. A URL without the current hash (typed,
or from an older page) is served with `no-cache`: the browser revalidates it by ETag.

Compression (Flask-Compress: zstd, brotli or gzip, as the browser accepts) applies to static files and to
requests that carry no cookie. A page for a visitor with a session holds their CSRF token and may echo
what they typed into it (the search box), the two things a BREACH attack needs to read the token byte by
byte from compressed sizes; a request without cookies has no secret of its own to leak.
"""
import hashlib
from pathlib import Path

from flask import current_app, request
from flask_compress import Compress

YEAR_SECONDS = 365 * 24 * 3600
COMPRESSED_TYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                    "application/problem+json", "image/svg+xml", "text/plain"]

compress = Compress()
_versions: dict[Path, tuple[int, int, str]] = {}


def file_version(filename: str) -> str | None:
    """The first 12 hex digits of the static file's SHA-256, or None when there is no such file.

    Kept per file with its size and modification time, so an edited file gets a new version at once.
    """
    folder = Path(current_app.static_folder).resolve()
    path = (folder / filename).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        return None
    stat = path.stat()
    known = _versions.get(path)
    if known is None or known[:2] != (stat.st_mtime_ns, stat.st_size):
        known = (stat.st_mtime_ns, stat.st_size, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
        _versions[path] = known
    return known[2]


def add_version(endpoint: str, values: dict) -> None:
    """url_defaults hook: give every static URL the current version of its file."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = file_version(values["filename"])
        if version:
            values["v"] = version


def cache_static(response):
    """A year, immutable, for a static file asked for by its current version; revalidate anything else."""
    if request.endpoint != "static" or response.status_code not in (200, 206, 304):
        return response
    version = request.args.get("v")
    if version and version == file_version(request.view_args.get("filename", "")):
        response.cache_control.public = True
        response.cache_control.max_age = YEAR_SECONDS
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    else:
        response.cache_control.no_cache = True
        response.cache_control.max_age = None
    return response


def compress_when_safe(response):
    """Compress static files, and any response to a request without cookies (see the module's note on BREACH)."""
    if request.endpoint == "static" or not request.cookies:
        return compress.after_request(response)
    return response


def install(app):
    """Version static URLs, cache them, and compress responses (the compression runs after every other hook)."""
    app.config.setdefault("COMPRESS_REGISTER", False)
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    compress.init_app(app)
    app.after_request(compress_when_safe)  # registered first, so Flask runs it last
    app.after_request(cache_static)
    app.url_defaults(add_version)
