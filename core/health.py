"""A health check for load balancers and monitoring."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from core.extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Answer 200 when the app can reach its database, 503 when it cannot."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})
