"""The practice blueprint, under /practice: a practitioner's own pages, and the helpers their templates share."""
from flask import Blueprint

from directory.offerings import format_money

bp = Blueprint("practice", __name__, url_prefix="/practice")


@bp.context_processor
def practice_helpers():
    """Helpers the practice templates share."""
    return {"money": format_money}
