"""A reset request does not reveal which emails exist: same bytes, same time."""

from __future__ import annotations

import statistics
import time

import pytest
from apiflask import APIFlask

from tests.conftest import Mailbox
from tests.helpers import AppFactory, finish_background_work, register

TRIES = 50


def seconds_to_answer(app: APIFlask, email: str) -> tuple[float, bytes]:
    client = app.test_client()
    start = time.perf_counter()
    with client.post("/auth/password-reset", json={"email": email}) as response:
        elapsed = time.perf_counter() - start
    assert response.status_code == 202  # closed: as a server does once it has sent the answer
    # The lookup and the email start once the answer is out; let them finish, so that every
    # measurement starts from the same idle state whichever address came before.
    finish_background_work(app)
    return elapsed, response.get_data()


def test_known_and_unknown_addresses_look_the_same(
    make_app: AppFactory, mailbox: Mailbox, capsys: pytest.CaptureFixture[str]
) -> None:
    # A real mail server, and no rate limit in the way of 100 requests.
    app = make_app(mail_server="127.0.0.1", mail_port=mailbox.port, auth_rate_limit="")
    register(app.test_client())
    seconds_to_answer(app, "warm@example.com")
    times: dict[str, list[float]] = {"nobody@example.com": [], "michael@mherman.org": []}
    bodies = set()
    # Interleaved, so a change in machine load hits both alike; in alternating order, so that
    # what the one before left behind (the mail server here runs in this process) does too.
    for tries in range(TRIES):
        for email in sorted(times, reverse=tries % 2 == 1):
            elapsed, body = seconds_to_answer(app, email)
            times[email].append(elapsed)
            bodies.add(body)
    assert len(mailbox.messages) == TRIES
    assert len(bodies) == 1
    unknown, known = times.values()
    unknown_median, known_median = statistics.median(unknown), statistics.median(known)
    ratio = unknown_median / known_median
    with capsys.disabled():
        print(f"\nreset timing: unknown/known median = {ratio:.3f} over {TRIES} tries each")
    assert abs(unknown_median - known_median) / known_median < 0.25, (unknown_median, known_median)
