"""Tell every worker's listing index that search data changed, in the transaction that changed it.

A flush (or a bulk UPDATE/DELETE) touching anything search reads marks the session; just before
commit the session writes a new random token into `search_generation`. The write comes last in
the transaction, after every other row lock is held, so two writers cannot deadlock on it.

Row SEARCH_ROW is what the listing index reads. Row PAGES_ROW changes with what a search page shows
beside the listing (free times, ratings): higher domains mark it with `watch(..., key=PAGES_STALE_KEY)`.
`page_token` reads both in one plain query, for the whole-page cache (core/pagecache.py).
"""
import secrets

from flask import has_app_context
from sqlalchemy import text

from directory.models import Clinic, ComplianceBadgeRow, Offering, Practitioner, SearchGeneration, Treatment
from core.db import Hook, forget_on_rollback
from core.extensions import db

STALE_KEY = "search_index_stale"
PAGES_STALE_KEY = "search_pages_stale"
SEARCH_ROW, PAGES_ROW = 1, 2
PAGE_TOKEN_SQL = text("SELECT id, token FROM search_generation ORDER BY id")


def page_token() -> str:
    """Both tokens as one string: it changes whenever listing data or anything else a search page shows changes."""
    return ",".join(f"{row}:{token}" for row, token in db.session.execute(PAGE_TOKEN_SQL))


def bump_generation(connection, row: int = SEARCH_ROW) -> int:
    """Store a new random token in this row (inserting it if missing) and return it."""
    token = secrets.randbits(62)
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(SearchGeneration).values(id=row, token=token)
    connection.execute(statement.on_conflict_do_update(index_elements=["id"], set_={"token": token}))
    return token


def watch(*models, key: str = STALE_KEY) -> tuple[Hook, Hook]:
    """Hooks that mark the session (`key`) when a flush or a bulk UPDATE/DELETE changes one of these models.

    Directory watches its own tables below. A higher domain whose changes reach search another way
    (credentials rewrites the listing facts in SQL, which no flush sees) adds these hooks for its model.
    """

    def note_flush(session, _flush_context) -> None:
        """After a flush: remember if it touched anything search reads."""
        added_or_removed = any(isinstance(obj, models) for obj in [*session.new, *session.deleted])
        # A dirty object counts only if a value really changed (an import re-run sets the same ones).
        if added_or_removed or any(isinstance(obj, models) and session.is_modified(obj, include_collections=False)
                                   for obj in session.dirty):
            session.info[key] = True

    def note_bulk(orm_execute_state) -> None:
        """A bulk ORM UPDATE or DELETE on a watched table marks the session too."""
        if orm_execute_state.is_update or orm_execute_state.is_delete:
            mapper = orm_execute_state.bind_mapper
            if mapper is not None and issubclass(mapper.class_, models):
                orm_execute_state.session.info[key] = True

    return Hook("after_flush", note_flush), Hook("do_orm_execute", note_bulk)


def _bump_before_commit(session) -> None:
    """Just before commit: flush what is pending, then store new tokens for what changed (pages row, then search)."""
    if not has_app_context() or session is not db.session():
        return
    session.flush()
    pages, search = session.info.pop(PAGES_STALE_KEY, False), session.info.pop(STALE_KEY, False)
    if pages:
        bump_generation(session.connection(), PAGES_ROW)
    if search:
        bump_generation(session.connection(), SEARCH_ROW)


# Install after every other before_commit hook that writes search data: the token must come last.
# What the index copies or filters on: places, listing facts, professions, offerings, badges.
HOOKS = (*watch(Clinic, Practitioner, Offering, Treatment, ComplianceBadgeRow),
         Hook("before_commit", _bump_before_commit), Hook("after_soft_rollback", forget_on_rollback(STALE_KEY)),
         Hook("after_soft_rollback", forget_on_rollback(PAGES_STALE_KEY)))
