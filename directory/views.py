"""Public directory pages and the practitioner's own dashboard."""
from flask import Blueprint, render_template, request

from directory.forms import SearchForm

bp = Blueprint("directory", __name__)


@bp.get("/")
def home():
    """The home page with the 'find a practitioner' box."""
    return render_template("directory/home.html", form=SearchForm())


@bp.get("/search")
def search():
    """Search results for a place and radius."""
    form = SearchForm(request.args)
    return render_template("directory/search.html", form=form)


@bp.get("/about/verification")
def about():
    """How Verity checks credentials and what its badges mean."""
    return render_template("directory/about.html")
