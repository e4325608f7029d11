"""Fixtures: every database test runs once per real database, each from empty tables."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from apiflask import APIFlask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.databases import DATABASE_NAMES, migrated_database, require_server
from tests.servers import free_port
from users import create_app
from users.config import TestingConfig
from users.extensions import db
from users.queries import dispose_connections

AppFactory = Callable[..., APIFlask]


@pytest.fixture(scope="session", params=DATABASE_NAMES)
def database_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name != "sqlite":
        require_server(name)
    return name


@pytest.fixture(scope="session")
def database_url(database_name: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this session's own, migrated to head once."""
    with migrated_database(database_name, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def make_app(database_url: str) -> Iterator[AppFactory]:
    """Build apps on this database, with settings changed by keyword (`auth_rate_limit=...`).
    Each test starts from empty tables: one DELETE per table, a few milliseconds."""
    made: list[APIFlask] = []

    def factory(**settings: Any) -> APIFlask:
        app = create_app(TestingConfig(database_url=database_url, **settings))
        made.append(app)
        return app

    with factory().app_context(), db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    yield factory
    for app in made:
        # Background jobs (the reset email) first: a connection one still held when its pool
        # was disposed would never be closed (a ResourceWarning when it is collected).
        app.extensions["mail"].pool.shutdown()
        with app.app_context():
            dispose_connections()


@pytest.fixture
def app(make_app: AppFactory) -> APIFlask:
    return make_app()


@pytest.fixture
def client(app: APIFlask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: APIFlask) -> FlaskCliRunner:
    return app.test_cli_runner()


@dataclass
class Mailbox:
    """What a real SMTP server on loopback (aiosmtpd) received."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        """The first `count` messages, once they have arrived (the app sends in the
        background)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.messages) >= count, self.messages
        return self.messages[:count]


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()
