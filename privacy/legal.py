"""The public legal pages linked from every page's footer: privacy notice, terms, contact, complaints."""
from flask import Blueprint, current_app, render_template

bp = Blueprint("legal", __name__)

UPDATED = "5 December 2026"  # when the texts below last changed: change it with them


def contact_email() -> str:
    """Where people write to Verity: CONTACT_EMAIL, else hello@ the site's own host."""
    return current_app.config.get("CONTACT_EMAIL") or f"hello@{current_app.config.get('SERVER_NAME') or 'verity.example'}"


def _page(name: str):
    """Render one legal page with the contact address and the date its text last changed."""
    return render_template(f"legal/{name}.html", contact=contact_email(), updated=UPDATED)


@bp.get("/privacy")
def privacy():
    """What personal data Verity keeps, why, for how long, and your rights."""
    return _page("privacy")


@bp.get("/terms")
def terms():
    """The terms of using the directory and booking through it."""
    return _page("terms")


@bp.get("/contact")
def contact():
    """How to reach Verity, and where to go for urgent medical help instead."""
    return _page("contact")


@bp.get("/complaints")
def complaints():
    """How to complain to Verity, and about a practitioner to their regulator."""
    return _page("complaints")
