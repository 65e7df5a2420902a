"""A patient's name reaches the practitioner's email subject: a line break typed into it must neither
inject a header nor crash the booking (the outbox refuses a subject with a line break)."""
from booking.models import Booking
from core.extensions import db
from tests.booking.conftest import app_config, bookable, make_bookable, make_patient, patient  # noqa: F401
from tests.helpers import login, submit

NAME = "Pat <b>Patient</b>\r\nBcc: everyone@example.com"


def test_a_line_break_in_the_patients_name_books_on_one_line_and_injects_no_header(client, bookable,  # noqa: F811
                                                                                  patient, mailbox):  # noqa: F811
    login(client, patient.email)
    response = submit(client, f"/practitioners/{bookable.practitioner.slug}/book/confirm?treatment="
                              f"{bookable.offering.treatment.slug}&clinic={bookable.clinic.id}&start=2026-03-03T09:00Z",
                      {"patient_name": NAME})
    assert response.status_code == 302, response.status_code
    booking = db.session.query(Booking).one()
    assert booking.patient_name == "Pat <b>Patient</b> Bcc: everyone@example.com"
    [message] = mailbox.to(bookable.practitioner.user.email)
    assert message["Subject"].endswith("(Pat <b>Patient</b> Bcc: everyone@example.com)") and message["Bcc"] is None
    assert all("everyone@example.com" not in (message[header] or "") for header in ("To", "Cc", "Bcc"))
    html = message.get_body(("html",)).get_content()
    assert "<b>Patient</b>" not in html and "Pat &lt;b&gt;Patient&lt;/b&gt;" in html
