"""Command-line tasks: creating admins and seeding demo data."""
from sqlalchemy import func, select

from accounts.models import User
from compliance.models import ExosomeDeclaration
from credentials.models import Credential
from directory.models import Clinic, ComplianceBadgeRow, Practitioner, Treatment
from core.extensions import db


def test_create_admin_reads_password_from_environment(runner, monkeypatch):
    monkeypatch.setenv("VERITY_ADMIN_PASSWORD", "a long admin passphrase")
    result = runner.invoke(args=["create-admin", "Root@Example.com", "--name", "Root"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "root@example.com"))
    assert user.role == "admin" and user.email_verified and user.check_password("a long admin passphrase")


def test_create_admin_asks_for_the_password(runner, monkeypatch):
    monkeypatch.delenv("VERITY_ADMIN_PASSWORD", raising=False)
    result = runner.invoke(args=["create-admin", "root@example.com"],
                           input="a long admin passphrase\na long admin passphrase\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.role).where(User.email == "root@example.com")) == "admin"


def test_create_admin_refuses_a_common_password_and_a_taken_email(runner, monkeypatch, make_user):
    monkeypatch.setenv("VERITY_ADMIN_PASSWORD", "password123")
    result = runner.invoke(args=["create-admin", "root@example.com"])
    assert result.exit_code != 0 and "too common" in result.output
    make_user(email="taken@example.com")
    monkeypatch.setenv("VERITY_ADMIN_PASSWORD", "a long admin passphrase")
    result = runner.invoke(args=["create-admin", "taken@example.com"])
    assert result.exit_code != 0 and "already exists" in result.output


def counts():
    """Rows in the tables the seed fills."""
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Practitioner, Clinic, Credential, Treatment)]


def test_seed_fills_once_and_rerunning_adds_nothing(runner):
    result = runner.invoke(args=["seed", "--count", "24"])
    assert result.exit_code == 0, result.output
    assert "admin@verity.example" in result.output and "patient@verity.example" in result.output
    first = counts()
    users, practitioners, clinics, credentials, treatments = first
    assert practitioners == 24 and users == 26 and clinics >= 24 and treatments >= 14
    professions = set(db.session.scalars(select(Practitioner.profession)))
    assert len(professions) == 7
    assert set(db.session.scalars(select(Clinic.country))) == {"GB", "US"}
    assert {"verified", "pending"} <= set(db.session.scalars(select(Credential.status)))
    verified = db.session.scalars(select(Credential).where(Credential.status == "verified")).all()
    assert verified and all(c.has_evidence and c.register_reference for c in verified)  # verified on evidence
    badges = set(db.session.scalars(select(ComplianceBadgeRow.status)))
    assert {"undeclared", "no_exosomes", "declared_compliant", "not_compliant"} <= badges
    declarations = db.session.scalar(select(func.count()).select_from(ExosomeDeclaration))
    runner.invoke(args=["seed", "--count", "24"])
    assert counts() == first
    assert db.session.scalar(select(func.count()).select_from(ExosomeDeclaration)) == declarations
