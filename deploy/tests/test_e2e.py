"""End to end on loopback, as deployed but without containers.

The image's start command (ENTRYPOINT + CMD of services/users/Dockerfile: wait for the
database, migrate, exec bin/serve) runs twice with the production configuration on a fresh
MariaDB database: two replicas, as `--scale users=2` or a Deployment gives. Debian's nginx runs
nginx/users.conf in front of them, with only the addresses substituted. Every request goes
through nginx. The tests run in file order: the last ones stop the servers.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

import checks
from loopback import Http, free_port

SERVICE_DIR = checks.ROOT / "services" / "users"
DOCKERFILE = (SERVICE_DIR / "Dockerfile").read_text().replace("\\\n", " ")
# The server on MariaDB's root account, as on these machines; the test database is its own.
# mysqlclient, the driver the production image uses.
MARIADB_URL = os.environ.get("E2E_MARIADB_URL", "mysql+mysqldb://root@127.0.0.1:3306/mysql")
# A client address other than nginx's own (127.0.0.1), still on loopback, so the address the
# app logs can only be right if it took it from nginx's X-Forwarded-For.
CLIENT_ADDRESS = "127.0.0.2"
STARTUP_SECONDS = 60


def dockerfile_command(instruction: str) -> list[str]:
    """The exec-form (JSON) arguments of the Dockerfile's last `instruction` line."""
    lines = re.findall(rf"^{instruction} (.*)$", DOCKERFILE, re.MULTILINE)
    arguments: list[str] = json.loads(lines[-1].split(" CMD ", 1)[-1])
    return arguments


@dataclass
class Server:
    """One replica: the image's start command on its own port, its output in `log`."""

    port: int
    log: Path
    process: subprocess.Popen[bytes] = field(init=False)

    def start(self, environment: dict[str, str]) -> None:
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                [*dockerfile_command("ENTRYPOINT"), *dockerfile_command("CMD")],
                cwd=SERVICE_DIR,
                env={**environment, "PORT": str(self.port)},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server on {self.port} did not start:\n{self.log.read_text()}")
            time.sleep(0.2)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """A database of this run's own on MariaDB; a server that is down fails the run."""
    server = make_url(MARIADB_URL)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    name = f"users_e2e_{secrets.token_hex(4)}"
    try:
        with admin.connect() as connection:
            connection.execute(
                sa.text(
                    f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                )
            )
    except sa.exc.OperationalError as error:
        pytest.fail(f"MariaDB at {server.render_as_string()} is needed for e2e: {error.orig}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()


@pytest.fixture(scope="module")
def servers(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Server]]:
    logs = tmp_path_factory.mktemp("servers")
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "PYTHONPATH": str(SERVICE_DIR),  # as in the image: run from the source tree
        "APP_SETTINGS": "users.config.ProductionConfig",
        "SECRET_KEY": secrets.token_hex(32),  # shared: a form from one replica posts to another
        "DATABASE_URL": database_url,
        "TRUSTED_PROXIES": "1",
        "ACCESS_LOG": "true",  # off by default in production; on here to see the client address
        "HOST": "127.0.0.1",
        "WEB_WORKERS": "2",
        "GRACEFUL_TIMEOUT": "10",
        "CORS_ORIGINS": CLIENT_ORIGIN,
    }
    replicas = [Server(free_port(), logs / f"server-{index}.log") for index in (1, 2)]
    try:
        for replica in replicas:  # one after the other: the first one migrates
            replica.start(environment)
        yield replicas
    finally:
        for replica in replicas:
            if hasattr(replica, "process"):
                replica.stop()


