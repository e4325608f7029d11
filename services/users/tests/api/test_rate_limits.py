"""Login and registration are limited per client address and per account."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from tests.helpers import PASSWORD, AppFactory, register
from users.extensions import db

LIMIT = 3
TOO_MANY = {"status": "fail", "message": "Too many requests. Try again later."}


@pytest.fixture
def client(make_app: AppFactory) -> FlaskClient:
    return make_app(auth_rate_limit=f"{LIMIT} per minute").test_client()


def attempt(client: FlaskClient, email: str, address: str = "198.51.100.1", **headers: str) -> int:
    response = client.post(
        "/auth/login",
        json={"email": email, "password": "wrong password!"},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )
    if response.status_code == 429:
        assert response.get_json() == TOO_MANY
        assert int(response.headers["Retry-After"]) > 0
    return response.status_code


def test_per_client_address(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="users.auth"):
        statuses = [attempt(client, f"user{n}@example.com") for n in range(LIMIT + 2)]
    assert statuses == [401] * LIMIT + [429, 429]
    assert "lockout client=198.51.100.1 path=/auth/login" in caplog.text
    assert attempt(client, "someone@example.com", address="198.51.100.2") == 401


def test_per_account_across_addresses(client: FlaskClient) -> None:
    statuses = [
        attempt(client, "Target@Example.com" if n % 2 else "target@example.com", f"203.0.113.{n}")
        for n in range(LIMIT + 1)
    ]
    assert statuses == [401] * LIMIT + [429]


def test_registration_is_limited_too(client: FlaskClient) -> None:
    statuses = [register(client, email=f"new{n}@example.com").status_code for n in range(LIMIT + 1)]
    assert statuses == [201] * LIMIT + [429]


def test_a_refused_registration_costs_no_statement(make_app: AppFactory) -> None:
    """The limit comes before the Idempotency-Key's claim: a flood of keyed registrations
    refused 429 sends the database nothing (the claim and its release were three statements)."""
    app = make_app(auth_rate_limit=f"{LIMIT} per minute")
    client = app.test_client()
    for n in range(LIMIT):
        register(client, email=f"new{n}@example.com")
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        body = {"username": "m", "email": "one.more@example.com", "password": PASSWORD}
        refused = client.post("/auth/register", json=body, headers={"Idempotency-Key": "k"})
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert (refused.status_code, statements) == (429, [])


def test_forged_forwarded_for_does_not_reset_the_count(make_app: AppFactory) -> None:
    """Behind nginx (TRUSTED_PROXIES=1), nginx appends the real address; whatever the client
    put before it is ignored."""
    client = make_app(auth_rate_limit=f"{LIMIT} per minute", trusted_proxies=1).test_client()
    statuses = [
        attempt(
            client,
            f"user{n}@example.com",
            address="127.0.0.1",
            **{"X-Forwarded-For": f"10.0.0.{n}, 198.51.100.9"},
        )
        for n in range(LIMIT + 1)
    ]
    assert statuses == [401] * LIMIT + [429]


def test_other_routes_are_not_limited(client: FlaskClient) -> None:
    for _ in range(LIMIT + 2):
        assert client.get("/ping").status_code == 200
