"""Public directory pages: home, search (list and map), profiles."""
from datetime import date

from flask import Blueprint, current_app, render_template, request, url_for
from sqlalchemy import select

from core import clock
from booking.bookable import bookability, profile_openings, with_openings
from compliance.badge import badge_for, with_badges
from credentials.services import current_credentials, registration_since
from browse.forms import SearchForm
from browse.jsonld import profile_jsonld
from directory.models import Treatment
from directory.query import parse_search
from directory.search import search as run_search
from directory.services import listed_profile_or_404, money, whole_years
from core.extensions import db
from core.refusal import Refusal

bp = Blueprint("directory", __name__)
bp.add_app_template_filter(money, "money")


def search_form(args=None) -> SearchForm:
    """The search form with the catalogue's treatments as choices."""
    treatments = db.session.scalars(select(Treatment).order_by(Treatment.name))
    return SearchForm(args).set_treatments(treatments)


@bp.get("/")
def home():
    """The home page with the 'find a practitioner' box."""
    return render_template("directory/home.html", form=search_form())


@bp.get("/search")
def search():
    """Search results as a list or a map; errors are shown beside the field they concern."""
    form = search_form(request.args)
    view = "map" if request.args.get("view") == "map" else "list"
    result, error = None, None
    if request.args.get("near") or request.args.get("lat"):
        try:
            result = with_openings(with_badges(run_search(parse_search(request.args))), clock.now())
        except Refusal as exc:
            error = exc
    return render_template("directory/search.html", form=form, result=result, error=error, view=view,
                           tile_url=current_app.config["MAP_TILE_URL"])


@bp.get("/practitioners/<slug>")
def profile(slug: str):
    """A practitioner's public profile, while they are listed."""
    today = clock.today()
    practitioner = listed_profile_or_404(slug, today)
    years = whole_years(registration_since(practitioner, today), today)
    jsonld = profile_jsonld(practitioner, url_for(".profile", slug=slug, _external=True))
    badge = badge_for(practitioner, today)
    return render_template("directory/profile.html", practitioner=practitioner, years=years,
                           credentials=current_credentials(practitioner, today), jsonld=jsonld, badge=badge,
                           verdict=bookability(badge), openings=profile_openings(practitioner, badge, clock.now()))


@bp.get("/about/verification")
def about():
    """How Verity checks credentials and what its badges mean."""
    return render_template("directory/about.html")
