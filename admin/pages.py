"""What the admin screens share: a page of rows, the page asked for, and carrying out a decision."""
from dataclasses import dataclass

from flask import redirect, request
from sqlalchemy import Select, func, select

from core.extensions import db
from core.forms import carry_out

PER_PAGE = 25


@dataclass
class Page:
    """One page of rows and how many there are in all."""

    items: list
    total: int
    page: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        """How many pages the rows fill."""
        return max(1, -(-self.total // self.per_page))


def paginate(statement: Select, page: int, per_page: int = PER_PAGE) -> Page:
    """Run a select for one page, with the total count."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    page = min(max(page, 1), max(1, -(-total // per_page)))
    items = list(db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, total, page, per_page)


def page_number() -> int:
    """The ?page= argument, 1 when missing or not a number."""
    return max(request.args.get("page", 1, type=int) or 1, 1)


def decision_made(form, decision, success: str, done: str, again):
    """An admin's decision from a POST: made (its email queued) then on to `done`, or refused and shown again."""
    if form.validate_on_submit() and carry_out(form, decision, success):
        return redirect(done)
    return again(form)


def cancelled_note(delisting) -> str:
    """The end of an admin's message after a suspension or revocation: the bookings it cancelled, if any."""
    count = len(delisting.bookings) if delisting else 0
    if not count:
        return ""
    if count == 1:
        return " 1 future booking was cancelled and the patient told."
    return f" {count} future bookings were cancelled and the patients told."
