"""Mark search pages stale when what their cards show of booking changes: free times come from these rows."""
from booking.models import Booking, DateOverride, OpeningHours, TimeOff
from directory import freshness

# Bookings, opening hours, date overrides and time off decide a card's next free times.
HOOKS = freshness.watch(Booking, OpeningHours, DateOverride, TimeOff, key=freshness.PAGES_STALE_KEY)
