"""The outbox's and worker's settings, read from the environment."""
from core import settings


def test_defaults_keep_the_queue_under_instance_with_no_server(tmp_path):
    config = settings.load(str(tmp_path), {})
    assert config["REDIS_URL"] is None and config["TASK_QUEUE_PATH"] == str(tmp_path / "tasks.sqlite3")
    assert (config["MAIL_MAX_ATTEMPTS"], config["MAIL_LEASE_SECONDS"]) == (6, 300)


def test_the_environment_names_redis_and_the_delivery_limits(tmp_path):
    config = settings.load(str(tmp_path), {"REDIS_URL": "redis://queue:6379/0", "MAIL_MAX_ATTEMPTS": "3",
                                           "MAIL_LEASE_SECONDS": "60", "TASK_QUEUE_PATH": "/srv/tasks.db"})
    assert (config["REDIS_URL"], config["TASK_QUEUE_PATH"]) == ("redis://queue:6379/0", "/srv/tasks.db")
    assert (config["MAIL_MAX_ATTEMPTS"], config["MAIL_LEASE_SECONDS"]) == (3, 60)
