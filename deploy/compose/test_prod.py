"""The production stack, as a user runs it: `docker-compose -f docker-compose.prod.yml up -d
--build` with a generated .env, every request through nginx's published port.

The tests run in file order on one stack: the contract first, then two replicas, a database
restart, and last the stop of the app replicas under load and of everything else.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import FIGURES, Stack, docker, inspect, phase, production_environment
from loopback import Http, free_port

PROJECT = "flaskms-e2e-prod"
PASSWORD = "a long and unusual passphrase 7"  # not on the common-password list
NO_REPLICA = (502, 504)  # what nginx answers, as JSON, when no app replica takes the request


@pytest.fixture(scope="module")
def stack(stack_factory: Any) -> Stack:
    made: Stack = stack_factory(
        project=PROJECT,
        compose_file="docker-compose.prod.yml",
        # Port 80 may be taken on the host.
        environment=production_environment(WEB_WORKERS="2", NGINX_PORT=str(free_port())),
        build_services=["users", "db", "client", "nginx"],
        # The app's access log, which production leaves to nginx: each replica's own record
        # of the requests it served.
        service_overrides={"users": {"environment": {"ACCESS_LOG": "true"}}},
    )
    with phase("prod: build + up -d --build (healthy)"):
        made.compose("up", "-d", "--build", timeout=1200)
    return made


@pytest.fixture(scope="module")
def nginx(stack: Stack) -> Http:
    http = Http(int(stack.environment["NGINX_PORT"]))
    http.wait("/ping")
    return http


def new_email() -> str:
    return f"user-{secrets.token_hex(6)}@example.com"


def test_every_healthcheck_reaches_healthy(stack: Stack) -> None:
    for service in ("db", "redis", "users"):
        stack.wait_healthy(service)


def test_users_contract_through_nginx(nginx: Http) -> None:
    assert nginx.request("GET", "/ping").json() == {"status": "success", "message": "pong!"}
    email = new_email()
    created = nginx.post_json("/users", {"username": "ada", "email": email})
    assert created.status == 201, created.body
    assert created.json()["message"] == f"{email} was added!"
    user = created.json()["data"]
    assert user["active"] is False

    duplicate = nginx.post_json("/users", {"username": "ada", "email": email.upper()})
    assert (duplicate.status, duplicate.json()["message"]) == (
        400,
        "Sorry. That email already exists.",
    )
    invalid = nginx.post_json("/users", {"username": "ada"})
    assert (invalid.status, invalid.json()["message"]) == (400, "Invalid payload.")

    fetched = nginx.request("GET", f"/users/{user['id']}")
    assert fetched.status == 200 and fetched.json() == {"status": "success", "data": user}
    assert nginx.request("GET", "/users/999999999").json()["message"] == "User does not exist"
    assert nginx.request("GET", "/users/abc").json()["message"] == "Param id error"

    listed = nginx.request("GET", "/users?limit=1")
    assert listed.status == 200
    assert len(listed.json()["data"]["users"]) == 1
    assert "next_cursor" in listed.json()["data"]
    unknown = nginx.request("GET", "/no-such-path")
    assert unknown.status == 404 and unknown.json()["status"] == "fail"


def test_page_with_its_csrf_form_and_assets(nginx: Http) -> None:
    page = nginx.request("GET", "/")
    assert page.status == 200 and b"<title>All Users</title>" in page.body
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.body)
    assert token, "the form has no CSRF token"
    cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    username = f"page-{secrets.token_hex(3)}"
    form = f"username={username}&email={new_email()}".replace("@", "%40")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}

    assert nginx.request("POST", "/", form.encode(), headers).status == 400  # no token
    added = nginx.request("POST", "/", f"{form}&csrf_token={token[1].decode()}".encode(), headers)
    assert added.status == 303, added.body
    shown = nginx.request("GET", "/", headers={"Cookie": cookie})
    assert shown.body.count(username.encode()) == 1  # added once: the refused post added nothing

    # Every stylesheet and script the page links is served (the image leaves some of
    # Bootstrap-Flask's files out: not these).
    assets = re.findall(rb'(?:href|src)="(/[^"]+\.(?:css|js))', page.body)
    assert assets, "the page links no local stylesheet or script"
    for asset in assets:
        assert nginx.request("GET", asset.decode()).status == 200, asset


def test_register_login_status_logout(nginx: Http) -> None:
    email = new_email()
    registered = nginx.post_json(
        "/auth/register", {"username": "grace", "email": email, "password": PASSWORD}
    )
    assert registered.status == 201, registered.body
    assert registered.json()["message"] == "Successfully registered."

    login = nginx.post_json("/auth/login", {"email": email, "password": PASSWORD})
    assert login.status == 200, login.body
    bearer = {"Authorization": f"Bearer {login.json()['auth_token']}"}
    status = nginx.request("GET", "/auth/status", headers=bearer)
    assert status.status == 200
    assert (status.json()["data"]["email"], status.json()["data"]["active"]) == (email, True)

    wrong = nginx.post_json("/auth/login", {"email": email, "password": "not the password"})
    assert (wrong.status, wrong.json()["message"]) == (401, "Invalid email or password.")

    logout = nginx.request("GET", "/auth/logout", headers=bearer)
    assert logout.json() == {"status": "success", "message": "Successfully logged out."}
    after = nginx.request("GET", "/auth/status", headers=bearer)
    assert (after.status, after.json()["message"]) == (401, "Provide a valid auth token.")


def test_the_app_sees_the_published_port(nginx: Http) -> None:
    """nginx listens on 80 inside its container, published here on another port: the app still
    sees the host and port the browser used, so the client's cookie flow, which sends the page's
    own Origin, is let in, and links name that port."""
    origin = f"http://127.0.0.1:{nginx.port}"
    body = {"username": "heidi", "email": new_email(), "password": PASSWORD}
    headers = {"Content-Type": "application/json", "Origin": origin, "X-Refresh-Cookie": "1"}
    registered = nginx.request("POST", "/auth/register", json.dumps(body).encode(), headers)
    assert registered.status == 201, registered.body
    assert registered.headers["Set-Cookie"].startswith("refresh_token=")
    listed = nginx.request("GET", "/users?limit=1")
    assert listed.headers["Link"].startswith(f"<{origin}/users?"), listed.headers["Link"]


def test_two_megabyte_body_refused_as_json(nginx: Http) -> None:
    body = b'{"username": "' + b"x" * 2_000_000 + b'"}'
    response = nginx.request("POST", "/users", body, {"Content-Type": "application/json"})
    assert response.status == 413
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"status": "fail", "message": "Request body too large."}


def access_lines(container: str, marker: str) -> int:
    logs = docker("logs", container).stdout
    return sum(1 for line in logs.splitlines() if f"path={marker}" in line)


def test_scaled_to_two_replicas_both_serve(stack: Stack, nginx: Http) -> None:
    with phase("prod: --scale users=2, nginx restarted"):
        stack.compose("up", "-d", "--no-recreate", "--scale", "users=2", timeout=300)
        stack.wait_healthy("users")
        # nginx resolves `users` when it starts (docker-compose.prod.yml says so).
        stack.compose("restart", "nginx")
        nginx.wait("/ping")
    replicas = stack.containers("users")
    assert len(replicas) == 2
    # Forty requests for a path nothing else asks for; each replica's access log (on for this
    # stack, see the fixture) counts the ones it served.
    marker = f"/users/{secrets.randbelow(10**9) + 10**9}"
    for _ in range(40):
        assert nginx.request("GET", marker).status == 404
    # Docker collects the log lines a moment after the answers went out.
    deadline = time.monotonic() + 10
    while True:
        served = {replica[:12]: access_lines(replica, marker) for replica in replicas}
        if sum(served.values()) >= 40 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert sum(served.values()) == 40, served
    assert all(count > 0 for count in served.values()), f"one replica served nothing: {served}"


@dataclass
class Outcome:
    start: float
    end: float
    email: str | None  # the new user's, for a write
    status: int | str  # the HTTP status, or the error that stood for one
    body: bytes = b""
    retry_after: str | None = None


class Load:
    """Threads sending reads and writes (one in two) through nginx until stopped; each
    request's outcome is kept with its start and end time."""

    def __init__(self, nginx: Http, read_path: str, threads: int = 6) -> None:
        self.nginx = nginx
        self.read_path = read_path
        self.stop_event = threading.Event()
        self.outcomes: list[Outcome] = []
        self.threads = [threading.Thread(target=self.client) for _ in range(threads)]

    def client(self) -> None:
        for number in range(5000):  # bounded in count, and by the stop event in time
            if self.stop_event.is_set():
                return
            start = time.monotonic()
            email = new_email() if number % 2 else None
            try:
                if email:
                    response = self.nginx.post_json("/users", {"username": "l", "email": email})
                else:
                    response = self.nginx.request("GET", self.read_path)
                outcome = Outcome(
                    start, time.monotonic(), email, response.status, response.body,
                    response.headers["Retry-After"],
                )  # fmt: skip
            except OSError as error:
                outcome = Outcome(start, time.monotonic(), email, repr(error))
            self.outcomes.append(outcome)
            if outcome.status not in (200, 201):
                # Refused: a moment before the next, as a client that retries does. Without
                # it, nginx's instant 502s once no replica was left had these threads open
                # thousands of connections a second, more than Docker's port proxy passed on:
                # resets of connections that never reached nginx.
                time.sleep(0.01)

    def acknowledged(self) -> list[str]:
        return [o.email for o in self.outcomes if o.email and o.status == 201]

    def refused(self, statuses: tuple[int, ...]) -> list[Outcome]:
        """Refusals in the API's JSON envelope with one of `statuses`."""
        return [o for o in self.outcomes if o.status in statuses and fails_as_json(o.body)]

    def unexpected(self, refusals: tuple[int, ...]) -> list[tuple[int | str, bytes]]:
        """Outcomes other than success and the JSON refusals expected."""
        expected = {id(o) for o in self.refused(refusals)}
        return [
            (o.status, o.body[:200])
            for o in self.outcomes
            if o.status not in (200, 201) and id(o) not in expected
        ]

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(60)
        assert not any(thread.is_alive() for thread in self.threads)


