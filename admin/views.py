"""Admin pages: only users with the admin role may open them."""
from flask import Blueprint, render_template
from sqlalchemy import func, select

from accounts.models import User
from credentials.models import Credential, CredentialStatus
from directory.models import Practitioner
from extensions import db
from roles import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@role_required("admin")
def dashboard():
    """Counts an admin needs at a glance: users, practitioners, pending credentials."""
    counts = {
        "users": db.session.scalar(select(func.count(User.id))),
        "practitioners": db.session.scalar(select(func.count(Practitioner.id))),
        "pending": db.session.scalar(select(func.count(Credential.id)).where(
            Credential.status == CredentialStatus.PENDING.value)),
    }
    return render_template("admin/dashboard.html", counts=counts)
