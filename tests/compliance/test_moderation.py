"""Wording the claims checker is unsure of is saved but hidden until an admin approves it; decisions are
emailed and audited; a new checker re-checks stored texts once."""
import json
import re

import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from compliance import badge, moderation
from compliance.claims import Finding, Verdict, check_text
from compliance.models import ClaimReview
from core.extensions import db
from directory.models import Clinic, ComplianceBadgeRow
from tests.compliance.conftest import BEVERLY_HILLS
from tests.conftest import IsolatedClient
from tests.helpers import login, plain_text, submit, text_of

UNSURE = "I trained in California. Clinically proven to improve the look of fine lines."  # US: an efficacy claim
PLAIN = "I trained in California and love helping people feel confident."


def profile_form(practitioner, bio: str) -> dict:
    """The profile form as the practitioner would post it, with a new bio."""
    return {"name": practitioner.name, "profession": practitioner.profession, "registration_body": "GMC",
            "registration_number": practitioner.registration_number, "practising_since": "2015-03-01",
            "bio": bio, "languages": "English"}


def save_bio(app, practitioner, bio: str):
    """The practitioner saves their bio through the profile form (in their own browser); the page they land on."""
    own = IsolatedClient(app, app.response_class)
    login(own, practitioner.user.email)
    return text_of(submit(own, "/practice/profile", profile_form(practitioner, bio), follow_redirects=True))


