"""GET /api/v1/treatments: the catalogue, each treatment's licensing tier per jurisdiction (ENG-LICENCE).

`on` asks for the tiers in force on another date, so a client can see a law change coming (a new dated row).
"""
from flask import jsonify, request
from sqlalchemy import select

from api.problems import INVALID_DATE, bad_request
from booking.flow import parse_day
from core import clock
from core.extensions import db
from directory.models import Treatment
from licensing.rules import tiers_of


def treatment_json(treatment: Treatment, day) -> dict:
    """One catalogue treatment as the API describes it, with its tiers on `day`."""
    return {"slug": treatment.slug, "name": treatment.name, "category": treatment.category,
            "prescription_only": treatment.prescription_only, "adults_only": treatment.adults_only,
            "tiers": tiers_of(treatment.slug, day)}


def treatments():
    """Every catalogue treatment, by name, with its tiers today or on `on`."""
    raw = request.args.get("on")
    day = parse_day(raw) if raw is not None else clock.today()
    if day is None:
        raise bad_request(INVALID_DATE, "Give on as a date, YYYY-MM-DD.", "on")
    rows = db.session.scalars(select(Treatment).order_by(Treatment.name, Treatment.id))
    return jsonify({"on": day.isoformat(), "treatments": [treatment_json(t, day) for t in rows]})
