"""The JSON API: one blueprint at /api/v1, whose every error is an RFC 9457 problem document.

The routes are listed here, in one table; each view lives in the module of its resource.
A Refusal raised by a view or the service it calls is answered by `core.refusal.problem_response`.
"""
from flask import Blueprint

from api import bookings, claims, openapi, places, practitioners, problems, treatments
from core.refusal import Refusal, problem_response

ROUTES = [
    ("/practitioners", "GET", practitioners.practitioners),
    ("/places", "GET", places.places),
    ("/treatments", "GET", treatments.treatments),
    ("/practitioners/<int:practitioner_id>/slots", "GET", bookings.slots),
    ("/bookings", "POST", bookings.create_booking),
    ("/bookings/<int:booking_id>", "GET", bookings.get_booking),
    ("/bookings/<int:booking_id>/reschedule", "POST", bookings.reschedule_booking),
    ("/claims/check", "POST", claims.check),
    ("/openapi.json", "GET", openapi.openapi),
]

bp = Blueprint("api", __name__, url_prefix="/api/v1")
for rule, method, view in ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=[method])
bp.register_error_handler(Refusal, problem_response)
