"""Not compliant means not bookable until an admin clears it: putting the badge right alone reopens nothing."""
import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from core.extensions import db
from directory.models import ComplianceBadgeRow
from tests.booking.helpers import NOW, words
from tests.helpers import login, submit

MANCHESTER = "/search?lat=53.4794&lon=-2.2453&radius=20&unit=km"


@pytest.fixture
def app_config(app_config):
    """Pages run at the pinned instant NOW (Monday 2 March 2026, 08:00 in London)."""
    app_config["CLOCK_NOW"] = NOW
    return app_config


def put_right(target):
    """The practitioner rewrites the bio that broke the rule (the badge sync runs on commit)."""
    target.practitioner.bio = "Calm, careful skin treatments."
    db.session.commit()


def hold_of(target) -> ComplianceBadgeRow:
    """The stored badge row, as committed."""
    db.session.expire_all()
    return db.session.get(ComplianceBadgeRow, target.practitioner.id)


def slots(client, target):
    """The practitioner's slots through the API."""
    return client.get(f"/api/v1/practitioners/{target.practitioner.id}/slots", query_string={
        "treatment": target.offering.treatment.slug, "clinic": target.clinic.id})


def clear(client, target, reason="Bio rewritten without drug claims; checked today."):
    """An admin reopens bookings from the practitioner's admin page."""
    url = f"/admin/practitioners/{target.practitioner.id}"
    return submit(client, f"{url}/clear-hold", {"hold-reason": reason}, page=url)


def test_a_badge_put_right_stays_held_until_an_admin_clears_it(client, not_compliant, make_user):
    held_since = hold_of(not_compliant).bookings_held_since
    assert held_since is not None
    put_right(not_compliant)
    assert (hold_of(not_compliant).status, hold_of(not_compliant).bookings_held_since) != ("not_compliant", None)
    assert hold_of(not_compliant).bookings_held_since == held_since
    card = words(client.get(MANCHESTER))
    assert "our team is checking the changes they made before bookings reopen" in card and "Next free" not in card
    assert slots(client, not_compliant).status_code == 409
    assert slots(client, not_compliant).get_json()["code"] == "not_bookable"

    admin = make_user(role="admin", email="ada@example.com")
    login(client, admin.email)
    assert "Bookings held" in words(client.get(f"/admin/practitioners/{not_compliant.practitioner.id}"))
    assert clear(client, not_compliant).status_code == 302
    assert hold_of(not_compliant).bookings_held_since is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "compliance.hold_cleared"))
    assert event.actor_id == admin.id and event.reason == "Bio rewritten without drug claims; checked today."
    client.post("/logout")
    assert slots(client, not_compliant).status_code == 200
    assert "Next free" in words(client.get(MANCHESTER))


def test_an_admin_cannot_clear_a_hold_while_the_badge_is_still_not_compliant(client, not_compliant, make_user):
    login(client, make_user(role="admin", email="ada@example.com").email)
    response = clear(client, not_compliant)
    assert response.status_code == 200
    assert "still not compliant" in words(response)
    assert hold_of(not_compliant).bookings_held_since is not None
    assert slots(client, not_compliant).status_code == 409
