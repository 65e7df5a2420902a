"""Mark search pages stale when reviews change: each card shows its practitioner's rating."""
from directory import freshness
from reviews.models import Review

HOOKS = freshness.watch(Review, key=freshness.PAGES_STALE_KEY)
