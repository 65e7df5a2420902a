"""Loss of listing: an admin suspends a practitioner or revokes their registration, or it runs out.

Every future booking the listing no longer allows is cancelled with a reason the patient can read,
the patient is emailed a search near the same clinic, the practitioner gets one list, and links in
older emails still show the booking but can no longer move it.
"""
import re
from datetime import date

from sqlalchemy import select

from audit.models import AuditEvent
from booking import links
from booking.models import Booking
from core.extensions import db
from credentials.models import Credential
from tests.booking.helpers import NOW, at, words as page_text
from tests.api.problems import problem_of
from tests.helpers import csrf_token, login, outbox_to, submit, text_of

REASON = "A patient complaint is under investigation."
SEARCH = "/search?near=M1+1AE&amp;lat=53.4794&amp;lon=-2.2453&amp;treatment=microneedling"


def as_admin(client, make_user):
    """The client, logged in as a new admin."""
    admin = make_user(role="admin", email="ada@verity.example", name="Ada Admin")
    login(client, admin.email)
    return admin


def status_of(booking) -> tuple:
    """A booking's status and why Verity cancelled it, as stored now."""
    db.session.refresh(booking)
    return booking.status, booking.cancellation_code


def link_in(text: str, label: str) -> str:
    """The path of the link after `label` in an email's text."""
    return re.search(re.escape(label) + r"\s*(http://\S+)", text).group(1).replace("http://localhost", "")


def test_suspending_cancels_every_future_booking_and_tells_everyone(client, make_user, bookable, make_bookable,
                                                                    patient, make_patient, add_booking):
    second = make_patient(email="second@example.com", name="Sam Second")
    upcoming = add_booking(bookable, patient, at("Europe/London", 2026, 3, 3, 9))
    confirmed = add_booking(bookable, second, at("Europe/London", 2026, 3, 10, 14), status="confirmed")
    past = add_booking(bookable, patient, at("Europe/London", 2026, 2, 20, 9), status="confirmed")
    earlier_link = links.make_token(upcoming, "reschedule", NOW)
    elsewhere = add_booking(make_bookable(name="Dr Elsewhere"), patient, at("Europe/London", 2026, 3, 4, 9))
    admin = as_admin(client, make_user)
    page = f"/admin/practitioners/{bookable.practitioner.id}"

    response = submit(client, f"{page}/suspend", {"reason": REASON}, page=page, follow_redirects=True)

    assert "Dr Bookable is suspended and has been told why. 2 future bookings were cancelled and the patients told." \
        in page_text(response)
    assert [status_of(b) for b in (upcoming, confirmed)] == [("cancelled", "suspended")] * 2
    assert status_of(past) == ("confirmed", None) and status_of(elsewhere) == ("booked", None)
    assert upcoming.cancellation_reason == ("Dr Bookable is suspended from Verity, so they cannot take bookings "
                                            "through Verity for now.")
    assert REASON not in upcoming.cancellation_reason  # the admin's reason is for the practitioner, not patients

    [to_patient] = outbox_to(patient.email)
    assert to_patient.subject == "Cancelled: Microneedling with Dr Bookable, Tue 3 Mar at 09:00 GMT"
    assert "Why: Dr Bookable is suspended from Verity" in to_patient.text_body
    assert SEARCH.replace("&amp;", "&") in to_patient.text_body and SEARCH in to_patient.html_body
    assert [m.subject for m in outbox_to("second@example.com")] == [
        "Cancelled: Microneedling with Dr Bookable, Tue 10 Mar at 14:00 GMT"]
    practitioner_mail = outbox_to(bookable.practitioner.user.email)
    assert [m.subject for m in practitioner_mail] == ["Your Verity profile is suspended",
                                                      "Verity cancelled 2 of your bookings"]
    summary = practitioner_mail[1].text_body
    assert "Tuesday 3 March 2026, 09:00" in summary and "Pat Patient" in summary
    assert "Tuesday 10 March 2026, 14:00" in summary and "Sam Second" in summary

    cancelled = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "booking.cancelled")
                                   .order_by(AuditEvent.subject_id)).all()
    assert [(e.subject_id, e.actor_id, e.after["status"]) for e in cancelled] == [
        (upcoming.id, admin.id, "cancelled"), (confirmed.id, admin.id, "cancelled")]
    assert cancelled[0].reason == upcoming.cancellation_reason

    # The patient's link from the email shows the booking, cancelled, why, and where to look instead.
    visitor = client.application.test_client()  # no login: the signed link is the key
    status_page = visitor.get(link_in(to_patient.text_body, "This booking:"))
    assert status_page.status_code == 200
    text = page_text(status_page)
    assert "Cancelled" in text and "Why Verity cancelled it: Dr Bookable is suspended from Verity" in text
    assert SEARCH in text_of(status_page) and "Move to another time" not in text and "Cancel booking" not in text
    # A link from before still shows where the booking stands, but can no longer move it.
    old = visitor.get(f"/bookings/link/{earlier_link}/reschedule")
    assert old.status_code == 409
    assert "This booking is cancelled, so it cannot be moved" in page_text(old)
    assert "Why Verity cancelled it" in page_text(old)


