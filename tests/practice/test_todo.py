"""The practitioner's to-do figures each link to where that work is, and count what that place lists."""
from core.extensions import db
from credentials import services
from tests.booking.conftest import (add_booking, app_config, bookable, make_bookable, make_patient,  # noqa: F401
                                    patient)
from tests.booking.helpers import at
from tests.credentials.factories import credential_factory
from tests.admin.test_dashboard import figures
from tests.helpers import login, text_of
from tests.practice.test_to_confirm import to_confirm


def test_each_to_do_figure_counts_what_its_link_shows(client, bookable, patient, make_patient, add_booking, make_user):
    add_booking(bookable, patient, at("Europe/London", 2026, 3, 5, 10))
    add_booking(bookable, make_patient(name="Cora Consult"), at("Europe/London", 2026, 3, 3, 11), kind="consultation")
    make_pending = credential_factory(at("Europe/London", 2026, 3, 2, 9).date())
    make_pending(bookable.practitioner, kind="training", issuer_choice="named", issuer_name="Harley Academy", number="")
    refused = make_pending(bookable.practitioner, kind="insurance", issuer_choice="named", issuer_name="Hiscox",
                           number="P-1")
    services.reject(refused, make_user(role="admin"), "The policy document is unreadable.")
    db.session.commit()
    login(client, bookable.practitioner.user.email)
    response = client.get("/practice/")
    page, shown = text_of(response), figures(response)
    assert shown["Bookings to confirm"] == ("#to-confirm-heading", 2)
    assert to_confirm(page).count("<li>") == 2
    credentials = text_of(client.get(shown["Credentials to correct"][0]))
    assert shown["Credentials to correct"][1] == credentials.count("badge-bad\">Not verified") == 1
    assert shown["Credentials waiting for our review"][1] == credentials.count("badge-pending\">Waiting for review") == 1
    assert shown["Exosome declaration sent back"] == ("/practice/exosomes", 0)
    steps = page.split('id="checklist-heading"', 1)[1].split("</section>", 1)[0]
    assert shown["Profile steps left"][1] == steps.count('class="is-todo"')
