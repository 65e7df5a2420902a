"""Pinned instants and small helpers for the booking tests."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
# Pages are tested at a fixed instant: Monday 2 March 2026, 08:00 in London (GMT, so 08:00 UTC).
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def at(zone: str, *args) -> datetime:
    """A wall time in a zone as a UTC instant: at('Europe/London', 2026, 3, 2, 9) (first occurrence if repeated)."""
    return datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def wall(instant: datetime, zone: str) -> str:
    """An instant on a zone's clocks as 'YYYY-MM-DD HH:MM'."""
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def page_text(response) -> str:
    """A response's HTML with runs of whitespace squashed, so phrases wrapped in templates still match."""
    return " ".join(response.get_data(as_text=True).split())


def words(response) -> str:
    """The text a reader sees: tags removed and whitespace squashed."""
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split()).replace(" ,", ",")
