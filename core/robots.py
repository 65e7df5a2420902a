"""/robots.txt: crawlers may read the public directory, not the accounts, bookings, practice or admin screens."""
from flask import Blueprint, Response

from core.extensions import limiter

bp = Blueprint("site", __name__)

PRIVATE_PREFIXES = ("/admin", "/practice", "/bookings", "/calendar/", "/compliance/documents/", "/api/", "/login", "/register",
                    "/forgot-password", "/reset-password", "/verify/", "/logout")


@bp.get("/robots.txt")
@limiter.exempt
def robots():
    """Allow the public pages; keep crawlers off screens that need an account or a token."""
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES), "Allow: /", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 24 * 3600
    return response
