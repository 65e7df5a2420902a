"""Fixtures for the outbox: a queue that waits (tasks not run at once), SMTP servers that come and go or stall."""
import asyncio
import threading
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from core import mail
from core.extensions import db
from core.outbox import OutboxMessage
from tests.conftest import Mailbox, free_port

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def app_config(app_config, tmp_path):
    """Tasks go to a real (scratch) SQLite queue instead of running at once, so mail waits for a delivery run."""
    app_config.update(TASKS_IMMEDIATE=False, TASK_QUEUE_PATH=str(tmp_path / "tasks.sqlite3"))
    return app_config


@pytest.fixture
def pinned(app):
    """Pin the clock at NOW; returns a function that moves it on."""
    app.config["CLOCK_NOW"] = NOW

    def advance(delta):
        app.config["CLOCK_NOW"] += delta
        return app.config["CLOCK_NOW"]

    return advance


@contextmanager
def smtp_on(port: int, handler=None):
    """A real SMTP server on loopback at the given port, for as long as the block runs."""
    controller = Controller(handler or Mailbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller.handler
    finally:
        controller.stop()


@pytest.fixture
def dead_port(app):
    """Point the app at a loopback port where no SMTP server listens; returns the port."""
    port = free_port()
    app.config["MAIL_PORT"] = port
    return port


class StallInData:
    """An SMTP handler that takes the envelope, then never answers the message: a server hung in DATA."""

    def __init__(self):
        self.in_data, self.release = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.in_data.set()
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        return "421 Going away"


def queued(to="pat@example.com", subject="Hello", text="Hello Pat,\n\nVerity", **kwargs) -> OutboxMessage:
    """Queue one email and commit it."""
    row = mail.queue_message(to, subject, text, **kwargs)
    db.session.commit()
    return row


def rows() -> list[OutboxMessage]:
    """Every outbox row as stored now, oldest first."""
    db.session.commit()  # end any read, so this one sees what other connections wrote
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def ids_received(mailbox) -> list[str]:
    """The Message-IDs the SMTP server received, in order."""
    return [message["Message-ID"] for message in mailbox.messages]
