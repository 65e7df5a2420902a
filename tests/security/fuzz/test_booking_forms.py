"""Fuzzing the booking forms: a clinic's opening hours and rules, and a patient booking a slot.

Whatever is typed, the form redirects having stored exactly what was submitted (cleaned), or comes
back with a message beside the field and nothing written. Never a 500. Now is pinned (conftest.py).
"""
from datetime import datetime
from urllib.parse import urlencode

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select

from audit.models import AuditEvent
from booking.models import Booking, OpeningHours
from directory.models import Clinic
from core.extensions import db
from tests.security.fuzz import fuzz
from tests.security.fuzz.forms import answered, count, forms, tidy, typed
from tests.helpers import csrf_token, login, submit, text_of

DAYS = [{}, {"is_open": "y", "opens": "09:00", "closes": "17:30"},
        {"is_open": "y", "opens": "08:15", "closes": "18:00", "break_starts": "12:30", "break_ends": "13:15"},
        {"is_open": "y", "opens": "00:00", "closes": "23:59"}]
times = st.one_of(st.sampled_from(["", "24:00", "9:5", "noon", "17:00:00", "12:00"]),
                  st.times().map(lambda t: t.strftime("%H:%M")), typed)
spoiled_day = st.builds(lambda day, bad: {**day, **bad}, st.sampled_from(DAYS), st.dictionaries(
    st.sampled_from(["is_open", "opens", "closes", "break_starts", "break_ends"]), times, max_size=2))


def hours_of(clinic_id: int) -> dict:
    """A clinic's stored weekly hours."""
    return {h.weekday: (h.opens, h.closes, h.break_starts, h.break_ends)
            for h in db.session.scalars(select(OpeningHours).where(OpeningHours.clinic_id == clinic_id))}


def as_time(text: str):
    """A time input as TimeField reads it: HH:MM, and a blank (or all-space) input is no time."""
    return datetime.strptime(text, "%H:%M").time() if text.strip() else None


@fuzz(60)
@given(week=st.lists(st.one_of(st.sampled_from(DAYS), spoiled_day), min_size=7, max_size=7),
       form=forms(min_notice_hours=["0", "24", "720"], horizon_days=["1", "60", "365"],
                  cancellation_cutoff_hours=["0", "48", "336"]))
@example(week=[DAYS[1]] * 7, form={"min_notice_hours": "24", "horizon_days": "60", "cancellation_cutoff_hours": "48"})
def test_opening_hours(client, practitioner, week, form):
    """POST /practice/booking/clinics/<id>: the week typed is stored, or the stored week stays as it was."""
    clinic_id = practitioner.clinics[0].id
    before, events = hours_of(clinic_id), count(AuditEvent)
    data = dict(form)
    for n, day in enumerate(week):  # as a browser sends it: every time input, and the box only when ticked
        data.update({f"day{n}-{name}": day.get(name, "") for name in ("opens", "closes", "break_starts", "break_ends")})
        data.update({f"day{n}-is_open": day["is_open"]} if day.get("is_open") else {})
    if not answered(submit(client, f"/practice/booking/clinics/{clinic_id}", data), data):
        assert hours_of(clinic_id) == before and count(AuditEvent) == events
        return
    assert hours_of(clinic_id) == {n: tuple(as_time(day.get(k, "")) for k in ("opens", "closes", "break_starts",
                                                                             "break_ends"))
                                   for n, day in enumerate(week) if day.get("is_open")}
    clinic = db.session.get(Clinic, clinic_id)
    assert (clinic.min_notice_minutes, clinic.horizon_days, clinic.cancellation_cutoff_hours) == (
        int(form["min_notice_hours"]) * 60, int(form["horizon_days"]), int(form["cancellation_cutoff_hours"]))


@pytest.fixture
def as_patient(client, patient):
    """The verified patient, logged in on `client`."""
    login(client, patient.email)
    return patient


GOOD_DETAILS = {"patient_name": "Pat Patient", "patient_phone": "", "notes": "", "adult": "y", "consent": "",
                "consent_version": ""}
SLOTS = [f"2026-03-{d:02d}T{h:02d}:{m:02d}Z" for d in range(3, 28) for h in range(9, 16) for m in (0, 15, 30, 45)]


@fuzz(60)
@given(start=st.one_of(st.sampled_from(SLOTS), st.sampled_from(SLOTS), st.sampled_from(
    ["", "2026-03-03T09:00", "2026-03-02T07:00Z", "2027-03-03T09:00Z", "2026-03-03T09:07Z"]), typed),
    form=forms(patient_name=["Pat Patient", " Pat  "], patient_phone=["", "07700 900123 "],
               notes=["", "First visit.\r\nNervous. "], adult=["y"], consent=[""], consent_version=[""]))
@example(start="0001-01-01T00:00+05:00", form=GOOD_DETAILS)  # before year 1 in UTC: was a 500
@example(start="2026-03-03T10:00Z", form={**GOOD_DETAILS, "patient_name": "Pat\rPatient"})  # the long profile: a 500
@example(start="2026-03-03T09:00Z", form={"patient_name": "Pat\x00", "patient_phone": "", "notes": "", "adult": "y",
                                         "consent": "", "consent_version": ""})
def test_booking(client, bookable, as_patient, start, form):
    """POST the booking confirmation: a booking with the details typed, or a message and no booking."""
    offering, clinic = next(o for o in bookable.offerings if o.treatment.slug == "microneedling"), bookable.clinics[0]
    before, events = count(Booking), count(AuditEvent)
    url = f"/practitioners/{bookable.slug}/book/confirm?" + urlencode(
        {"treatment": offering.treatment.slug, "clinic": clinic.id, "start": start})
    page = client.get(url)
    if "\x00" in start:
        assert answered(page, {"start": start}) is False and count(Booking) == before
        return
    if page.status_code == 302:  # a start that is not a time: the patient is sent back to choose one
        assert page.location.endswith(f"/practitioners/{bookable.slug}/book")
        return
    response = client.post(url, data={**form, "csrf_token": csrf_token(text_of(page))})
    if response.status_code == 409:  # the slot was booked by an earlier example: the nearest free times are shown
        assert "Sorry, this time was just taken" in text_of(response) and count(Booking) == before
        return
    if not answered(response, form):
        assert count(Booking) == before and count(AuditEvent) == events
        return
    booking = db.session.scalar(select(Booking).order_by(Booking.id.desc()).limit(1))
    assert (booking.patient_name, booking.patient_phone, booking.notes) == (
        tidy(form["patient_name"]), tidy(form["patient_phone"]), form["notes"].strip())
    assert booking.starts_at == datetime.fromisoformat(start) and count(Booking) == before + 1