def test_the_patients_own_pages_show_the_reason_and_refuse_a_move(client, make_user, bookable, patient, add_booking):
    booking = add_booking(bookable, patient, at("Europe/London", 2026, 3, 3, 9))
    as_admin(client, make_user)
    page = f"/admin/practitioners/{bookable.practitioner.id}"
    submit(client, f"{page}/suspend", {"reason": REASON}, page=page)
    client = client.application.test_client()
    login(client, patient.email)
    detail = page_text(client.get(f"/bookings/{booking.id}"))
    assert "Why Verity cancelled it: Dr Bookable is suspended" in detail and "Move to another time" not in detail
    moving = client.get(f"/bookings/{booking.id}/reschedule")
    assert moving.status_code == 409 and "cannot be moved" in page_text(moving)
    confirm = client.get(f"/bookings/{booking.id}/reschedule/confirm?start=2026-03-04T10:00Z")
    assert confirm.status_code == 409
    assert status_of(booking) == ("cancelled", "suspended")


def test_an_unlisted_practitioners_booking_cannot_be_moved_by_link(client, bookable, patient, add_booking):
    """Not yet cancelled (the job has not run), but the practitioner is not listed: the move is refused."""
    booking = add_booking(bookable, patient, at("Europe/London", 2026, 3, 3, 9))
    token = links.make_token(booking, "reschedule", NOW)
    bookable.practitioner.suspended_at = NOW
    db.session.commit()
    listing = client.get(f"/bookings/link/{token}/reschedule")
    assert listing.status_code == 409
    assert "Dr Bookable is not taking bookings on Verity at the moment" in page_text(listing)
    confirm = f"/bookings/link/{token}/reschedule/confirm?start=2026-03-04T10:00Z"
    assert client.get(confirm).status_code == 409
    moved = submit(client, confirm, {}, page="/login")  # the page offers no form: post as a stale tab would
    assert moved.status_code == 409 and "not taking bookings" in page_text(moved)
    db.session.refresh(booking)
    assert (booking.status, booking.starts_at) == ("booked", at("Europe/London", 2026, 3, 3, 9))


def add_registration(practitioner, expires_on: date) -> Credential:
    """A second verified registration for the practitioner."""
    credential = Credential(practitioner_id=practitioner.id, kind="registration", issuer="NMC", number="12A3456B",
                            issued_on=date(2016, 1, 1), status="verified", verified_at=NOW, expires_on=expires_on)
    db.session.add(credential)
    db.session.commit()
    return credential


def revoke(client, credential):
    """Post the revocation from the credential's admin page."""
    page = f"/admin/credentials/{credential.id}"
    return submit(client, f"{page}/revoke", {"reason": "The register shows this registration was withdrawn."},
                  page=page, follow_redirects=True)


