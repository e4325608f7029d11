"""Faults injected for real into the production server (bin/serve: granian, 2 workers) and into
databases and Redis servers of the tests' own: frozen (SIGSTOP), killed, restarted empty; a
worker killed; clients that trickle their bodies. See tests/live/dependencies.py."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from tests.helpers import PASSWORD, bearer
from tests.live.dependencies import Server, mariadb_server, postgres_server, redis_server
from tests.servers import SERVICE_DIR, free_port, running
from users import create_app
from users.config import TestingConfig
from users.extensions import db
from users.queries import dispose_connections

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("mariadbd", "redis-server", "runuser")),
        reason="starts MariaDB, PostgreSQL and Redis servers from the host's packages",
    ),
]

BIN = Path(sys.executable).parent


@dataclass
class Answer:
    status: int
    body: Any
    headers: Message  # names compared case-insensitively, as HTTP says
    seconds: float


def call(
    base: str,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Answer:
    """One request on a new connection (so that the workers take turns)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    started = time.perf_counter()
    try:
        payload = None if body is None else json.dumps(body)
        connection.request(method, path, payload, {"Content-Type": "application/json",
                                                   **(headers or {})})  # fmt: skip
        response = connection.getresponse()
        raw = response.read()
        seconds = time.perf_counter() - started
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = raw.decode(errors="replace")
        return Answer(response.status, parsed, response.headers, seconds)
    finally:
        connection.close()


@dataclass
class Service:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def register(self, email: str) -> dict[str, Any]:
        answer = call(self.url, "POST", "/auth/register",
                      {"username": "u", "email": email, "password": PASSWORD})  # fmt: skip
        assert answer.status == 201, answer
        body: dict[str, Any] = answer.body
        return body

    def tracebacks(self) -> int:
        return self.log.read_text(errors="replace").count("Traceback")


@pytest.fixture
def production(tmp_path: Path) -> Iterator[Callable[..., Service]]:
    """Start bin/serve in production on `database_url` (migrated first), with more settings
    as keyword arguments."""
    with ExitStack() as stack:

        def start(database_url: str, **settings: str) -> Service:
            env = {
                **os.environ,
                "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
                "APP_SETTINGS": "users.config.ProductionConfig",
                "SECRET_KEY": secrets.token_urlsafe(48),
                "DATABASE_URL": database_url,
                "HOST": "127.0.0.1",
                "WEB_WORKERS": "2",
                "ACCESS_LOG": "false",
                **settings,
            }
            subprocess.run([str(BIN / "flask"), "--app", "users.wsgi", "db", "upgrade"],
                           cwd=SERVICE_DIR, env=env, check=True, capture_output=True)  # fmt: skip
            port = free_port()
            env["PORT"] = str(port)
            log = tmp_path / f"serve-{port}.log"
            command = [str(SERVICE_DIR / "bin" / "serve")]
            process = stack.enter_context(running(command, port=port, env=env, log=log))
            return Service(f"http://127.0.0.1:{port}", log, process)

        yield start


def all_ready(base: str) -> bool:
    """Ready as seen by every worker: each has a breaker of its own."""
    return all(call(base, "GET", "/health/ready").status == 200 for _ in range(6))


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.1)
    return time.monotonic() - started


# Redis


def test_revocations_survive_redis_restarting_empty(
    tmp_path: Path, production: Callable[..., Service]
) -> None:
    with redis_server(tmp_path) as redis:
        service = production(f"sqlite:///{tmp_path / 'users.db'}", REDIS_URL=redis.url)
        first = service.register("alice@example.com")
        rotated = call(service.url, "POST", "/auth/refresh", headers=bearer(first["refresh_token"]))
        logged_out = call(
            service.url, "POST", "/auth/logout", headers=bearer(rotated.body["auth_token"])
        )
        assert logged_out.status == 200

        redis.kill()
        redis.start()  # the same port, nothing remembered

        for token in (first["auth_token"], rotated.body["auth_token"]):
            answer = call(service.url, "GET", "/auth/status", headers=bearer(token))
            assert (answer.status, answer.body["message"]) == (401, "Provide a valid auth token.")
        for token in (first["refresh_token"], rotated.body["refresh_token"]):  # spent, ended
            answer = call(service.url, "POST", "/auth/refresh", headers=bearer(token))
            assert answer.status == 401
        login = call(service.url, "POST", "/auth/login",
                     {"email": "alice@example.com", "password": PASSWORD})  # fmt: skip
        assert login.status == 200  # and Redis serves the rate limits again


