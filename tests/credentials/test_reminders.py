"""`send-expiry-reminders`: practitioners hear about expiries within 30 days, admins get the checks due, once."""
from datetime import date, timedelta

from sqlalchemy import select

from core import clock, mail
from core.extensions import db
from credentials.models import CredentialReminder
from tests.helpers import assert_waiting, outbox_to, plain_text

TODAY = date(2030, 6, 15)


def run(runner, today=TODAY):
    """Run the command as cron would, pinned to a date."""
    return runner.invoke(args=["send-expiry-reminders", "--today", today.isoformat()])


def test_each_expiry_reminder_is_sent_once(runner, make_practitioner, mailbox):
    make_practitioner(name="Dr Soon", email="soon@example.com", registration_expires=TODAY + timedelta(days=30))
    make_practitioner(name="Dr Later", email="later@example.com", registration_expires=TODAY + timedelta(days=31))
    make_practitioner(name="Dr Gone", email="gone@example.com", registration_expires=TODAY - timedelta(days=1))
    result = run(runner)
    assert result.exit_code == 0 and "Sent 1 expiry reminder(s)" in result.output
    [mail] = mailbox.to("soon@example.com")
    assert mail["Subject"] == "Your Verity credentials expire soon"
    assert "Professional registration, GMC" in plain_text(mail) and "expires on 15 July 2030" in plain_text(mail)
    assert mailbox.to("later@example.com") == [] and mailbox.to("gone@example.com") == []

    assert "Sent 0 expiry reminder(s)" in run(runner).output
    next_day = run(runner, TODAY + timedelta(days=1))  # Dr Later's expiry is now within 30 days
    assert "Sent 1 expiry reminder(s)" in next_day.output
    assert len(mailbox.to("soon@example.com")) == 1 and len(mailbox.to("later@example.com")) == 1
    stored = db.session.scalars(select(CredentialReminder).order_by(CredentialReminder.id)).all()
    assert [(r.kind, r.recipient, r.due_on) for r in stored] == [
        ("expiry", "soon@example.com", date(2030, 7, 15)), ("expiry", "later@example.com", date(2030, 7, 16))]


def test_a_renewal_already_sent_means_no_reminder(runner, make_practitioner, make_pending, mailbox):
    from credentials import rules, services

    practitioner = make_practitioner(email="renewing@example.com", registration_expires=TODAY + timedelta(days=10))
    current = practitioner.credentials[0]
    services.revise(current, rules.Declaration(kind="registration", issuer_choice="GMC", number=current.number,
                                                  issued_on=current.issued_on, expires_on=date(2035, 1, 1)),
                    None, practitioner.user, TODAY)
    db.session.commit()
    run(runner)
    assert mailbox.to("renewing@example.com") == []


def test_admins_get_the_next_checks_due_once(runner, make_practitioner, make_user, mailbox):
    make_user(role="admin", email="first-admin@verity.example")
    make_user(role="admin", email="second-admin@verity.example")
    due = make_practitioner(name="Dr Due", registration_expires=TODAY + timedelta(days=300))
    not_yet = make_practitioner(name="Dr Not Yet", registration_expires=TODAY + timedelta(days=300))
    due.credentials[0].next_check_on = TODAY + timedelta(days=3)
    not_yet.credentials[0].next_check_on = TODAY + timedelta(days=60)
    db.session.commit()
    result = run(runner)
    assert "1 next check(s) due to admins" in result.output
    [mail] = mailbox.to("first-admin@verity.example")
    assert mail is mailbox.to("second-admin@verity.example")[0]
    assert "18 June 2030: Dr Due" in plain_text(mail) and "Dr Not Yet" not in plain_text(mail)
    assert f"/admin/credentials/{due.credentials[0].id}" in plain_text(mail)
    run(runner)
    assert len(mailbox.messages) == 1


