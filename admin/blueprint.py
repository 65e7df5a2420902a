"""The admin blueprint, under /admin: only users with the admin role may open any of its screens."""
from flask import Blueprint

from accounts.roles import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@role_required("admin")
def admins_only():
    """Every admin screen: anyone logged out goes to log in, any other role gets 403."""
