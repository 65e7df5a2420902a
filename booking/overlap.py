"""The one overlap rule of the booking system: half-open ranges [start, end)."""


def overlaps(a_start, a_end, b_start, b_end):
    """True when [a_start, a_end) and [b_start, b_end) share an instant.

    Works on datetimes in Python and on columns in SQL alike (`&` is `and` for booleans and
    `AND` for SQLAlchemy expressions), so the slot generator, the booking check and the
    queries all use this one function. Ranges that only touch (one ends as the other starts)
    do not overlap, exactly like PostgreSQL's `tstzrange(..., '[)') && ...`.
    """
    return (a_start < b_end) & (b_start < a_end)
