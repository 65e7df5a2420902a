"""Reading reviews for the screens: ratings for a page of results in one query, a profile's reviews, the queues.

Nothing here changes a row; reviews/services does. Only published reviews are shown or counted.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from audit.models import AuditEvent
from core.extensions import db
from reviews import rules
from reviews.models import Review, ReviewStatus

SHOWN = Review.status == ReviewStatus.PUBLISHED.value
ORDERS = {"newest": (Review.published_at.desc(), Review.id.desc()),
          "oldest": (Review.published_at, Review.id),
          "highest": (Review.stars.desc(), Review.published_at.desc(), Review.id.desc()),
          "lowest": (Review.stars, Review.published_at.desc(), Review.id.desc())}


@dataclass(frozen=True)
class Rating:
    """A practitioner's average of every shown review, rounded to one decimal, and how many there are."""

    average: float | None
    count: int

    def as_json(self) -> dict:
        """{"average": 4.6 or null, "count": n}, as the API gives it."""
        return {"average": self.average, "count": self.count}


NO_REVIEWS = Rating(None, 0)


def ratings_for(practitioner_ids) -> dict[int, Rating]:
    """Each practitioner's rating, in one query for a whole page; practitioners with no shown review get NO_REVIEWS."""
    ids = sorted(set(practitioner_ids))
    ratings = dict.fromkeys(ids, NO_REVIEWS)
    if ids:
        rows = db.session.execute(select(Review.practitioner_id, func.sum(Review.stars), func.count(Review.id))
                                  .where(Review.practitioner_id.in_(ids), SHOWN).group_by(Review.practitioner_id))
        ratings.update({pid: Rating(rules.average(int(total), count), count) for pid, total, count in rows})
    return ratings


@dataclass
class ReviewPage:
    """One page of a practitioner's shown reviews, in the order asked for."""

    items: list[Review]
    total: int
    page: int
    sort: str

    @property
    def pages(self) -> int:
        """How many pages the reviews fill."""
        return max(1, -(-self.total // rules.PER_PAGE))


def shown_reviews(practitioner_id: int, page: int = 1, sort: str = "newest") -> ReviewPage:
    """A page of the practitioner's shown reviews, newest first unless another known order is asked for."""
    sort = rules.sort_of(sort)
    where = (Review.practitioner_id == practitioner_id, SHOWN)
    total = db.session.scalar(select(func.count(Review.id)).where(*where))
    page = min(max(page, 1), max(1, -(-total // rules.PER_PAGE)))
    items = db.session.scalars(select(Review).where(*where).order_by(*ORDERS[sort])
                               .limit(rules.PER_PAGE).offset((page - 1) * rules.PER_PAGE))
    return ReviewPage(list(items), total, page, sort)


def practitioner_reviews(practitioner_id: int) -> list[Review]:
    """Every review of the practitioner's practice that patients see or an admin holds, newest first."""
    return list(db.session.scalars(select(Review).where(
        Review.practitioner_id == practitioner_id, Review.status != ReviewStatus.REMOVED.value)
        .order_by(Review.created_at.desc(), Review.id.desc()).limit(200)))


def own_review(practitioner, review_id: int) -> Review | None:
    """A review of the practitioner's practice, or None (another's is treated as missing)."""
    review = db.session.get(Review, review_id)
    return review if review is not None and review.practitioner_id == practitioner.id else None


def waiting() -> list[Review]:
    """Reviews an admin must look at: held for a claim, with a held reply, or reported; oldest first."""
    return list(db.session.scalars(select(Review).where(
        or_(Review.status == ReviewStatus.HELD.value, Review.reported_at.is_not(None), Review.reply_held))
        .order_by(Review.created_at, Review.id)))


def trail(review_id: int) -> list[AuditEvent]:
    """The review's audit trail, oldest first."""
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == "review", AuditEvent.subject_id == review_id).order_by(AuditEvent.id)))
