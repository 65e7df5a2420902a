"""Each monthly figure counts real events in the UTC month they happened: at 23:30 UTC on a month's last day
(already the 1st in London during summer time), across both clock changes, and never outside the 12 whole months.
"""
from datetime import date

from audit.services import record
from compliance import figures as compliance_figures
from compliance import moderation
from compliance import services as declarations
from compliance.models import ClaimReview
from core.extensions import db
from credentials import figures as credential_figures
from credentials import services as credentials
from credentials.rules import Declaration
from directory import figures as directory_figures
from directory import services as directory
from tests.compliance.conftest import declare  # noqa: F401 - declarations built through the services
from tests.credentials.factories import PDF, Upload, credential_factory
from tests.transparency.conftest import MONTHS, by_month, utc
from transparency.registry import PROVIDERS, SECTIONS

REASON = "A patient complaint is being looked into."
NEXT_CHECK, FAR_EXPIRY = date(2027, 6, 1), date(2045, 1, 31)


def test_the_months_are_the_twelve_whole_months_before_this_one():
    assert (MONTHS[0], MONTHS[-1], len(MONTHS)) == (date(2025, 11, 1), date(2026, 10, 1), 12)


def test_credentials_approved_count_in_their_utc_month(at, admin, make_practitioner):
    instants = [utc(2025, 10, 31, 23, 59),  # before the span
                utc(2026, 1, 31, 23, 30),  # January, on any clock
                utc(2026, 3, 31, 23, 30),  # March in UTC, though London's clocks (BST) already say 1 April
                utc(2026, 4, 1, 0, 0),  # the first instant of April
                utc(2026, 10, 25, 0, 30),  # the night the clocks go back: still October
                utc(2026, 11, 1, 0, 0)]  # this month: not over, not shown
    for n, instant in enumerate(instants):
        practitioner = make_practitioner(verified=False)
        credential = credential_factory(instant.date())(practitioner, number=f"{7100000 + n}")
        at(instant, credentials.approve, credential, admin, NEXT_CHECK, FAR_EXPIRY, instant.date())

    figures = credential_figures.monthly_figures(MONTHS)
    assert by_month(figures[credential_figures.APPROVED]) == {"2026-01": 1, "2026-03": 1, "2026-04": 1, "2026-10": 1}


def test_each_suspension_counts_in_its_month_even_after_reinstatement(at, admin, make_practitioner):
    practitioner = make_practitioner(name="Dr Sam Paused")
    at(utc(2026, 3, 31, 23, 30), directory.suspend, practitioner, admin, REASON)
    at(utc(2026, 4, 2, 9, 0), directory.reinstate, practitioner, admin, "Looked into: no case to answer.")
    at(utc(2026, 4, 20, 9, 0), directory.suspend, practitioner, admin, REASON)
    at(utc(2026, 5, 1, 9, 0), directory.reinstate, practitioner, admin, "Looked into: no case to answer.")

    figures = directory_figures.monthly_figures(MONTHS)
    assert by_month(figures[directory_figures.SUSPENDED]) == {"2026-03": 1, "2026-04": 1}


def renew(at, admin, credential, instant, expires_on=FAR_EXPIRY):
    """A newer version of a registration, verified at `instant`: the old one becomes superseded then."""
    practitioner = credential.practitioner
    change = Declaration(kind="registration", issuer_choice="GMC", number=practitioner.registration_number,
                         issued_on=date(2015, 3, 1), expires_on=expires_on)
    revised = credentials.revise(credential, change, Upload(PDF, "renewal.pdf"), practitioner.user, instant.date())
    at(instant, credentials.approve, revised, admin, NEXT_CHECK, expires_on, instant.date())


def test_a_credential_expires_in_the_month_of_its_last_valid_day_unless_it_stopped_counting_first(
        at, admin, make_practitioner):
    for last_day in (date(2026, 2, 28), date(2026, 3, 31), date(2026, 11, 10)):  # the last: after the span
        make_practitioner(registration_expires=last_day)
    renewed_in_time = make_practitioner(registration_expires=date(2026, 5, 10)).credentials[0]
    renew(at, admin, renewed_in_time, utc(2026, 5, 1, 9, 0))
    renewed_late = make_practitioner(registration_expires=date(2026, 6, 15)).credentials[0]
    renew(at, admin, renewed_late, utc(2026, 6, 20, 9, 0))  # it lapsed for five days: that is an expiry
    revoked = make_practitioner(registration_expires=date(2026, 7, 31)).credentials[0]
    at(utc(2026, 7, 1, 9, 0), credentials.revoke, revoked, admin, "The register shows conditions on practice.")
    never_verified = make_practitioner(verified=False)
    credential_factory(date(2026, 1, 1))(never_verified, number="7199999", expires_on=date(2026, 8, 31))

    figures = credential_figures.monthly_figures(MONTHS)
    assert by_month(figures[credential_figures.EXPIRED]) == {"2026-02": 1, "2026-03": 1, "2026-06": 1}


