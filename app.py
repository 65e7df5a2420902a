"""Application factory for Verity, the directory of verified aesthetic practitioners."""
import os

from flask import Flask
from werkzeug.routing import IntegerConverter

from core import settings
from core.extensions import MAX_ID, csrf, db, limiter, login_manager, migrate


def create_app(test_config=None):
    """Build the app: settings from the environment, then the test overrides."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(settings.load(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    import_models()
    register_extensions(app)
    app.url_map.converters["int"] = DatabaseId  # before the blueprints add their rules
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


class DatabaseId(IntegerConverter):
    """`<int:...>` in a URL, at most a database id: a larger number is a 404, not a driver overflow."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def import_models():
    """Import every model module so the metadata (and migrations) know all tables."""
    import accounts.models  # noqa: F401
    import audit.models  # noqa: F401
    import booking.models  # noqa: F401
    import compliance.models  # noqa: F401
    import credentials.models  # noqa: F401
    import directory.models  # noqa: F401


def register_extensions(app):
    """Bind the unbound extensions to this app."""
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    from core.db import install_sqlite_pragmas
    from compliance import sync
    from credentials import listing
    from directory import freshness

    install_sqlite_pragmas(app)
    listing.install()
    sync.install()
    freshness.install()  # last: its before_commit write must follow the badge refresh


def register_blueprints(app):
    """Register each domain's blueprint."""
    from accounts.views import bp as accounts_bp
    from admin.views import bp as admin_bp
    from booking.api import bp as booking_api_bp
    from booking.practice_views import bp as booking_practice_bp
    from booking.views import bp as booking_bp
    from compliance.api import bp as compliance_api_bp
    from compliance.views import bp as compliance_bp
    from directory.api import bp as api_bp
    from directory.views import bp as directory_bp
    from core.health import bp as health_bp
    from practice.views import bp as practice_bp

    for blueprint in (directory_bp, api_bp, accounts_bp, admin_bp, booking_bp, practice_bp, health_bp,
                      compliance_bp, compliance_api_bp, booking_api_bp, booking_practice_bp):
        app.register_blueprint(blueprint)
    from core import http as security

    security.install(app)


def register_errorhandlers(app):
    """Answer errors with friendly pages, or JSON on API routes."""
    from core import errors

    errors.install(app)


def register_commands(app):
    """Register the `flask --app app ...` commands."""
    import commands

    commands.install(app)
