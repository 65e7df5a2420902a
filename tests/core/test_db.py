"""core/db.py installs every session hook, once, in the order app.py states."""
from app import SessionListeners, create_app, session_listeners
from core.extensions import db


def installed(event: str) -> list:
    """The functions a session calls for this event, in the order it calls them."""
    return list(getattr(db.session().dispatch, event))


def test_the_order_is_listing_then_badges_then_the_search_token():
    assert SessionListeners._fields == ("listing", "badges", "pages", "freshness")
    listeners = session_listeners()
    before_commit = [hook.function for hooks in listeners for hook in hooks if hook.event == "before_commit"]
    assert [f.__module__ for f in before_commit] == ["compliance.sync", "directory.freshness"]
    after_flush = [hook.function for hooks in listeners for hook in hooks if hook.event == "after_flush"]
    assert after_flush[0].__module__ == "credentials.listing"  # listed_until first, then who noticed what


def test_sessions_run_the_hooks_in_that_order_and_once(app, app_config):
    create_app(app_config)  # a second app installs nothing twice
    listeners = session_listeners()
    for event in ("before_flush", "after_flush", "after_flush_postexec", "before_commit", "after_soft_rollback"):
        ours = [hook.function for hooks in listeners for hook in hooks if hook.event == event]
        assert [f for f in installed(event) if f in ours] == ours, event
