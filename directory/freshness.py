"""Tell every worker's listing index that search data changed, in the transaction that changed it.

A flush (or a bulk UPDATE/DELETE) touching anything search reads marks the session; just before
commit the session writes a new random token into `search_generation`. The write comes last in
the transaction, after every other row lock is held, so two writers cannot deadlock on it.
"""
import secrets

from flask import has_app_context

from directory.models import Clinic, ComplianceBadgeRow, Offering, Practitioner, SearchGeneration, Treatment
from core.db import Hook, forget_on_rollback
from core.extensions import db

STALE_KEY = "search_index_stale"


def bump_generation(connection) -> int:
    """Store a new random token (inserting the row if missing) and return it."""
    token = secrets.randbits(62)
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(SearchGeneration).values(id=1, token=token)
    connection.execute(statement.on_conflict_do_update(index_elements=["id"], set_={"token": token}))
    return token


def watch(*models) -> tuple[Hook, Hook]:
    """Hooks that mark the session when a flush or a bulk UPDATE/DELETE changes one of these models.

    Directory watches its own tables below. A higher domain whose changes reach search another way
    (credentials rewrites the listing facts in SQL, which no flush sees) adds these hooks for its model.
    """

    def note_flush(session, _flush_context) -> None:
        """After a flush: remember if it touched anything search reads."""
        added_or_removed = any(isinstance(obj, models) for obj in [*session.new, *session.deleted])
        # A dirty object counts only if a value really changed (an import re-run sets the same ones).
        if added_or_removed or any(isinstance(obj, models) and session.is_modified(obj, include_collections=False)
                                   for obj in session.dirty):
            session.info[STALE_KEY] = True

    def note_bulk(orm_execute_state) -> None:
        """A bulk ORM UPDATE or DELETE on a watched table marks the session too."""
        if orm_execute_state.is_update or orm_execute_state.is_delete:
            mapper = orm_execute_state.bind_mapper
            if mapper is not None and issubclass(mapper.class_, models):
                orm_execute_state.session.info[STALE_KEY] = True

    return Hook("after_flush", note_flush), Hook("do_orm_execute", note_bulk)


def _bump_before_commit(session) -> None:
    """Just before commit: flush what is pending, then store a new token if search data changed."""
    if not has_app_context() or session is not db.session():
        return
    session.flush()
    if session.info.pop(STALE_KEY, False):
        bump_generation(session.connection())


# Install after every other before_commit hook that writes search data: the token must come last.
# What the index copies or filters on: places, listing facts, professions, offerings, badges.
HOOKS = (*watch(Clinic, Practitioner, Offering, Treatment, ComplianceBadgeRow),
         Hook("before_commit", _bump_before_commit), Hook("after_soft_rollback", forget_on_rollback(STALE_KEY)))