@pytest.fixture(scope="module")
def proxy(servers: list[Server], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Http]:
    directory = tmp_path_factory.mktemp("nginx")
    port = free_port()
    config = checks.nginx_config(
        directory,
        listen=f"127.0.0.1:{port}",
        upstreams=[f"127.0.0.1:{server.port}" for server in servers],
    )
    with (directory / "error.log").open("wb") as output:
        nginx = subprocess.Popen(
            [checks.NGINX, "-e", "stderr", "-p", str(directory), "-c", str(config)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 10
        while nginx.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        assert nginx.poll() is None, (directory / "error.log").read_text()
        yield Http(port)
    finally:
        nginx.send_signal(signal.SIGQUIT)  # graceful stop
        try:
            nginx.wait(10)
        except subprocess.TimeoutExpired:
            nginx.kill()
            nginx.wait()


CLIENT_ORIGIN = "https://client.example.com"


def new_email() -> str:
    return f"user-{secrets.token_hex(6)}@example.com"


def test_create_get_and_list_through_nginx(proxy: Http) -> None:
    created = []
    for name in ("ada", "grace", "linus"):
        email = new_email()
        response = proxy.post_json("/users", {"username": name, "email": email})
        assert response.status == 201, response.body
        assert response.json()["message"] == f"{email} was added!"
        created.append(response.json()["data"])

    response = proxy.request("GET", f"/users/{created[0]['id']}")
    assert response.status == 200
    assert response.json() == {"status": "success", "data": created[0]}

    listed, path = [], "/users?limit=2"
    for _page in range(100):  # bounded: a broken cursor must not loop forever
        response = proxy.request("GET", path)
        assert response.status == 200
        data = response.json()["data"]
        assert len(data["users"]) <= 2
        listed += [user["id"] for user in data["users"]]
        if data["next_cursor"] is None:
            break
        assert 'rel="next"' in response.headers["Link"]
        path = f"/users?limit=2&cursor={data['next_cursor']}"
    created_ids = [user["id"] for user in created]
    assert [i for i in listed if i in created_ids] == created_ids  # oldest first
    assert len(listed) == len(set(listed))


def test_cors_headers_pass_through_nginx_unchanged(proxy: Http) -> None:
    listed = {"Origin": CLIENT_ORIGIN}
    answer = proxy.request("GET", "/users/999999", headers=listed)
    assert answer.status == 404
    assert answer.headers["Access-Control-Allow-Origin"] == CLIENT_ORIGIN
    assert "X-Request-ID" in answer.headers["Access-Control-Expose-Headers"]
    assert "origin" in ", ".join(answer.headers.get_all("Vary", [])).lower()
    asking = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    preflight = proxy.request("OPTIONS", "/auth/login", headers=listed | asking)
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == CLIENT_ORIGIN
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type"
    unlisted = proxy.request(
        "GET", "/users/999999", headers={"Origin": "https://elsewhere.example"}
    )
    assert not [name for name in unlisted.headers if name.lower().startswith("access-control-")]


def test_security_headers_on_success_and_on_errors(proxy: Http) -> None:
    for path, status in (("/ping", 200), ("/no-such-path", 404)):
        response = proxy.request("GET", path)
        assert response.status == status
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "nginx/" not in response.headers.get("Server", "")


@pytest.mark.parametrize("path", ["/", "/openapi.json"])
def test_html_and_json_are_gzipped(proxy: Http, path: str) -> None:
    plain = proxy.request("GET", path)
    zipped = proxy.request("GET", path, headers={"Accept-Encoding": "gzip"})
    assert zipped.status == plain.status == 200
    assert zipped.headers["Content-Encoding"] == "gzip"
    # The same document (the page's CSRF token differs from one request to the next).
    assert gzip.decompress(zipped.body)[:100] == plain.body[:100]


def test_page_form_with_csrf_through_nginx(proxy: Http) -> None:
    page = proxy.request("GET", "/")
    assert page.status == 200
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.body)
    assert token, "the form has no CSRF token"
    cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    username, email = f"page-{secrets.token_hex(3)}", new_email()
    form = f"username={username}&email={email}".replace("@", "%40")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}

    refused = proxy.request("POST", "/", form.encode(), headers)
    assert refused.status == 400  # no token

    added = proxy.request("POST", "/", f"{form}&csrf_token={token[1].decode()}".encode(), headers)
    assert added.status == 303, added.body
    assert added.headers["Location"].endswith("/")
    shown = proxy.request("GET", "/", headers={"Cookie": cookie})
    assert username.encode() in shown.body
    assert shown.body.count(username.encode()) == 1  # the refused post added nothing


def test_oversized_body_is_refused_by_nginx_with_json(proxy: Http, servers: list[Server]) -> None:
    body = b'{"username": "' + b"x" * 2_000_000 + b'"}'
    response = proxy.request("POST", "/users", body, {"Content-Type": "application/json"})
    assert response.status == 413
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"status": "fail", "message": "Request body too large."}
    logs = "".join(server.log.read_text() for server in servers)
    assert "status=413" not in logs  # refused before it reached the app


def test_app_sees_the_client_address_nginx_passed(proxy: Http, servers: list[Server]) -> None:
    marker = f"/users/{secrets.randbelow(10**9) + 10**9}"  # a path no other test requests
    spoofed = {"X-Forwarded-For": "198.51.100.7"}  # a client's claim; one trusted hop ignores it
    assert proxy.request("GET", marker, headers=spoofed, source=CLIENT_ADDRESS).status == 404
    for _attempt in range(50):  # the log line may land a moment after the response
        lines = [
            line
            for server in servers
            for line in server.log.read_text().splitlines()
            if f"path={marker} " in line
        ]
        if lines:
            break
        time.sleep(0.1)
    assert len(lines) == 1, "the app logged no access line for the request"
    assert f"client={CLIENT_ADDRESS} " in lines[0]


