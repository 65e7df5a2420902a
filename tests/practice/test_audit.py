"""Every change a practitioner makes to their profile, clinics and treatments is in the audit trail."""
from sqlalchemy import select

from audit.models import AuditEvent
from core.extensions import db
from tests.helpers import submit
from tests.practice.conftest import PICCADILLY, PROFILE


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_profile_changes_are_recorded_with_before_and_after(client, practitioner):
    submit(client, "/practice/profile", {**PROFILE, "name": "Dr Amelia Jones"})
    [event] = events("profile.updated")
    assert (event.actor_email, event.subject_type, event.practitioner_id) == (
        practitioner.user.email, "practitioner", practitioner.id)
    assert (event.before["name"], event.after["name"]) == ("Dr Amelia Smith", "Dr Amelia Jones")


def test_saving_without_changes_records_nothing(client, practitioner):
    submit(client, "/practice/profile", {**PROFILE, "registration_number": practitioner.registration_number})
    submit(client, "/practice/profile", {**PROFILE, "registration_number": practitioner.registration_number})
    assert len(events("profile.updated")) == 1  # the first save changed the bio and languages


def test_clinic_and_treatment_changes_are_recorded(client, make_practitioner, login_as, catalogue):
    practitioner = make_practitioner(clinics=[{}, {"name": "Second Clinic"}])
    login_as(practitioner)
    submit(client, "/practice/clinics/new", {**PICCADILLY, "name": "Third Clinic"})
    submit(client, f"/practice/clinics/{practitioner.clinics[1].id}/delete", {})
    offering_id = practitioner.offerings[0].id
    submit(client, f"/practice/treatments/{offering_id}", {"price": "300", "duration_minutes": "45"})
    submit(client, f"/practice/treatments/{offering_id}/delete", {})
    assert events("clinic.added")[0].after["time_zone"] == "Europe/London"
    assert events("clinic.deleted")[0].before["name"] == "Second Clinic"
    [updated] = events("offering.updated")
    assert (updated.before["price_from_minor"], updated.after["price_from_minor"]) == (25000, 30000)
    assert events("offering.removed")[0].after is None
