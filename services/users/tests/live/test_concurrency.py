"""Against the real production server (bin/serve: granian, 2 workers x 16 threads), not the
test client: the database's unique index decides races, and no acknowledged write is lost."""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from apiflask import APIFlask

from tests.helpers import stored_users

pytestmark = pytest.mark.server

RACERS = 48
DISTINCT = 300


@pytest.fixture
def live_server(serve: Callable[..., str]) -> str:
    """These tests are about the unique index and lost writes, not the connect bound: the
    racers open some 30 connections at once on a fresh server, and on a busy machine one
    handshake may outlast `DATABASE_CONNECT_TIMEOUT`'s 1 s, which answers that request 503 by
    design (tests/live/test_outages.py)."""
    return serve(DATABASE_CONNECT_TIMEOUT="10")


def post_user(base_url: str, username: str, email: str) -> tuple[int, Any]:
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
    try:
        body = json.dumps({"username": username, "email": email})
        connection.request("POST", "/users", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def warnings_in_logs(directory: Path) -> list[str]:
    """The servers' warnings (a 503 logs its reason): what a failure message should show."""
    lines = (
        line for log in directory.glob("server-*.log") for line in log.read_text().splitlines()
    )
    return [line for line in lines if "WARNING" in line or "ERROR" in line][:20]


def emails_in(app: APIFlask) -> list[str]:
    return [user["email"] for user in stored_users(app)]


def test_racing_creates_with_one_email_make_one_user(app: APIFlask, live_server: str) -> None:
    start = threading.Barrier(RACERS)

    def race(n: int) -> tuple[int, Any]:
        start.wait()
        # Different spellings of one address: uniqueness ignores case.
        email = "Racer@Example.com" if n % 2 else "racer@example.COM"
        return post_user(live_server, f"racer{n}", email)

    with ThreadPoolExecutor(RACERS) as pool:
        results = list(pool.map(race, range(RACERS)))
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [400] * (RACERS - 1)
    losers = [body for status, body in results if status == 400]
    assert all(
        body == {"status": "fail", "message": "Sorry. That email already exists."}
        for body in losers
    )
    assert len(emails_in(app)) == 1


def test_concurrent_distinct_creates_all_land(
    app: APIFlask, live_server: str, tmp_path: Path
) -> None:
    with ThreadPoolExecutor(RACERS) as pool:
        results = list(
            pool.map(
                lambda n: post_user(live_server, f"u{n}", f"u{n}@example.com"), range(DISTINCT)
            )
        )
    statuses = [status for status, _ in results]
    assert statuses == [201] * DISTINCT, (Counter(statuses), warnings_in_logs(tmp_path))
    acknowledged = {body["data"]["email"] for _, body in results}
    assert sorted(emails_in(app)) == sorted(acknowledged)
    assert len(acknowledged) == DISTINCT
