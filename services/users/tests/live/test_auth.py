"""Authentication against the real production server with 2 worker processes: revocations
and rate limits hold for every worker, from the database or from Redis."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.helpers import PASSWORD

pytestmark = pytest.mark.server

# Each request on a new connection, so that the workers take turns.
CHECKS = 24


def call(
    base_url: str, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
    try:
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        payload = None if body is None else json.dumps(body)
        connection.request(method, path, payload, all_headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def logout_is_seen_by_every_worker(base_url: str) -> None:
    status, body = call(
        base_url,
        "POST",
        "/auth/register",
        {"username": "m", "email": "m@example.com", "password": PASSWORD},
    )
    assert status == 201, body
    token = {"Authorization": f"Bearer {body['auth_token']}"}
    assert all(call(base_url, "GET", "/auth/status", headers=token)[0] == 200 for _ in range(4))
    assert call(base_url, "GET", "/auth/logout", headers=token)[0] == 200
    after = [call(base_url, "GET", "/auth/status", headers=token) for _ in range(CHECKS)]
    assert after == [(401, {"status": "fail", "message": "Provide a valid auth token."})] * CHECKS


def test_logout_holds_across_workers_with_the_database(serve: Callable[..., str]) -> None:
    logout_is_seen_by_every_worker(serve())


def test_logout_holds_across_workers_with_redis(
    serve: Callable[..., str], redis_url: str, redis_prefix: str
) -> None:
    logout_is_seen_by_every_worker(serve(REDIS_URL=redis_url, REDIS_KEY_PREFIX=redis_prefix))


def test_rate_limit_holds_across_workers_with_redis(
    serve: Callable[..., str], redis_url: str, redis_prefix: str
) -> None:
    """Exactly N attempts pass, however the client rotates X-Forwarded-For (the server is not
    behind a proxy here, so it believes none)."""
    limit = 5
    base_url = serve(
        REDIS_URL=redis_url, REDIS_KEY_PREFIX=redis_prefix, AUTH_RATE_LIMIT=f"{limit} per minute"
    )
    statuses = [
        call(
            base_url,
            "POST",
            "/auth/login",
            {"email": f"user{n}@example.com", "password": "wrong password!"},
            {"X-Forwarded-For": f"10.1.2.{n}"},
        )[0]
        for n in range(limit * 3)
    ]
    assert statuses == [401] * limit + [429] * (limit * 2)