def words(html: str) -> str:
    """A page's text, tags and runs of white space turned into single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def review_of(practitioner) -> ClaimReview:
    db.session.commit()
    return db.session.scalar(select(ClaimReview).where(ClaimReview.practitioner_id == practitioner.id,
                                                       ClaimReview.kind == "bio"))


def public_profile(client, practitioner) -> tuple[str, dict]:
    """The profile page as a patient sees it, and its JSON-LD."""
    page = text_of(client.get(f"/practitioners/{practitioner.slug}"))
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    return page, jsonld


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def unsure(app, make_practitioner):
    """A US practitioner whose bio, saved through the form, waits for an admin."""
    practitioner = make_practitioner(name="Dr Sam Ortiz", clinics=[BEVERLY_HILLS])
    assert "Your bio : waiting for review" in words(save_bio(app, practitioner, UNSURE))  # on their dashboard
    return practitioner


def test_unsure_wording_is_saved_but_hidden_from_patients(client, unsure):
    db.session.refresh(unsure)
    assert unsure.bio == UNSURE
    review = review_of(unsure)
    assert review.status == "pending" and review.verdict == "needs-review"
    assert review.record["findings"][0]["rule"] == "US-FTC-SUBSTANTIATION" and review.checker
    page, jsonld = public_profile(client, unsure)
    assert "Clinically proven" not in page and jsonld["description"] == ""
    assert "Clinically proven" not in text_of(client.get("/api/v1/practitioners?lat=34.09&lon=-118.41"))
    login(client, unsure.user.email)
    assert "Waiting for review" in text_of(client.get("/practice/profile"))
    assert actions()[-1] == "claims.queued"


def test_an_approved_text_appears_and_the_practitioner_is_emailed(client, admin, unsure, mailbox):
    review = review_of(unsure)
    login(client, admin.email)
    assert "Dr Sam Ortiz" in text_of(client.get("/admin/claims"))
    page = text_of(client.get(f"/admin/claims/{review.id}"))
    assert '<mark class="claims-flag">Clinically proven to improve the look of fine lines.</mark>' in page
    assert "US-FTC-SUBSTANTIATION" in page and "cite the study" in page and "Model score" in page
    response = submit(client, f"/admin/claims/{review.id}/approve", {"seen": review.text_hash},
                      page=f"/admin/claims/{review.id}", follow_redirects=True)
    assert "Approved" in text_of(response)
    assert review_of(unsure).status == "approved"
    page, jsonld = public_profile(client, unsure)
    assert "Clinically proven" in page and jsonld["description"] == UNSURE
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claims.approved")).one()
    assert event.actor_id == admin.id and event.after["status"] == "approved"
    [mail] = mailbox.to(unsure.user.email)
    assert mail["Subject"] == "Your wording is approved" and "patients can now see it" in plain_text(mail)


def test_a_refusal_needs_a_reason_keeps_the_text_hidden_and_emails_what_to_change(client, admin, unsure, mailbox):
    review = review_of(unsure)
    login(client, admin.email)
    url = f"/admin/claims/{review.id}"
    response = submit(client, f"{url}/refuse", {"seen": review.text_hash, "reason": ""}, page=url)
    assert "Tell the practitioner what to change." in text_of(response)
    assert review_of(unsure).status == "pending"
    reason = "Name the study behind the claim, or describe how skin looks."
    submit(client, f"{url}/refuse", {"seen": review.text_hash, "reason": reason}, page=url)
    refused = review_of(unsure)
    assert refused.status == "refused" and refused.reason == reason and refused.decided_by_id == admin.id
    assert "Clinically proven" not in public_profile(client, unsure)[0]
    [mail] = mailbox.to(unsure.user.email)
    assert reason in plain_text(mail) and "cite the study" in plain_text(mail)
    assert actions()[-1] == "claims.refused"
    login(client, unsure.user.email)
    assert reason in text_of(client.get("/practice/"))


def test_an_admin_cannot_approve_words_changed_since_they_read_them(client, admin, unsure):
    review = review_of(unsure)
    stale = review.text_hash
    unsure.bio = UNSURE + " Results vary."
    db.session.commit()
    assert review_of(unsure).status == "pending" and review_of(unsure).id == review.id  # one row per field
    login(client, admin.email)
    url = f"/admin/claims/{review.id}"
    response = submit(client, f"{url}/approve", {"seen": stale}, page=url)
    assert "changed this text after you opened it" in text_of(response)
    assert review_of(unsure).status == "pending"


def test_rewording_to_cosmetic_clears_the_review_and_shows_the_text(app, client, unsure):
    save_bio(app, unsure, PLAIN)
    assert review_of(unsure).status == "not_needed"
    assert PLAIN in public_profile(client, unsure)[0]
    assert db.session.scalar(select(ClaimReview).where(ClaimReview.status == "pending")) is None


def test_a_us_only_bio_is_judged_by_us_rules(app, make_practitioner):
    practitioner = make_practitioner(name="Dr Una States", clinics=[BEVERLY_HILLS])
    bio = "Botox and fillers by a board-certified dermatologist with twelve years of experience."
    assert check_text(bio, ["GB"]).verdict == "drug-like"
    save_bio(app, practitioner, bio)
    db.session.refresh(practitioner)
    assert practitioner.bio == bio


def flagging(phrase: str, verdict: str):
    """A stand-in for a new checker that reads `phrase` as `verdict`."""
    def check(text, countries=None):
        if phrase not in text:
            return check_text(text, countries)
        found = Finding(match=phrase, rule="UK-MED", suggestion="Describe how skin looks.", sentence=text,
                        kind="therapeutic", end=len(text))
        return Verdict(text, verdict, (found,) if verdict == "drug-like" else (), 0.9, text)
    return check


def test_a_new_checker_rechecks_stored_texts_once(runner, monkeypatch, make_practitioner, mailbox):
    practitioner = make_practitioner(name="Dr Una King", bio=PLAIN)
    assert review_of(practitioner).status == "not_needed"
    assert "Re-checked 0 texts" in runner.invoke(args=["refresh-badges"]).output  # nothing changed: nothing checked
    monkeypatch.setattr(moderation, "checker_version", lambda: "new-model")
    monkeypatch.setattr(moderation, "check_text", flagging("confident", "needs-review"))
    assert "Re-checked 1 texts: 1 sent for review" in runner.invoke(args=["refresh-badges"]).output
    assert review_of(practitioner).status == "pending"
    assert "Re-checked 0 texts" in runner.invoke(args=["refresh-badges"]).output  # idempotent
    monkeypatch.setattr(moderation, "checker_version", lambda: "newer-model")
    monkeypatch.setattr(moderation, "check_text", flagging("confident", "drug-like"))
    monkeypatch.setattr(badge, "check_text", flagging("confident", "drug-like"))
    assert "1 hidden as drug-like" in runner.invoke(args=["refresh-badges"]).output
    hidden = review_of(practitioner)
    assert hidden.status == "refused" and hidden.decided_by_id is None and not moderation.may_show(
        "bio", practitioner.id, PLAIN)
    assert db.session.get(ComplianceBadgeRow, practitioner.id).status == "not_compliant"
    assert "claims.hidden" in actions()
    [mail] = mailbox.to(practitioner.user.email)
    assert "Patients cannot see your bio" in plain_text(mail)
    monkeypatch.setattr(moderation, "checker_version", lambda: "kinder-model")
    monkeypatch.setattr(moderation, "check_text", check_text)
    monkeypatch.setattr(badge, "check_text", check_text)
    assert "1 cosmetic" in runner.invoke(args=["refresh-badges"]).output
    assert review_of(practitioner).status == "not_needed"
    assert db.session.get(ComplianceBadgeRow, practitioner.id).status != "not_compliant"


def test_a_clinic_in_another_country_rechecks_the_bio(make_practitioner):
    practitioner = make_practitioner(name="Dr Una King", bio=UNSURE)  # a UK clinic: no US efficacy rule
    assert review_of(practitioner).status == "not_needed"
    practitioner.clinics.append(Clinic(**{**BEVERLY_HILLS, "address_status": "confirmed"}))
    db.session.commit()
    assert review_of(practitioner).status == "pending"
