"""Application factory for Verity, the directory of verified aesthetic practitioners."""
import os
from typing import NamedTuple

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from core import settings, tasks
from core.db import Hook, install_session_listeners
from core.extensions import MAX_ID, csrf, db, limiter, login_manager, migrate


def create_app(test_config=None):
    """Build the app: settings from the environment, then the test overrides."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(settings.load(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    return app


def trust_proxies(app):
    """Believe the X-Forwarded-* headers of TRUSTED_PROXIES hops, so the client's address and scheme are seen.

    Only the rightmost entries (the ones our own proxies appended) count; with no hop, none is read,
    so a client cannot forge its address past the rate limits or claim https.
    """
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


class DatabaseId(IntegerConverter):
    """`<int:...>` in a URL, at most a database id: a larger number is a 404, not a driver overflow."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


class SessionListeners(NamedTuple):
    """Every session hook, in the order it must run (SQLAlchemy runs one event's hooks in install order).

    The listing facts follow each flush; before commit the badge rows are refreshed and only then is
    the search token written, last, so it covers the badge rows and is the transaction's final lock.
    """

    listing: tuple[Hook, ...]  # credentials.listing: listed_until after every flush
    badges: tuple[Hook, ...]  # compliance.sync: stored badges before commit
    pages: tuple[Hook, ...]  # booking, reviews, licensing: what cards show besides the listing (free times, ratings, bars)
    freshness: tuple[Hook, ...]  # directory.freshness: the search token, after the badge rows


def session_listeners() -> SessionListeners:
    """The domains' session hooks, in their order."""
    from compliance import sync
    from credentials import listing
    from booking import freshness as booking_freshness
    from directory import freshness
    from licensing import freshness as licensing_freshness
    from reviews import freshness as reviews_freshness

    pages = (*booking_freshness.HOOKS, *reviews_freshness.HOOKS, *licensing_freshness.HOOKS)
    return SessionListeners(listing=listing.HOOKS, badges=sync.HOOKS, pages=pages, freshness=freshness.HOOKS)


def register_extensions(app):
    """Bind the unbound extensions, the session hooks and the `<int:...>` converter to this app."""
    import_models()
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    install_session_listeners(app, session_listeners())
    tasks.install()  # after_commit: wakes the mail worker; independent of the before_commit order above
    app.url_map.converters["int"] = DatabaseId  # before the blueprints add their rules


def import_models():
    """Import every model module so the metadata (and migrations) know all tables."""
    import accounts.models  # noqa: F401
    import audit.models  # noqa: F401
    import booking.models  # noqa: F401
    import booking.policy  # noqa: F401
    import compliance.models  # noqa: F401
    import core.outbox  # noqa: F401
    import credentials.models  # noqa: F401
    import directory.models  # noqa: F401
    import reviews.models  # noqa: F401
    import intake.models  # noqa: F401
    import eligibility.models  # noqa: F401
    import batches.models  # noqa: F401
    import complications.models  # noqa: F401
    import licensing.models  # noqa: F401


def register_blueprints(app):
    """Register each domain's blueprint, the security headers and the error pages."""
    from accounts.views import bp as accounts_bp
    from admin.views import bp as admin_bp
    from batches.display import install as install_batches
    from api import bp as api_bp
    from booking.views import bp as booking_bp
    from compliance.views import bp as compliance_bp
    from complications.display import install as install_complications
    from complications.views import bp as complications_bp
    from core import assets, dates, errors, http
    from core.robots import bp as robots_bp
    from core.health import bp as health_bp
    from browse.views import bp as directory_bp
    from directory.conventions import convention_of
    from eligibility.restriction import install as install_eligibility
    from licensing.display import install as show_licensing
    from licensing.restriction import install as install_licensing
    from eligibility.views import bp as eligibility_bp
    from intake.prerequisite import install as install_intake
    from intake.views import bp as intake_bp
    from practice.booking_views import bp as booking_practice_bp
    from practice.intake_views import bp as intake_practice_bp
    from practice.views import bp as practice_bp
    from privacy.legal import bp as legal_bp
    from privacy.views import bp as account_bp
    from reviews.views import bp as reviews_bp
    from transparency.views import bp as transparency_bp

    for blueprint in (directory_bp, api_bp, accounts_bp, admin_bp, booking_bp, practice_bp, health_bp,
                      compliance_bp, booking_practice_bp, robots_bp, reviews_bp, intake_bp, intake_practice_bp,
                      account_bp, legal_bp, eligibility_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(complications_bp)  # "report a problem" from a patient's booking page or email
    app.register_blueprint(transparency_bp)  # the public report: reads the domains, like a screen
    install_intake(app)  # booking asks for the health questions before a prescription-only treatment
    install_eligibility(app)  # booking asks for the date of birth and refuses what the age rules forbid
    show_licensing(app)  # the profile lists each treatment's tier and requirements (templates/licensing/_profile.html)
    install_licensing(app)  # booking refuses a treatment whose licensing tier is unmet where the scheme is in force
    install_batches(app)  # the patient's booking page lists the products used (templates/batches/_booking.html)
    install_complications(app)  # booking pages list a booking's problem reports (templates/complications/)
    assets.install(app)  # before the headers: its compression runs after every other hook
    http.install(app)
    errors.install(app)
    dates.install(app, convention_of)  # the human_date filters, in each reader's convention
    install_page_cache(app)


def install_page_cache(app):
    """Keep anonymous search pages and API answers until a booking, an edit or a shown free time's notice ends them.

    Installed last, so its after_request hook runs first: it keeps what the view answered, and the
    security headers and compression are added on every answer, kept or not.
    """
    from core import pagecache
    from directory.freshness import page_token

    pagecache.install(app, ("directory.search", "api.practitioners"), page_token)


def register_commands(app):
    """Register each domain's `flask --app app ...` commands."""
    from accounts.commands import create_admin
    from booking.commands import cancel_unlisted_command, send_reminders_command
    from compliance.commands import check_claims_command, refresh_badges_command, train_claims_command
    from credentials.commands import send_expiry_reminders
    from demo.commands import seed
    from eligibility.commands import correct_birth_date_command
    from directory.commands import check_addresses_command
    from importer import import_practitioners_command
    from reviews.commands import send_review_requests_command
    from geo.commands import build_gazetteer_command

    for command in (create_admin, seed, build_gazetteer_command, send_expiry_reminders, send_reminders_command,
                    import_practitioners_command, check_claims_command, refresh_badges_command, train_claims_command,
                    check_addresses_command, cancel_unlisted_command, send_review_requests_command,
                    correct_birth_date_command):
        app.cli.add_command(command)
    from worker.commands import install as install_worker_commands

    install_worker_commands(app)
