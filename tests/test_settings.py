"""Settings come from the environment, with safe production rules."""
import pytest

from core import settings


def test_production_refuses_to_start_without_secret_key(tmp_path):
    with pytest.raises(settings.SettingsError, match="SECRET_KEY"):
        settings.load(str(tmp_path), {"VERITY_ENV": "production"})


def test_production_cookies_are_secure(tmp_path):
    config = settings.load(str(tmp_path), {"VERITY_ENV": "production", "SECRET_KEY": "k" * 32,
                                           "SERVER_NAME": "verity.example", "INTAKE_KEY": "k" * 43 + "="})
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_key_is_generated_once_and_kept(tmp_path):
    first = settings.load(str(tmp_path), {})["SECRET_KEY"]
    second = settings.load(str(tmp_path), {})["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_database_url_defaults_to_sqlite_and_accepts_postgres(tmp_path):
    assert settings.load(str(tmp_path), {})["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'verity.db'}"
    url = settings.load(str(tmp_path), {"DATABASE_URL": "postgres://u:p@db/verity"})["SQLALCHEMY_DATABASE_URI"]
    assert url == "postgresql+psycopg://u:p@db/verity"


def test_a_bad_number_is_reported_by_name(tmp_path):
    with pytest.raises(settings.SettingsError, match="MAIL_PORT"):
        settings.load(str(tmp_path), {"MAIL_PORT": "twenty-five"})


def test_development_mail_goes_to_the_outbox(app, tmp_path):
    from core import mail
    from core.extensions import db

    app.config.update(MAIL_SERVER=None, MAIL_OUTBOX=str(tmp_path / "outbox"))
    mail.queue_message("pat@example.com", "Hello", "Body text")
    db.session.commit()  # under TESTING the delivery runs right after the commit
    [eml] = (tmp_path / "outbox").glob("*.eml")
    assert b"Subject: Hello" in eml.read_bytes()


def test_licensing_is_enforced_only_where_the_setting_lists(tmp_path):
    assert settings.load(str(tmp_path), {})["LICENSING_IN_FORCE"] == ()
    config = settings.load(str(tmp_path), {"LICENSING_IN_FORCE": " gb-eng, GB-WLS ,"})
    assert config["LICENSING_IN_FORCE"] == ("GB-ENG", "GB-WLS")
    with pytest.raises(settings.SettingsError, match="LICENSING_IN_FORCE"):
        settings.load(str(tmp_path), {"LICENSING_IN_FORCE": "England"})