def test_frozen_redis_is_503_fast_and_the_rest_keeps_serving(
    tmp_path: Path, production: Callable[..., Service]
) -> None:
    with redis_server(tmp_path) as redis:
        service = production(f"sqlite:///{tmp_path / 'users.db'}", REDIS_URL=redis.url)
        token = service.register("bob@example.com")["auth_token"]
        redis.freeze()
        try:
            login = call(service.url, "POST", "/auth/login",
                         {"email": "bob@example.com", "password": PASSWORD})  # fmt: skip
            assert (login.status, login.body["message"]) == (
                503,
                "Service temporarily unavailable.",
            )
            assert login.seconds < 2 and int(login.headers["Retry-After"]) >= 1
            ready = call(service.url, "GET", "/health/ready")
            assert ready.status == 503 and ready.seconds < 2
            assert ready.body["checks"] == {"database": "ok", "redis": "unavailable"}
            assert call(service.url, "GET", "/health/live").seconds < 1
            status = call(service.url, "GET", "/auth/status", headers=bearer(token))
            assert status.status == 200  # the database holds the sessions: no Redis needed
        finally:
            redis.thaw()
        wait_until(lambda: call(service.url, "POST", "/auth/login",
                                {"email": "bob@example.com", "password": PASSWORD}).status == 200,
                   10, "logins work again once Redis answers")  # fmt: skip
        assert service.tracebacks() == 0


# The database


@contextmanager
def database(kind: str, directory: Path) -> Iterator[tuple[Server, str]]:
    """A database server of this test's own, and the URL the service should use."""
    if kind == "postgresql":
        with postgres_server(directory) as server:
            yield server, server.url
    else:
        with mariadb_server(directory) as server:
            driver = "mysql+mysqldb" if kind == "mariadb-mysqlclient" else "mysql+pymysql"
            yield server, server.url.replace("mysql+mysqldb", driver)


DATABASES = ["mariadb-mysqlclient", "mariadb-pymysql", "postgresql"]


@dataclass
class Load:
    """Clients asking for one user over and over, each on its own connection."""

    service: str
    path: str
    answers: list[Answer]
    stop: threading.Event

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.answers.append(call(self.service, "GET", self.path, timeout=30))
            except OSError as error:  # no answer at all: counted as the longest wait
                self.answers.append(Answer(0, repr(error), Message(), 30))


@contextmanager
def load(service: str, path: str, clients: int) -> Iterator[list[Answer]]:
    answers: list[Answer] = []
    stop = threading.Event()
    threads = [threading.Thread(target=Load(service, path, answers, stop).run)
               for _ in range(clients)]  # fmt: skip
    for thread in threads:
        thread.start()
    try:
        yield answers
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)


@pytest.mark.parametrize("kind", DATABASES)
def test_frozen_database_is_503_within_seconds_and_liveness_stays_fast(
    tmp_path: Path, production: Callable[..., Service], kind: str
) -> None:
    with database(kind, tmp_path) as (server, url):
        service = production(url)
        service.register("carol@example.com")
        user = call(service.url, "GET", "/users?limit=1").body["data"]["users"][0]["id"]
        with load(service.url, f"/users/{user}", clients=12) as answers:
            time.sleep(1)
            server.freeze()
            frozen_at = len(answers)
            try:
                lives = []
                for _ in range(30):  # three seconds of probing, under load
                    lives.append(call(service.url, "GET", "/health/live").seconds)
                    time.sleep(0.1)
                ready = call(service.url, "GET", "/health/ready")
                time.sleep(2)
                during = answers[frozen_at:]
            finally:
                server.thaw()
            recovered = wait_until(lambda: all_ready(service.url), 10, "recovery")
        assert max(lives) < 1, (lives, service.log.read_text()[-3000:])
        assert ready.status == 503 and ready.seconds < 2
        assert ready.body["checks"] == {"database": "unavailable", "redis": "not configured"}
        slow = [(a.status, a.body, round(a.seconds, 2)) for a in during if a.seconds >= 5]
        assert during and not slow, (slow, service.log.read_text()[-3000:])
        assert {answer.status for answer in during} <= {200, 503}
        assert any(answer.status == 503 for answer in during)
        assert all("Retry-After" in a.headers for a in during if a.status == 503)
        assert recovered < 10
        # Ready answers may all have come from one worker; the other may still be trying the
        # database once (failing fast meanwhile) when the next request reaches it.
        wait_until(lambda: call(service.url, "GET", f"/users/{user}").status == 200, 5, "reads")
        assert service.tracebacks() == 0