def fails_as_json(body: bytes) -> bool:
    try:
        return bool(json.loads(body)["status"] == "fail")
    except (ValueError, KeyError, TypeError):
        return False


def database_emails(stack: Stack, emails: list[str]) -> set[str]:
    """Which of `emails` the database holds, asked of the database container itself."""
    if not emails:
        return set()
    listed = ",".join(f"'{email}'" for email in emails)
    # On standard input: thousands of addresses are past what one argument may hold.
    result = stack.compose(
        "exec", "-T", "-e", f"MYSQL_PWD={stack.environment['MYSQL_PASSWORD']}", "db",
        "mysql", "-u", "users", "--batch", "--skip-column-names", "users_prod",
        stdin=f"SELECT email FROM users WHERE email IN ({listed});\n",
    )  # fmt: skip
    return set(result.stdout.split())


def assert_writes_consistent(
    stack: Stack, load: Load, refusals: tuple[int, ...], *, refused_never_stored: bool
) -> list[str]:
    """Every acknowledged write is in the database; if `refused_never_stored`, no refused
    write is either. Returns the refused writes that were stored all the same."""
    acknowledged = load.acknowledged()
    refused = [o.email for o in load.refused(refusals) if o.email]
    stored = database_emails(stack, acknowledged + refused)
    lost = set(acknowledged) - stored
    assert lost == set(), f"{len(lost)} of {len(acknowledged)} acknowledged writes were lost"
    stored_anyway = sorted(set(refused) & stored)
    if refused_never_stored:
        assert stored_anyway == [], f"{len(stored_anyway)} writes refused were stored all the same"
    return stored_anyway


