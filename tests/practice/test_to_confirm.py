"""The practitioner's "To confirm" list: bookings and consultation requests awaiting them, soonest first."""
import re
from datetime import timedelta

from sqlalchemy import select

from booking.models import Booking
from core.extensions import db
from tests.booking.conftest import (add_booking, app_config, bookable, make_bookable, make_patient,  # noqa: F401
                                    patient)
from tests.booking.helpers import NOW, at
from tests.helpers import csrf_token, login, outbox_to, submit, text_of


def to_confirm(page: str) -> str:
    """The "To confirm" section of the dashboard."""
    return page.split('id="to-confirm-heading"', 1)[1].split("</section>", 1)[0]


def test_bookings_awaiting_confirmation_are_listed_soonest_first_and_confirmed_from_there(
        client, bookable, patient, make_patient, add_booking, make_bookable):
    later = add_booking(bookable, patient, at("Europe/London", 2026, 3, 5, 10))
    sooner = add_booking(bookable, make_patient(name="Cora Consult"), at("Europe/London", 2026, 3, 3, 11),
                         kind="consultation")
    add_booking(bookable, patient, at("Europe/London", 2026, 3, 4, 9), status="confirmed")
    add_booking(bookable, patient, NOW - timedelta(days=1))  # past: nothing to confirm any more
    add_booking(make_bookable(name="Dr Else"), patient, at("Europe/London", 2026, 3, 3, 9))
    login(client, bookable.practitioner.user.email)
    page = text_of(client.get("/practice/"))
    section = to_confirm(page)
    assert "To confirm (2)" in section
    assert section.index("Cora Consult") < section.index("Pat Patient")
    assert "Consultation request:" in section and "Tuesday 3 March 2026" in section
    confirm = f"/practice/booking/bookings/{sooner.id}/confirm"
    assert f'action="{confirm}"' in section
    response = client.post(confirm, data={"csrf_token": csrf_token(page), "next": "/practice/"}, follow_redirects=True)
    assert "The booking of Cora Consult is confirmed" in text_of(response)
    assert "To confirm (1)" in to_confirm(text_of(response))
    assert db.session.get(Booking, sooner.id).status == "confirmed"
    assert len(outbox_to(sooner.patient.email)) == 1
    decline = re.search(r'href="([^"]+)">Decline', to_confirm(text_of(response))).group(1)
    assert decline == f"/practice/booking/bookings/{later.id}/cancel"
    submit(client, decline, {"reason": "I am away that week, sorry."})
    db.session.expire_all()
    assert db.session.get(Booking, later.id).status == "cancelled"
    assert "Nothing waits for you" in to_confirm(text_of(client.get("/practice/")))
    assert db.session.scalar(select(Booking).where(Booking.id == later.id)).cancellation_reason