def test_database_down_then_back_costs_no_restart_and_no_stale_connection(
    tmp_path: Path, production: Callable[..., Service]
) -> None:
    with mariadb_server(tmp_path) as server:
        service = production(server.url, DATABASE_IDLE_PING="1", OUTAGE_COOL_DOWN="1")
        service.register("dave@example.com")
        user_path = "/users/1"
        assert all(call(service.url, "GET", user_path).status == 200 for _ in range(8))

        server.kill()
        down = [call(service.url, "GET", user_path) for _ in range(6)]
        assert {answer.status for answer in down} == {503}
        assert all(answer.headers.get("Retry-After") for answer in down)
        assert all(answer.seconds < 5 for answer in down)

        server.start()  # the same data, the same port: a restart
        wait_until(lambda: call(service.url, "GET", user_path).status == 200, 15, "recovery")

        # Restarted again while the app idles: its pooled connections are all dead now.
        server.kill()
        server.start()
        # Idle longer than DATABASE_IDLE_PING, and longer than OUTAGE_COOL_DOWN: a worker that
        # answered none of the requests since the first outage may still have its breaker open
        # from it (the restarts here can take less than a second).
        time.sleep(1.5)
        after = [call(service.url, "GET", user_path).status for _ in range(16)]
        assert after == [200] * 16, (
            after,
            service.log.read_text()[-2000:],
        )  # none pays for a stale connection

    log = service.log.read_text()
    assert service.tracebacks() == 0
    assert "database unavailable" in log


@pytest.mark.parametrize("kind", DATABASES)
def test_a_background_job_on_a_frozen_database_gives_up_within_seconds(
    tmp_path: Path, production: Callable[..., Service], kind: str
) -> None:
    """The reset email's job reads the database after its request was answered: it gets a
    request's deadline, not a wait without end, and one log line."""
    failed = "background job _send_reset_link failed: database unavailable"
    with database(kind, tmp_path) as (server, url):
        service = production(url)
        service.register("erin@example.com")
        server.freeze()
        try:
            asked = call(service.url, "POST", "/auth/password-reset", {"email": "erin@example.com"})
            wait_until(lambda: failed in service.log.read_text(), 8, "the job giving up")
        finally:
            server.thaw()
        wait_until(lambda: all_ready(service.url), 10, "recovery")
        # The worker whose job was cut fails fast for OUTAGE_COOL_DOWN (2 s): its next job may
        # too (logged as above); a later one gets through.
        sent = "mail not sent (no MAIL_SERVER): to=erin@example.com"
        for _ in range(5):
            again = call(service.url, "POST", "/auth/password-reset", {"email": "erin@example.com"})
            with suppress(AssertionError):
                wait_until(lambda: sent in service.log.read_text(), 2.5, "the next job")
                break
    assert sent in service.log.read_text()
    assert (asked.status, again.status) == (202, 202) and asked.seconds < 1
    assert service.tracebacks() == 0


@pytest.mark.parametrize("kind", DATABASES)
def test_a_database_freezing_while_a_connection_is_set_up_is_503_within_seconds(
    tmp_path: Path, kind: str
) -> None:
    """Drivers run statements on a new connection (`SET NAMES`, the dialect's first queries)
    before the pool hands it out: the deadline covers them too. The database freezes at that
    very moment, from a listener that runs after the driver connected."""
    with database(kind, tmp_path) as (server, url):
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade()
            dispose_connections()  # the next request makes a new connection
            engine = db.engine

        def freeze_then_ask(dbapi_connection: Any, _record: Any) -> None:
            server.freeze()
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()

        sa.event.listen(engine, "connect", freeze_then_ask)
        statuses: list[int] = []
        asker = threading.Thread(
            target=lambda: statuses.append(app.test_client().get("/users/1").status_code)
        )
        asker.start()
        try:
            asker.join(timeout=5)
            answered_in_time = not asker.is_alive()
        finally:
            sa.event.remove(engine, "connect", freeze_then_ask)
            server.thaw()
            asker.join()
        assert answered_in_time and statuses == [503], statuses
        wait_until(lambda: app.test_client().get("/users/1").status_code == 404, 10, "recovery")
        with app.app_context():
            dispose_connections()


# The server itself


def status_of(base: str, path: str) -> int:
    """The status, or 0 when the connection broke (a worker killed under the request)."""
    try:
        return call(base, "GET", path).status
    except OSError:
        return 0


def worker_pids(main_pid: int) -> set[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(main_pid)],
                           capture_output=True, text=True)  # fmt: skip
    return {int(pid) for pid in found.stdout.split()}


