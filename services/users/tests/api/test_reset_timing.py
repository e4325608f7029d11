"""A reset request does not reveal which emails exist: same bytes, same time."""

from __future__ import annotations

import statistics
import time

import pytest
from apiflask import APIFlask

from tests.conftest import Mailbox
from tests.helpers import AppFactory, finish_background_work, register

TRIES = 50
ROUNDS = 3


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
    # A real mail server, and no rate limit in the way of the requests.
    app = make_app(mail_server="127.0.0.1", mail_port=mailbox.port, auth_rate_limit="")
    register(app.test_client())
    seconds_to_answer(app, "warm@example.com")
    bodies = set()
    differences = []
    # A busy machine (another container building, a database flushing) can skew one round of
    # milliseconds; a real difference, work done for one kind of address only, skews them all.
    for _round in range(ROUNDS):
        times: dict[str, list[float]] = {"nobody@example.com": [], "michael@mherman.org": []}
        # Interleaved, so a change in machine load hits both alike; in alternating order, so
        # that what the one before left behind (the mail server runs in this process) does too.
        for tries in range(TRIES):
            for email in sorted(times, reverse=tries % 2 == 1):
                elapsed, body = seconds_to_answer(app, email)
                times[email].append(elapsed)
                bodies.add(body)
        unknown, known = (statistics.median(seconds) for seconds in times.values())
        differences.append((unknown - known) / known)
        if abs(differences[-1]) < 0.25:
            break
    with capsys.disabled():
        shown = ", ".join(f"{difference:+.1%}" for difference in differences)
        print(f"\nreset timing: unknown against known median {shown} ({TRIES} tries each)")
    assert len(mailbox.messages) == TRIES * len(differences)
    assert len(bodies) == 1
    assert abs(differences[-1]) < 0.25, differences
