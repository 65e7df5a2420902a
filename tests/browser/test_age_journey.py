"""A 17-year-old gives their date of birth once and is refused a filler booking with the law's reason; an adult
booking anti-wrinkle injections is led to a consultation with the prescriber first.
"""
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from booking.models import Booking
from core.extensions import db
from eligibility.models import BirthDate
from tests.booking.conftest import app_config  # noqa: F401 - booking pages at the pinned NOW
from tests.booking.helpers import at
from tests.browser.test_intake_journey import answer_by_keyboard, log_in

TUESDAY_9 = at("Europe/London", 2026, 3, 3, 9)


def choose_tuesday_and_log_in(tab, live_server, target, email) -> None:
    """Open the practitioner's booking page, pick Tuesday 09:00 and log in from the confirm page."""
    tab.goto(f"{live_server}/practitioners/{target.practitioner.slug}/book")
    tab.locator(f'a.slot:has(time[datetime="{TUESDAY_9.isoformat()}"])').click()
    tab.get_by_role("link", name="Log in").last.click()
    log_in(tab, email)


def test_a_17_year_old_is_refused_filler_with_the_reason(new_page, live_server, make_bookable, make_patient):
    target = make_bookable(name="Dr Fay Filler", treatment="dermal-filler")
    teen = make_patient(email="teen@example.com", born_on=None)
    tab = new_page()
    choose_tuesday_and_log_in(tab, live_server, target, teen.email)
    tab.get_by_role("link", name="Give my date of birth").click()
    tab.get_by_label("Date of birth").fill("2030-01-01")
    tab.get_by_role("button", name="Save my date of birth").click()
    expect(tab.locator("#born_on-error")).to_have_text("Your date of birth cannot be in the future.")
    tab.get_by_label("Date of birth").fill("2008-03-04")
    tab.get_by_role("button", name="Save my date of birth").click()

    refusal = tab.get_by_role("alert")
    expect(refusal).to_contain_text("This treatment cannot be booked for you")
    expect(refusal).to_contain_text("under 18 in England: on 3 March 2026 you will be 17")
    expect(refusal).to_contain_text("Botulinum Toxin and Cosmetic Fillers (Children) Act 2021")
    expect(tab.get_by_role("button", name="Book this time")).to_have_count(0)
    assert db.session.get(BirthDate, teen.id).born_on == date(2008, 3, 4)
    assert db.session.scalars(select(Booking)).all() == []


def test_an_adult_books_the_prescriber_consultation_first(new_page, live_server, make_bookable, make_patient):
    target = make_bookable(name="Dr Ivy Inject", treatment="botulinum-toxin")
    adult = make_patient(email="adult@example.com", born_on=date(1990, 6, 15))
    tab = new_page()
    choose_tuesday_and_log_in(tab, live_server, target, adult.email)
    expect(tab.get_by_role("heading", level=1)).to_have_text("Book a consultation")
    expect(tab.locator(".booking-still-to-do")).to_contain_text(
        "First, an in-person consultation with Dr Ivy Inject, who prescribes it.")
    tab.get_by_role("link", name="Answer the health questions").click()
    answer_by_keyboard(tab)
    tab.get_by_label("I confirm that I am 18 or over").check()
    tab.get_by_role("button", name="Book this time").click()
    expect(tab.get_by_text("Your booking is made.")).to_be_visible()
    db.session.commit()
    assert db.session.scalars(select(Booking)).one().kind == "consultation"
