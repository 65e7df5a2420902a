"""The batch screens: the practitioner records from the agenda, the patient reads it, an admin enters a recall."""
from datetime import timedelta

from sqlalchemy import select

from batches import services
from batches.models import ProductUse
from core.extensions import db
from tests.batches.conftest import FILLER, RECALL
from tests.booking.helpers import NOW, words
from tests.helpers import login, submit

FORM = {"product_name": "Juvederm Volift", "manufacturer": "Allergan", "batch_number": "AB-123 45",
        "expires_on": "2027-06-30", "quantity": "1 ml"}


def test_the_practitioner_records_a_product_from_the_agenda_and_an_expired_one_is_refused(client, attended):
    login(client, attended.practitioner.user.email)
    agenda = words(client.get("/practice/booking/agenda?day=2026-03-01&view=day"))
    assert "Products used for Pat Patient" in agenda
    url = f"/practice/bookings/{attended.id}/products"
    refused = submit(client, url, {**FORM, "expires_on": "2026-02-01"})
    assert refused.status_code == 200
    assert "This product expired on 1 February 2026, before the appointment on 1 March 2026." in words(refused)
    assert db.session.scalar(select(ProductUse.id)) is None
    assert submit(client, url, FORM).status_code == 302
    page = words(client.get(url))
    assert "Juvederm Volift is recorded for this appointment." in page and "AB-123 45" in page and "1 ml" in page
    flagged = submit(client, url, {**FORM, "expires_on": "2026-02-01", "expired_confirmed": "y"}, follow_redirects=True)
    assert "Expired before the appointment" in words(flagged)


def test_a_closed_record_shows_why_and_takes_no_more(client, attended, app):
    login(client, attended.practitioner.user.email)
    app.config["CLOCK_NOW"] = NOW + timedelta(days=15)
    page = client.get(f"/practice/bookings/{attended.id}/products")
    assert "this record is now closed" in words(page) and 'name="batch_number"' not in page.get_data(as_text=True)


def test_the_patient_sees_the_products_and_any_recall_on_their_booking_page(client, attended, patient, admin):
    services.record_product(attended, attended.practitioner, attended.practitioner.user, FILLER, NOW)
    db.session.commit()
    login(client, patient.email)
    page = words(client.get(f"/bookings/{attended.id}"))
    assert "Products used" in page and "Juvederm Volift" in page and "Allergan" in page and "AB-123 45" in page
    assert "Recalled" not in page
    services.save_recall(admin, **RECALL, now=NOW)
    db.session.commit()
    page = words(client.get(f"/bookings/{attended.id}"))
    assert "This batch was recalled on 2 March 2026: Possible contamination" in page


def test_an_admin_enters_a_recall_and_sees_the_affected_booking(client, attended, admin, mailbox):
    services.record_product(attended, attended.practitioner, attended.practitioner.user, FILLER, NOW)
    db.session.commit()
    login(client, admin.email)
    bad = submit(client, "/admin/recalls", {**RECALL, "source_url": "javascript:alert(1)"})
    assert bad.status_code == 200 and "Enter the web address of the recall notice" in words(bad)
    saved = submit(client, "/admin/recalls", RECALL, follow_redirects=True)
    assert "The recall of batch ab12345 is saved. 2 emails queued" in words(saved)
    listing = words(client.get("/admin/recalls"))
    assert "Juvederm Volift, batch ab12345" in listing
    [link] = [part.split('"')[0] for part in client.get("/admin/recalls").get_data(as_text=True)
              .split('href="/admin/recalls/')[1:]]
    recall_page = words(client.get(f"/admin/recalls/{link}"))
    assert "Affected bookings (1)" in recall_page and "Pat Patient" in recall_page and "Patient not told" not in recall_page
    assert len(mailbox.messages) == 2
