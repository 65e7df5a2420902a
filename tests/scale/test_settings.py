"""REDIS_URL is the one setting that shares the queue and the rate limits between servers."""
import pytest

from core import settings


def test_redis_url_alone_moves_the_rate_limits_to_redis(tmp_path):
    config = settings.load(str(tmp_path), {"REDIS_URL": "redis://cache.internal:6379/0"})
    assert config["REDIS_URL"] == config["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/0"


def test_without_redis_the_limits_count_in_the_process(tmp_path):
    config = settings.load(str(tmp_path), {})
    assert config["REDIS_URL"] is None and config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_an_explicit_rate_limit_storage_still_wins(tmp_path):
    config = settings.load(str(tmp_path), {"REDIS_URL": "redis://a:6379/0", "RATELIMIT_STORAGE_URI": "redis://b:6379/1"})
    assert (config["REDIS_URL"], config["RATELIMIT_STORAGE_URI"]) == ("redis://a:6379/0", "redis://b:6379/1")


def test_a_redis_url_that_is_not_one_is_refused_by_name(tmp_path):
    with pytest.raises(settings.SettingsError, match="REDIS_URL must start with redis://"):
        settings.load(str(tmp_path), {"REDIS_URL": "cache.internal:6379"})


@pytest.fixture
def redis_down(app_config):
    """Rate limits counted in a Redis that nobody listens on."""
    from tests.conftest import free_port

    app_config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute",
                      RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    return app_config


def test_logins_still_answer_while_redis_is_down(redis_down, client, make_user):
    from tests.helpers import login

    user = make_user(email="pat@example.com")
    assert [login(client, user.email, "wrong").status_code for _ in range(3)] == [200, 200, 429]