def test_revoking_cancels_only_when_nothing_else_lists_them(client, make_user, bookable, patient, add_booking):
    booking = add_booking(bookable, patient, at("Europe/London", 2026, 3, 3, 9))
    gmc = bookable.practitioner.credentials[0]
    nmc = add_registration(bookable.practitioner, date(2099, 1, 1))
    as_admin(client, make_user)

    first = revoke(client, gmc)
    assert "Revoked" in page_text(first) and "cancelled" not in page_text(first)
    db.session.refresh(gmc)
    assert gmc.status == "rejected" and gmc.rejection_reason.startswith("The register shows")
    assert status_of(booking) == ("booked", None) and outbox_to(patient.email) == []

    second = revoke(client, nmc)
    assert "1 future booking was cancelled and the patient told." in page_text(second)
    assert status_of(booking) == ("cancelled", "credential_revoked")
    assert "can no longer verify Dr Bookable's professional registration" in booking.cancellation_reason
    [to_patient] = outbox_to(patient.email)
    assert SEARCH.replace("&amp;", "&") in to_patient.text_body
    subjects = [m.subject for m in outbox_to(bookable.practitioner.user.email)]
    assert subjects == ["Your credential is no longer verified", "Your credential is no longer verified",
                        "Verity cancelled one of your bookings"]
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_type == "credential")
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["credential.revoked", "credential.revoked"]


def test_revoking_needs_a_reason_and_a_verified_credential(client, make_user, bookable, patient, add_booking):
    booking = add_booking(bookable, patient, at("Europe/London", 2026, 3, 3, 9))
    gmc = bookable.practitioner.credentials[0]
    as_admin(client, make_user)
    page = f"/admin/credentials/{gmc.id}"
    short = submit(client, f"{page}/revoke", {"reason": "no"}, page=page)
    assert "Give a reason of 10 to 1,000 characters." in page_text(short)
    db.session.refresh(gmc)
    assert gmc.status == "verified" and status_of(booking) == ("booked", None)
    revoke(client, gmc)
    again = submit(client, f"{page}/revoke", {"reason": "Revoking a second time, by mistake."}, page=page)
    assert "Only a verified credential can be revoked" in page_text(again)
    assert len(outbox_to(patient.email)) == 1


def test_the_api_shows_why_and_refuses_to_move_with_409(client, make_user, bookable, patient, add_booking):
    booking = add_booking(bookable, patient, at("Europe/London", 2026, 3, 3, 9))
    login(client, patient.email)
    headers = {"X-CSRFToken": csrf_token(text_of(client.get("/bookings")))}
    move = f"/api/v1/bookings/{booking.id}/reschedule"
    moved = client.post(move, json={"starts_at": "2026-03-04T10:00:00+00:00"}, headers=headers)
    assert moved.status_code == 200 and moved.get_json()["booking"]["starts_at"] == "2026-03-04T10:00:00+00:00"
    assert moved.get_json()["booking"]["cancellation"] is None

    bookable.practitioner.suspended_at = NOW  # as if suspended elsewhere: not yet cancelled, but not listed
    db.session.commit()
    unlisted = client.post(move, json={"starts_at": "2026-03-05T10:00:00+00:00"}, headers=headers)
    assert "Dr Bookable is not taking bookings on Verity" in problem_of(unlisted, 409, "not_listed")["detail"]

    bookable.practitioner.suspended_at = None
    db.session.commit()
    admin = client.application.test_client()
    as_admin(admin, make_user)
    page = f"/admin/practitioners/{bookable.practitioner.id}"
    submit(admin, f"{page}/suspend", {"reason": REASON}, page=page)
    seen = client.get(f"/api/v1/bookings/{booking.id}").get_json()["booking"]
    assert seen["status"] == "cancelled" and seen["cancellation"]["code"] == "suspended"
    assert seen["cancellation"]["reason"].startswith("Dr Bookable is suspended from Verity")
    cancelled = client.post(move, json={"starts_at": "2026-03-05T10:00:00+00:00"}, headers=headers)
    assert "cancelled, so it cannot be moved" in problem_of(cancelled, 409, "booking_inactive")["detail"]
    db.session.refresh(booking)
    assert booking.starts_at == at("Europe/London", 2026, 3, 4, 10)
