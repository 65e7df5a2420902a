"""Mark search pages stale when a licence or an oversight changes: cards say whether a treatment may be booked."""
from directory import freshness
from licensing.models import Licence, Oversight

HOOKS = freshness.watch(Licence, Oversight, key=freshness.PAGES_STALE_KEY)
