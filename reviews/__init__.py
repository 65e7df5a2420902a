"""Verified reviews: only a patient whose booking the practitioner marked attended may review it, once.

- `models`: reviews and the review request sent for each attended booking.
- `rules`: pure functions (limits, the abuse check, who is an insider, when a request is due, rounding).
- `services`: the only writer (post, reply, report, publish, remove, request, export and erase).
- `queries`: the read side for screens (ratings for a page of results in one query, a profile's reviews).
- `views`: the patient's pages (write a review from the emailed link, the reviews policy).
"""
