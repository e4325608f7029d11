"""Login does not reveal which emails exist through its timing."""

from __future__ import annotations

import statistics
import time

from flask.testing import FlaskClient

from tests.helpers import AppFactory, register

TRIES = 50


def seconds_to_fail(client: FlaskClient, email: str) -> float:
    start = time.perf_counter()
    response = client.post("/auth/login", json={"email": email, "password": "wrong guess!"})
    elapsed = time.perf_counter() - start
    assert response.status_code == 401
    return elapsed


def test_unknown_email_costs_what_a_wrong_password_costs(make_app: AppFactory) -> None:
    # Production hashing parameters, and no rate limit in the way of 100 attempts.
    app = make_app(argon2_time_cost=2, argon2_memory_cost=19 * 1024, auth_rate_limit="")
    client = app.test_client()
    register(client)
    seconds_to_fail(client, "warm@example.com")
    unknown, known = [], []
    for _ in range(TRIES):  # interleaved, so a change in machine load hits both alike
        unknown.append(seconds_to_fail(client, "nobody@example.com"))
        known.append(seconds_to_fail(client, "michael@mherman.org"))
    unknown_median, known_median = statistics.median(unknown), statistics.median(known)
    assert abs(unknown_median - known_median) / known_median < 0.25, (unknown_median, known_median)
