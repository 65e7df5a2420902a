"""A practitioner marks yesterday's booking attended and records the filler's batch from the agenda; an admin
enters a recall of that batch typed differently; the patient and the practitioner are emailed once each, and
the patient's booking page shows the product with the recall.

Pages run at the pinned instant NOW (Monday 2 March 2026, 08:00 in London), as in tests/booking.
"""
import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.booking.conftest import add_booking, app_config, bookable, patient  # noqa: F401
from tests.booking.helpers import NOW
from tests.browser.conftest import log_in, log_out
from tests.helpers import plain_text


def test_record_a_batch_recall_it_and_the_patient_reads_it(new_page, live_server, bookable, patient, add_booking,
                                                          make_user, mailbox):
    booking = add_booking(bookable, patient, NOW - timedelta(hours=22), status="confirmed")  # Sunday 10:00
    doctor = bookable.practitioner
    admin = make_user(role="admin", email="admin@verity.example", name="Ada Admin")
    tab = new_page()
    log_in(tab, live_server, doctor.user.email)
    tab.goto(live_server + "/practice/booking/agenda?day=2026-03-01")
    with tab.expect_navigation():
        tab.get_by_role("button", name=re.compile(r"^Attended.*Pat Patient")).click()
    with tab.expect_navigation():
        tab.get_by_role("link", name=re.compile(r"Products used.*Pat Patient")).click()
    tab.get_by_label("Product name", exact=True).fill("Juvederm Volift")
    tab.get_by_label("Manufacturer", exact=True).fill("Allergan")
    tab.get_by_label("Batch or lot number", exact=True).fill("AB-123 45")
    tab.get_by_label("Expiry date", exact=True).fill("2027-06-30")
    tab.get_by_label("Quantity (optional)", exact=True).fill("1 ml")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Record product").click()
    expect(tab.get_by_text("Juvederm Volift is recorded for this appointment.")).to_be_visible()
    log_out(tab)

    log_in(tab, live_server, admin.email)
    tab.goto(live_server + "/admin/recalls")
    tab.get_by_label("Product name", exact=True).fill("Juvederm Volift")
    tab.get_by_label("Batch or lot number", exact=True).fill("ab12345")
    tab.get_by_label("Reason for the recall", exact=True).fill("Possible contamination found in sterility testing.")
    tab.get_by_label("Source link", exact=True).fill("https://www.gov.uk/drug-device-alerts/example-recall")
    for _ in range(2):  # saved twice: nobody is emailed twice
        with tab.expect_navigation():
            tab.get_by_role("button", name="Save the recall and tell the people affected").click()
        tab.get_by_label("Product name", exact=True).fill("Juvederm Volift")
        tab.get_by_label("Batch or lot number", exact=True).fill("AB 12345")
        tab.get_by_label("Reason for the recall", exact=True).fill("Possible contamination found in sterility testing.")
        tab.get_by_label("Source link", exact=True).fill("https://www.gov.uk/drug-device-alerts/example-recall")
    expect(tab.get_by_text("0 emails queued")).to_be_visible()
    log_out(tab)

    assert sorted(m["To"] for m in mailbox.messages) == sorted([patient.email, doctor.user.email])
    assert "Juvederm Volift (Allergan), batch AB-123 45" in plain_text(mailbox.to(patient.email)[0])
    log_in(tab, live_server, patient.email)
    tab.goto(f"{live_server}/bookings/{booking.id}")
    products = tab.locator(".booking-products")
    expect(products).to_contain_text("Juvederm Volift")
    expect(products).to_contain_text("AB-123 45")
    expect(products).to_contain_text("This batch was recalled on 2 March 2026")