def test_declarations_are_counted_as_they_stood_at_each_months_end(at, admin, make_practitioner, declare):
    reviewed = at(utc(2026, 1, 10, 9, 0), declare, make_practitioner(), {}, now=utc(2026, 1, 10, 9, 0))
    at(utc(2026, 3, 31, 23, 30), declarations.mark_reviewed, reviewed, admin, now=utc(2026, 3, 31, 23, 30))
    declare(make_practitioner(), now=utc(2026, 2, 1, 0, 0))  # no exosome use
    returned_by = make_practitioner()
    returned = declare(returned_by, {}, now=utc(2026, 4, 5, 9, 0))
    at(utc(2026, 5, 2, 9, 0), declarations.send_back, returned, admin, "Upload the endotoxin test results, please.",
       now=utc(2026, 5, 2, 9, 0))
    declare(returned_by, {}, now=utc(2026, 6, 3, 9, 0))  # a new declaration replaces the one sent back

    figures = compliance_figures.declarations_by_status(MONTHS)
    every_month_from = lambda first: {f"2026-{m:02d}": 1 for m in range(first, 11)}  # noqa: E731
    assert by_month(figures[compliance_figures.WAITING]) == {"2026-01": 1, "2026-02": 1, "2026-04": 1,
                                                             **every_month_from(6)}
    assert by_month(figures[compliance_figures.REVIEWED]) == every_month_from(3)
    assert by_month(figures[compliance_figures.SENT_BACK]) == {"2026-05": 1}
    assert by_month(figures[compliance_figures.NO_USE]) == every_month_from(2)


def held_claim(practitioner, kind: str, object_id: int, n: int) -> ClaimReview:
    """A text (one row per kind and object) the checker held for an admin, stored as moderation stores it."""
    review = ClaimReview(practitioner_id=practitioner.id, kind=kind, object_id=object_id,
                         text=f"Cures ageing for good {n}", text_hash=f"{n:064d}", verdict="review", record={},
                         score=0.5, checker="test", status="pending")
    db.session.add(review)
    db.session.commit()
    return review


def test_claims_held_reviewed_and_refused_count_from_the_audit_trail(at, admin, make_practitioner):
    practitioner = make_practitioner(name="Dr Wordy")
    refused = held_claim(practitioner, "bio", practitioner.id, 1)
    approved = held_claim(practitioner, "clinic", practitioner.clinics[0].id, 2)
    at(utc(2026, 2, 28, 23, 30), moderation.refuse, refused, admin, refused.text_hash,
       "Take out the promise of a cure, please.")
    at(utc(2026, 3, 1, 0, 0), moderation.approve, approved, admin, approved.text_hash)
    at(utc(2026, 3, 29, 1, 30), record, None, "claims.queued", "claim_review", approved.id,
       practitioner_id=practitioner.id)  # the moment London's clocks go forward
    at(utc(2026, 10, 31, 23, 30), record, None, "claims.hidden", "claim_review", refused.id,
       practitioner_id=practitioner.id)

    figures = compliance_figures.monthly_figures(MONTHS)
    assert by_month(figures[compliance_figures.HELD]) == {"2026-03": 1}
    assert by_month(figures[compliance_figures.ADMIN_REVIEWED]) == {"2026-02": 1, "2026-03": 1}
    assert by_month(figures[compliance_figures.ADMIN_REFUSED]) == {"2026-02": 1}
    assert by_month(figures[compliance_figures.CHECKER_REFUSED]) == {"2026-10": 1}


def test_every_figure_a_provider_gives_has_a_row_on_the_page_and_a_count_for_each_month(app):
    rows = {measure.label for section in SECTIONS for measure in section.measures}
    for provider in PROVIDERS:
        figures = provider(MONTHS)
        assert set(figures) <= rows, f"{provider.__module__} gives figures no section shows"
        assert {len(counts) for counts in figures.values()} == {12}