def test_database_restart_survived(stack: Stack, nginx: Http) -> None:
    """503s while the database restarts, service after it, and no acknowledged write lost."""
    user = nginx.post_json("/users", {"username": "r", "email": new_email()}).json()["data"]
    with Load(nginx, f"/users/{user['id']}") as load, phase("prod: restart db under load"):
        time.sleep(1)
        stack.compose("restart", "db", timeout=120)
        stack.wait_healthy("db")
        nginx.wait(f"/users/{user['id']}", seconds=30)  # recovered, as one worker sees it
        # Each of the four workers (two replicas of two) has a breaker of its own: one that
        # failed last may still answer 503 for its cool-down (OUTAGE_COOL_DOWN, 2 s).
        recovered = time.monotonic() + 3
        time.sleep(6)  # and stays up
    unexpected = load.unexpected(refusals=(503,))
    assert unexpected == [], (
        f"{len(unexpected)} of {len(load.outcomes)} requests neither succeeded nor answered "
        f"503 during the restart: {unexpected[:5]}"
    )
    outage = load.refused((503,))
    assert outage, "no request met the restart: the outage was not exercised"
    assert all(o.retry_after for o in outage), "a 503 without Retry-After"
    after = {o.status for o in load.outcomes if o.start > recovered}
    assert after and after <= {200, 201}, after
    # A write whose commit the database took as its connection died gets a 503 and is stored:
    # its outcome is unknown to the client, which retries it with its Idempotency-Key.
    stored_anyway = assert_writes_consistent(stack, load, (503,), refused_never_stored=False)
    FIGURES.append(
        f"restart db: {len(load.outcomes)} requests, {len(outage)} answered 503, "
        f"{len(stored_anyway)} of the refused writes stored all the same (outcome unknown)"
    )