def test_with_the_mail_server_down_the_reminder_is_stored_and_waits_in_the_outbox(app, runner, make_practitioner,
                                                                                 mailbox):
    from tests.conftest import free_port

    make_practitioner(email="retry@example.com", registration_expires=TODAY + timedelta(days=5))
    port, app.config["MAIL_PORT"] = app.config["MAIL_PORT"], free_port()
    assert run(runner).exit_code == 0
    assert len(db.session.scalars(select(CredentialReminder)).all()) == 1
    assert_waiting("retry@example.com", "Your Verity credentials expire within 7 days")
    assert run(runner).exit_code == 0 and len(outbox_to("retry@example.com")) == 1  # nothing queued twice
    app.config["MAIL_PORT"], app.config["CLOCK_NOW"] = port, clock.now() + timedelta(minutes=2)
    mail.deliver_due()
    assert len(mailbox.to("retry@example.com")) == 1


def test_practitioner_and_admins_are_warned_30_and_7_days_ahead_once_each(runner, make_practitioner, make_user,
                                                                         mailbox):
    make_user(role="admin", email="first-admin@verity.example")
    make_user(role="admin", email="second-admin@verity.example")
    lapsing = make_practitioner(name="Dr Lapsing", email="lapsing@example.com",
                                registration_expires=TODAY + timedelta(days=30))
    expiry = lapsing.credentials[0].id

    def warnings():
        return ([m["Subject"] for m in mailbox.to("lapsing@example.com")],
                [m["Subject"] for m in mailbox.to("first-admin@verity.example")])

    first = run(runner)
    assert "Sent 1 expiry reminder(s)" in first.output and "1 expiring registration(s)" in first.output
    assert warnings() == (["Your Verity credentials expire soon"], ["1 registration expires within 30 days"])
    [to_admins] = mailbox.to("first-admin@verity.example")
    assert to_admins is mailbox.to("second-admin@verity.example")[0]
    assert "15 July 2030: Dr Lapsing" in plain_text(to_admins) and f"/admin/credentials/{expiry}" in plain_text(
        to_admins)
    assert "bookings after it are cancelled on that date" in plain_text(to_admins)
    assert "we cancel your bookings after it" in plain_text(mailbox.to("lapsing@example.com")[0])

    for days_later in (1, 22):  # still in the 30-day window, then not yet in the 7-day one
        run(runner, TODAY + timedelta(days=days_later))
    assert len(warnings()[0]) == 1 and len(warnings()[1]) == 1

    seven_days_before = run(runner, TODAY + timedelta(days=23))
    assert "Sent 1 expiry reminder(s)" in seven_days_before.output
    assert warnings() == (["Your Verity credentials expire soon", "Your Verity credentials expire within 7 days"],
                          ["1 registration expires within 30 days", "1 registration expires within 7 days"])
    for days_later in (23, 24, 30):
        run(runner, TODAY + timedelta(days=days_later))
    assert len(warnings()[0]) == 2 and len(warnings()[1]) == 2
    stored = db.session.scalars(select(CredentialReminder).order_by(CredentialReminder.id)).all()
    assert [(r.kind, r.recipient) for r in stored] == [
        ("expiry", "lapsing@example.com"), ("admin_expiry", "admins"),
        ("expiry_7", "lapsing@example.com"), ("admin_expiry_7", "admins")]


def test_admins_hear_only_of_registrations(runner, make_practitioner, make_user, mailbox):
    from tests.credentials.factories import credential_factory

    make_user(role="admin", email="first-admin@verity.example")
    practitioner = make_practitioner(email="insured@example.com", registration_expires=TODAY + timedelta(days=300))
    insurance = credential_factory(TODAY)(practitioner, kind="insurance", issuer_choice="named",
                                          issuer_name="Hiscox", expires_on=TODAY + timedelta(days=5))
    insurance.status = "verified"
    db.session.commit()
    run(runner)
    assert [m["Subject"] for m in mailbox.to("insured@example.com")] == [
        "Your Verity credentials expire within 7 days"]
    assert mailbox.to("first-admin@verity.example") == []