def test_request_ids_pass_through_nginx_into_the_apps_log(
    proxy: Http, servers: list[Server]
) -> None:
    given = proxy.request(
        "GET", "/users/0", headers={"X-Request-ID": f"e2e-{secrets.token_hex(4)}"}
    )
    assert given.headers.get_all("X-Request-ID") == [given.headers["X-Request-ID"]]  # just one
    made = proxy.request("GET", "/users/0")
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])  # nginx's $request_id
    for answer in (given, made):
        wanted = f"[{answer.headers['X-Request-ID']}]"
        for _attempt in range(50):
            if any(wanted in server.log.read_text() for server in servers):
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"no app log line carries {wanted}")


def raw_request(proxy: Http, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Bytes no well-behaved client sends; the status, headers and body nginx answers."""
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=15) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        (b"NOT HTTP AT ALL\r\n\r\n", 400, "Bad request."),
        (b"GET /" + b"x" * 20_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
         414, "Request URL too long."),
        (b"GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 20_000
         + b"\r\nConnection: close\r\n\r\n", 431, "Request headers too large."),
    ],
    ids=["malformed", "url-too-long", "headers-too-large"],
)  # fmt: skip
def test_nginx_answers_its_own_errors_as_json(
    proxy: Http, data: bytes, status: int, message: str
) -> None:
    got, headers, body = raw_request(proxy, data)
    assert got == status
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"status": "fail", "message": message}


def test_health_goes_through_and_metrics_do_not(proxy: Http, servers: list[Server]) -> None:
    assert proxy.request("GET", "/health/live").json()["message"] == "alive"
    ready = proxy.request("GET", "/health/ready").json()
    assert ready == {"status": "success", "checks": {"database": "ok", "redis": "not configured"}}
    hidden = proxy.request("GET", "/metrics")
    assert (hidden.status, hidden.json()["message"]) == (404, "Resource not found.")
    # The monitoring network's way. Each worker publishes its counts within a second.
    deadline = time.monotonic() + 3
    while True:
        direct = Http(servers[0].port).request("GET", "/metrics")
        if b"users_http_requests_total" in direct.body or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert direct.status == 200 and b"users_http_requests_total" in direct.body


def test_a_body_trickling_in_is_cut_off_by_nginx(proxy: Http, servers: list[Server]) -> None:
    """granian bounds no body; nginx's client_body_timeout (10 s) does: it closes the
    connection (and logs a 408), and the app never sees the request."""
    marker = f"/users-trickle-{secrets.token_hex(4)}"  # a path no other test requests
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=30) as sock:
        sock.sendall(f"POST {marker} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: 100\r\n\r\n{".encode())  # fmt: skip
        assert proxy.request("GET", "/ping").status == 200  # everyone else is served meanwhile
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer == b""  # closed without an answer: the client is not reading either
    assert 9 < time.monotonic() - started < 20
    assert not any(marker in server.log.read_text() for server in servers)


def test_the_images_healthcheck_asks_for_readiness(servers: list[Server]) -> None:
    def healthcheck(port: int) -> int:
        command = dockerfile_command("HEALTHCHECK")
        environment = {**os.environ, "PORT": str(port)}
        return subprocess.run(command, env=environment, timeout=10, capture_output=True).returncode

    assert healthcheck(servers[0].port) == 0
    assert healthcheck(free_port()) != 0  # nothing listens there


def test_sigterm_during_load_drops_no_request(proxy: Http, servers: list[Server]) -> None:
    """A replica stopped mid-load finishes what it holds; nginx sends the rest to the other."""
    user = proxy.post_json("/users", {"username": "load", "email": new_email()}).json()["data"]
    reads = ["/ping", f"/users/{user['id']}", "/users?limit=5"]
    stop = threading.Event()
    outcomes: list[tuple[float, int | str]] = []  # (when, status or error)

    def client() -> None:
        for number in range(1000):  # bounded in count, and by `stop` in time
            if stop.is_set():
                return
            try:
                if number % 4 == 3:  # one write in four
                    response = proxy.post_json("/users", {"username": "l", "email": new_email()})
                else:
                    response = proxy.request("GET", reads[number % 4])
                outcome: int | str = response.status
            except OSError as error:
                outcome = repr(error)
            outcomes.append((time.monotonic(), outcome))

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    exit_code = servers[0].stop()
    stopped_at = time.monotonic()
    time.sleep(1.5)
    stop.set()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)

    assert exit_code == 0, servers[0].log.read_text()[-2000:]
    failures = [outcome for _, outcome in outcomes if outcome not in (200, 201)]
    assert failures == [], f"{len(failures)} of {len(outcomes)} requests failed"
    before = sum(1 for when, _ in outcomes if when <= stopped_at)
    assert before > 50 and len(outcomes) - before > 50  # load on both sides of the stop


def test_with_no_replica_left_nginx_answers_json_502(proxy: Http, servers: list[Server]) -> None:
    assert servers[1].stop() == 0
    response = proxy.request("GET", "/ping")
    assert response.status == 502
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["status"] == "fail"