def test_stopping_the_app_finishes_in_flight_requests(stack: Stack, nginx: Http) -> None:
    """`docker-compose stop users` under load: each replica exits 0 within its grace period,
    and no request is dropped mid-way: it succeeds, or, once no replica is left, nginx refuses
    it in the API's JSON (nginx/users.conf): 502 for a refused connection, 504 for a connection
    to a container that is gone; and a refused request left no trace (a write dropped
    half-done would be stored though refused)."""
    user = nginx.post_json("/users", {"username": "s", "email": new_email()}).json()["data"]
    replicas = stack.containers("users")
    with Load(nginx, f"/users/{user['id']}", threads=8) as load:
        time.sleep(1.5)
        stop_sent = time.monotonic()
        with phase("prod: stop users under load"):
            stack.compose("stop", "users", timeout=120)
        stopped = time.monotonic() - stop_sent
        time.sleep(1)
    grace = 30  # stop_grace_period in docker-compose.prod.yml
    assert stopped < grace, f"stop took {stopped:.1f} s: the replicas were killed, not stopped"
    for replica in replicas:
        state = inspect("container", replica)["State"]
        assert (state["Status"], state["ExitCode"]) == ("exited", 0), state
    unexpected = load.unexpected(refusals=NO_REPLICA)
    assert unexpected == [], f"{len(unexpected)} requests failed otherwise: {unexpected[:5]}"
    served_while_stopping = [
        o for o in load.outcomes if o.end > stop_sent and o.status in (200, 201)
    ]
    refused_after = [o for o in load.refused(NO_REPLICA) if o.start > stop_sent]
    assert served_while_stopping and refused_after, "the load did not span the stop"
    # nginx's refusals never reached an app, so none of those writes can be stored.
    assert_writes_consistent(stack, load, NO_REPLICA, refused_never_stored=True)


def test_every_other_container_stops_cleanly_within_its_grace(stack: Stack) -> None:
    """nginx (SIGQUIT), MySQL and Redis (SIGTERM) exit 0 on `docker stop` within its 10 s:
    past them Docker kills, and the exit code is 137."""
    for service in ("nginx", "redis", "db"):
        for container in stack.containers(service):
            started = time.monotonic()
            docker("stop", "--time", "10", container)
            elapsed = time.monotonic() - started
            state = inspect("container", container)["State"]
            assert state["ExitCode"] == 0, (service, elapsed, state)
