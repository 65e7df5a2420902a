"""Access to a practitioner's own pages: every such view receives the logged-in user's profile."""
from functools import wraps

from flask import flash, redirect, url_for
from flask_login import current_user

from directory.queries import practitioner_of


def profile_required(view):
    """Pass the logged-in practitioner's profile to the view, or send them to create one."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        practitioner = practitioner_of(current_user)
        if practitioner is None:
            flash("Please create your profile first.", "info")
            return redirect(url_for("practice.create_profile"))
        return view(practitioner, *args, **kwargs)

    return wrapped
