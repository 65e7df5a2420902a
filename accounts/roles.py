"""Role checks for views: anonymous users go to login, the wrong role gets 403."""
from functools import wraps

from flask import abort
from flask_login import current_user

from core.extensions import login_manager


def role_required(*roles):
    """Allow only logged-in users holding one of the roles."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