def test_a_killed_worker_is_replaced_and_the_server_keeps_serving(
    tmp_path: Path, production: Callable[..., Service]
) -> None:
    service = production(f"sqlite:///{tmp_path / 'users.db'}")
    # The server answers once one worker has started; the other may still be importing the
    # app, and killing the only one started leaves nobody to answer for a moment.
    wait_until(lambda: service.log.read_text().count("Started worker-") == 2, 30,
               "both workers")  # fmt: skip
    before = worker_pids(service.process.pid)
    assert len(before) == 2
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    statuses = [status_of(service.url, "/ping") for _ in range(40)]
    assert statuses.count(200) >= 38, statuses  # only requests caught in the dying worker fail
    wait_until(lambda: len(worker_pids(service.process.pid) - {victim}) == 2, 20,
               "a new worker")  # fmt: skip
    assert service.process.poll() is None
    assert [call(service.url, "GET", "/ping").status for _ in range(20)] == [200] * 20


def test_clients_slow_with_their_headers_are_cut_off(
    tmp_path: Path, production: Callable[..., Service]
) -> None:
    """Headers a line at a time: granian closes the connection after HEADER_TIMEOUT_MS, and
    serves everyone else meanwhile. (Slow bodies: nginx's client_body_timeout, in the e2e.)"""
    service = production(f"sqlite:///{tmp_path / 'users.db'}", HEADER_TIMEOUT_MS="1000")
    port = int(service.url.rsplit(":", 1)[1])
    cut_after: list[float] = []

    def trickle() -> None:
        with socket.create_connection(("127.0.0.1", port)) as sock:
            started = time.monotonic()
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n")
            try:
                for n in range(20):
                    sock.sendall(f"X-Slow-{n}: 1\r\n".encode())
                    time.sleep(0.25)
                    sock.setblocking(False)
                    try:
                        if sock.recv(4096) == b"":
                            break
                    except BlockingIOError:
                        pass
                    finally:
                        sock.setblocking(True)
            except OSError:
                pass
            cut_after.append(time.monotonic() - started)

    clients = [threading.Thread(target=trickle) for _ in range(10)]
    for client in clients:
        client.start()
    pings = [call(service.url, "GET", "/ping") for _ in range(10)]
    for client in clients:
        client.join(timeout=30)
    assert all(ping.status == 200 and ping.seconds < 1 for ping in pings)
    assert len(cut_after) == 10 and all(0.9 < seconds < 3 for seconds in cut_after), cut_after


# What operators read


def test_metrics_sum_every_worker(tmp_path: Path, production: Callable[..., Service]) -> None:
    service = production(f"sqlite:///{tmp_path / 'users.db'}")
    for _ in range(40):
        assert call(service.url, "GET", "/users/999").status == 404
    route = 'route="/users/<int:user_id>"'
    wanted = {
        f'users_http_requests_total{{method="GET",{route},status="404"}}': 40.0,
        f"users_http_request_duration_seconds_count{{{route}}}": 40.0,
        f'users_http_request_duration_seconds_bucket{{le="+Inf",{route}}}': 40.0,
    }

    def counted(text: str) -> dict[str, float]:
        return {name: float(value) for name, value in
                (line.rsplit(" ", 1) for line in text.splitlines() if line.startswith("users_"))
                if name in wanted}  # fmt: skip

    # Each worker publishes its counts within a second (users.metrics.Tally).
    wait_until(lambda: counted(call(service.url, "GET", "/metrics").body) == wanted, 3, "sums")
    for _ in range(6):  # whichever worker answers, it reports both workers' counts
        text = call(service.url, "GET", "/metrics").body
        assert counted(text) == wanted
    assert "users_db_pool_connections_in_use" in text


def test_json_logs_carry_the_request_id(tmp_path: Path, production: Callable[..., Service]) -> None:
    service = production(f"sqlite:///{tmp_path / 'users.db'}", LOG_FORMAT="json")
    answer = call(service.url, "POST", "/auth/login",
                  {"email": "nobody@example.com", "password": "wrong password!"},
                  headers={"X-Request-ID": "trace-me-42"})  # fmt: skip
    assert answer.status == 401 and answer.headers["X-Request-ID"] == "trace-me-42"
    time.sleep(0.5)
    lines = [json.loads(line) for line in service.log.read_text().splitlines()
             if line.startswith("{")]  # fmt: skip
    [failure] = [line for line in lines if line["message"].startswith("login.failure")]
    assert failure["request_id"] == "trace-me-42" and failure["logger"] == "users.auth"
