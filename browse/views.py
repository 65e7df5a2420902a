"""Public directory pages: home, search (list and map), profiles."""
from datetime import date

from flask import Blueprint, current_app, make_response, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from core import clock, pagecache
from booking.bookable import Bookability, bookability, offered_until, profile_openings, result_cards
from compliance.badge import badge_for
from credentials.services import current_credentials, registration_since
from credentials.standing import Standing, standing
from browse.forms import SearchForm
from browse.jsonld import profile_jsonld
from directory.models import Practitioner, Treatment
from directory.query import parse_search
from directory.search import search as run_search
from directory.services import listed_profile_or_404, money, whole_years
from core.extensions import db
from core.refusal import Refusal
from reviews.queries import ratings_for, shown_reviews
from reviews.rules import SORTS as REVIEW_SORTS

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
            result = result_cards(run_search(parse_search(request.args)), clock.now())
            pagecache.good_until(offered_until(result))
        except Refusal as exc:
            error = exc
    ratings = ratings_for(hit.practitioner.id for hit in result.hits) if result else {}
    return render_template("directory/search.html", form=form, result=result, error=error, view=view,
                           tile_url=current_app.config["MAP_TILE_URL"], ratings=ratings)


@bp.get("/practitioners/<slug>")
def profile(slug: str):
    """A practitioner's public profile while they are listed; for them and admins, a preview until then."""
    today = clock.today()
    own = own_profile(slug)
    seen = standing(own, today) if own is not None else None
    if seen is not None and not (seen.public and seen.in_search):
        return _preview(own, seen, today)
    practitioner = listed_profile_or_404(slug, today)
    years = whole_years(registration_since(practitioner, today), today)
    jsonld = profile_jsonld(practitioner, url_for(".profile", slug=slug, _external=True))
    badge = badge_for(practitioner, today)
    return render_template("directory/profile.html", practitioner=practitioner, years=years,
                           credentials=current_credentials(practitioner, today), jsonld=jsonld, badge=badge,
                           verdict=bookability(badge), openings=profile_openings(practitioner, badge, clock.now()),
                           **review_context(practitioner))


def review_context(practitioner: Practitioner) -> dict:
    """The profile's reviews: the rating, and the page and order of reviews the visitor asked for."""
    page = shown_reviews(practitioner.id, request.args.get("reviews_page", 1, type=int) or 1,
                         request.args.get("reviews_sort", "newest"))
    return {"rating": ratings_for([practitioner.id])[practitioner.id], "reviews": page, "sorts": REVIEW_SORTS}


def own_profile(slug: str) -> Practitioner | None:
    """The practitioner with this slug when the viewer is that practitioner or an admin; None for anyone else."""
    if not current_user.is_authenticated or not current_user.has_role("practitioner", "admin"):
        return None
    practitioner = db.session.scalar(select(Practitioner).where(Practitioner.slug == slug))
    if practitioner is None or not (current_user.has_role("admin") or practitioner.user_id == current_user.id):
        return None
    return practitioner


def _preview(practitioner: Practitioner, seen: Standing, today: date):
    """The profile as patients would see it, under a banner saying what keeps it from them; never indexed or cached.

    Nothing in a preview can be booked, and "Registration verified" shows only when it is true.
    """
    years = whole_years(registration_since(practitioner, today), today)
    response = make_response(render_template(
        "directory/profile.html", practitioner=practitioner, years=years, standing=seen, jsonld=None,
        credentials=current_credentials(practitioner, today), badge=badge_for(practitioner, today),
        verdict=Bookability(False, "Preview: patients cannot book a profile that is not public."), openings=()))
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/about/verification")
def about():
    """How Verity checks credentials and what its badges mean."""
    return render_template("directory/about.html")
