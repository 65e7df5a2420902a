"""A patient books anti-wrinkle injections for the first time on a phone: the first appointment is a consultation,
they answer the health questions by keyboard, read the cancellation policy and confirm; the practitioner then
opens the booking from the agenda and reads the answers.
"""
from playwright.sync_api import expect
from sqlalchemy import select

from booking.models import Booking
from core.extensions import db
from intake.models import HealthAnswers
from tests.booking.conftest import app_config  # noqa: F401 - booking pages at the pinned NOW
from tests.booking.helpers import at
from tests.browser.conftest import PHONE, axe_violations
from tests.helpers import TEST_PASSWORD

TUESDAY_9 = at("Europe/London", 2026, 3, 3, 9)
ALLERGY = "Penicillin: my throat swells"


def log_in(tab, email: str) -> None:
    """Fill the login form the page is on."""
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    tab.get_by_role("button", name="Log in").click()


def answer_by_keyboard(tab) -> None:
    """Answer 'No' to every question but allergies, which gets 'Yes' and details, using only the keyboard."""
    for fieldset in tab.locator("fieldset.intake-question").all():
        yes = "allergies" in fieldset.locator("legend").inner_text()
        fieldset.get_by_role("radio", name="Yes" if yes else "No").focus()
        tab.keyboard.press("Space")
        if yes:
            tab.keyboard.press("Tab")  # from the chosen radio to its details box
            tab.keyboard.type(ALLERGY)
    tab.get_by_role("button", name="Save my answers and continue").focus()
    tab.keyboard.press("Enter")


def test_a_first_anti_wrinkle_booking_asks_the_health_questions_and_the_practitioner_reads_them(
        new_page, live_server, make_bookable, make_patient):
    target = make_bookable(name="Dr Ivy Inject", treatment="botulinum-toxin")
    patient = make_patient(email="pat@example.com", name="Pat Patient")
    tab = new_page(axe=True, **{"viewport": PHONE})
    tab.goto(f"{live_server}/practitioners/{target.practitioner.slug}/book")
    expect(tab.get_by_role("heading", name="Why a consultation comes first")).to_be_visible()
    tab.locator(f'a.slot:has(time[datetime="{TUESDAY_9.isoformat()}"])').click()
    tab.get_by_role("link", name="Log in").last.click()
    log_in(tab, patient.email)

    expect(tab.get_by_role("heading", level=1)).to_have_text("Book a consultation")
    tab.get_by_role("link", name="Answer the health questions").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Health questions")
    tab.screenshot(path="/tmp/intake-questionnaire.png")
    tab.screenshot(path="/tmp/intake-questionnaire-full.png", full_page=True)
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Save my answers and continue").click()  # nothing answered: errors beside fields
    expect(tab.locator("#pregnancy-error")).to_have_text("Answer yes or no.")
    answer_by_keyboard(tab)

    expect(tab.get_by_text("your answers are saved")).to_be_visible()
    policy = tab.get_by_role("region", name="Dr Ivy Inject’s cancellation policy")
    expect(policy).to_contain_text("Please cancel or move at least 24 hours before your appointment.")
    tab.get_by_label("I confirm that I am 18 or over").check()
    tab.get_by_role("button", name="Book this time").click()
    expect(tab.get_by_text("Your booking is made.")).to_be_visible()
    booking = db.session.scalars(select(Booking)).one()
    assert booking.kind == "consultation"
    assert db.session.scalars(select(HealthAnswers)).one().booking_id == booking.id

    doctor = new_page()
    doctor.goto(f"{live_server}/login")
    log_in(doctor, target.practitioner.user.email)
    doctor.goto(f"{live_server}/practice/booking/agenda?day=2026-03-03")
    doctor.get_by_role("link", name="Health answers of Pat Patient").click()
    expect(doctor.get_by_role("heading", level=1)).to_have_text("Health answers of Pat Patient")
    expect(doctor.locator(".intake-answers")).to_contain_text(f"Yes: {ALLERGY}")
    expect(doctor.locator(".intake-answers")).to_contain_text("Do you take any medicines, including blood thinners?")
