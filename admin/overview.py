"""The admin's overview: the counts an admin needs at a glance."""
from flask import render_template
from sqlalchemy import func, select

from accounts.models import User
from admin.blueprint import bp
from compliance.models import ClaimReview, ClaimStatus
from core import clock
from core.extensions import db
from credentials.models import Credential, CredentialStatus
from directory.models import Practitioner


@bp.get("/")
def dashboard():
    """Counts an admin needs at a glance: users, practitioners, pending credentials, wording to review, checks due."""
    counts = {
        "users": db.session.scalar(select(func.count(User.id))),
        "practitioners": db.session.scalar(select(func.count(Practitioner.id))),
        "pending": db.session.scalar(select(func.count(Credential.id)).where(
            Credential.status == CredentialStatus.PENDING.value)),
        "checks_due": db.session.scalar(select(func.count(Credential.id)).where(
            Credential.status == CredentialStatus.VERIFIED.value, Credential.next_check_on <= clock.today())),
        "claims": db.session.scalar(select(func.count(ClaimReview.id)).where(
            ClaimReview.status == ClaimStatus.PENDING.value)),
        "suspended": db.session.scalar(select(func.count(Practitioner.id)).where(
            Practitioner.suspended_at.is_not(None))),
    }
    return render_template("admin/dashboard.html", counts=counts)
