"""Health, request ids, metrics, caching headers and Idempotency-Key, in-process on each
database (faults injected for real are in tests/live/test_outages.py)."""

from __future__ import annotations

import hashlib
import json
import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from apiflask import APIFlask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.databases import SERVER_URLS, migrated_database, require_server, throwaway_database
from tests.helpers import PASSWORD, AppFactory, bearer, register, stored_users, tokens_of
from tests.servers import REPOSITORY
from users import accounts, create_app, messages, queries
from users.config import TestingConfig
from users.extensions import db
from users.tables import idempotency_keys

MONITORING = REPOSITORY / "deploy" / "monitoring"


def test_live_does_no_io() -> None:
    app = create_app(TestingConfig(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = app.test_client().get("/health/live")
    assert (response.status_code, response.get_json()) == (
        200,
        {"status": "success", "message": "alive"},
    )


def test_ready_names_its_checks(client: FlaskClient) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "success",
        "checks": {"database": "ok", "redis": "not configured"},
    }


def test_ready_is_503_naming_the_database_when_it_is_down() -> None:
    app = create_app(TestingConfig(database_url="mysql+pymysql://nobody@127.0.0.1:1/none"))
    response = app.test_client().get("/health/ready")
    assert response.status_code == 503 and int(response.headers["Retry-After"]) >= 1
    assert response.get_json() == {
        "status": "fail",
        "message": "Service temporarily unavailable.",
        "checks": {"database": "unavailable", "redis": "not configured"},
    }


def test_ready_is_503_naming_redis_when_it_is_down(make_app: AppFactory) -> None:
    app = make_app(redis_url="redis://127.0.0.1:1/0")
    body = app.test_client().get("/health/ready").get_json()
    assert body["checks"] == {"database": "ok", "redis": "unavailable"}


@pytest.mark.parametrize("server", SERVER_URLS)
def test_disposing_closes_every_connection_the_probe_included(server: str, tmp_path: Path) -> None:
    require_server(server)
    with throwaway_database(server, tmp_path) as url:
        app = create_app(TestingConfig(database_url=url))
        assert app.test_client().get("/health/ready").status_code == 200
        # The first request opened a pooled connection and, in the background, the probe's.
        deadline = time.monotonic() + 5
        while len(connections_to(url)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(connections_to(url)) == 2
        watcher = app.extensions["database"].deadlines.watcher
        with app.app_context():
            queries.dispose_connections()
        # The server lists a closed connection until its backend has ended: soon, not at once.
        deadline = time.monotonic() + 5
        while connections_to(url) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert connections_to(url) == []
        watcher.join(timeout=1)  # and the thread that watched them is gone with them
        assert not watcher.is_alive()


def test_a_connection_that_cannot_be_opened_fails_that_request_alone(
    app: APIFlask, client: FlaskClient
) -> None:
    """The breaker opens only when the database stops answering. A new connection refused or
    not opened in time while the database answers (too many connections, a slow handshake on a
    busy machine) is that request's 503, and the next request is served."""
    with app.app_context():
        queries.dispose_connections()  # the next request opens a connection
        engine = db.engine
    refusals = [engine.dialect.loaded_dbapi.OperationalError("Too many connections")]

    def refuse_once(dbapi_connection: Any, _record: Any) -> None:
        if refusals:
            dbapi_connection.close()
            raise refusals.pop()

    sa.event.listen(engine, "connect", refuse_once)
    try:
        first, second = client.get("/users/1"), client.get("/users/1")
    finally:
        sa.event.remove(engine, "connect", refuse_once)
    assert (first.status_code, first.get_json()["message"]) == (503, messages.UNAVAILABLE)
    assert (second.status_code, second.get_json()["message"]) == (404, messages.USER_NOT_FOUND)


@pytest.mark.parametrize("server", SERVER_URLS)
def test_a_half_open_breaker_whose_probe_loses_its_connection_closes(
    server: str, tmp_path: Path
) -> None:
    """The request a half-open breaker lets through finds its pooled connection ended by the
    server (a restart, an idle timeout): that is its 503, the database answers, and the next
    request is served, not failed fast for ever."""
    require_server(server)
    with migrated_database(server, tmp_path) as url:
        app = create_app(TestingConfig(database_url=url, outage_cool_down=1))
        client = app.test_client()
        assert client.get("/users/1").status_code == 404  # a connection is in the pool now
        app.extensions["database"].breaker.failed()  # the database stopped answering a moment
        end_connections_to(url)
        time.sleep(1.2)  # past the cool-down: the next request is the probe
        probe = client.get("/users/1")
        after = client.get("/users/1")  # within the cool-down: a reopened breaker is a 503
        with app.app_context():
            queries.dispose_connections()
    assert (probe.status_code, after.status_code) == (503, 404)


# Where each server lists its connections: table, database column, id column, the asker's id.
CONNECTION_LISTS = {
    "postgresql": ("pg_stat_activity", "datname", "pid", "pg_backend_pid()"),
    "mysql": ("information_schema.processlist", "db", "id", "CONNECTION_ID()"),
}


def connections_to(url: str) -> list[int]:
    """The server's ids of the connections to the database at `url`, other than the one
    asking."""
    parsed = sa.make_url(url)
    table, database, id_column, own_id = CONNECTION_LISTS[parsed.get_backend_name()]
    query = f"SELECT {id_column} FROM {table} WHERE {database} = :name AND {id_column} <> {own_id}"
    with sa.create_engine(url, poolclass=sa.NullPool).connect() as connection:
        return list(connection.execute(sa.text(query), {"name": parsed.database}).scalars())


def end_connections_to(url: str) -> None:
    """End, from the server's side, every connection to the database at `url`."""
    end = "SELECT pg_terminate_backend({})" if url.startswith("postgresql") else "KILL {}"
    idents = connections_to(url)  # before this connection is opened: not itself
    with sa.create_engine(url, poolclass=sa.NullPool).connect() as connection:
        for ident in idents:
            connection.execute(sa.text(end.format(int(ident))))


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("abc-123", True), ("trace.id:42", True), ("x" * 129, False), ("a b", False), ("é", False)],
)
def test_every_answer_carries_a_request_id(client: FlaskClient, sent: str, kept: bool) -> None:
    for path in ("/ping", "/users/999", "/nope"):
        answer = client.get(path, headers={"X-Request-ID": sent})
        request_id = answer.headers["X-Request-ID"]
        assert (request_id == sent) is kept
        assert re.fullmatch(r"[A-Za-z0-9._:-]{1,128}", request_id)
    assert (
        client.get("/ping").headers["X-Request-ID"] != client.get("/ping").headers["X-Request-ID"]
    )


def test_log_lines_carry_the_request_id(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    client.post(
        "/auth/login",
        json={"email": "nobody@example.com", "password": "wrong password!"},
        headers={"X-Request-ID": "find-me"},
    )
    [record] = [r for r in caplog.records if r.getMessage().startswith("login.failure")]
    assert getattr(record, "request_id", None) == "find-me"


def test_auth_answers_are_never_cached(client: FlaskClient) -> None:
    access, _ = tokens_of(register(client))
    answers = [
        client.post("/auth/login", json={"email": "michael@mherman.org", "password": PASSWORD}),
        client.get("/auth/status", headers=bearer(access)),
        client.get("/auth/status"),
    ]
    assert [answer.headers.get("Cache-Control") for answer in answers] == ["no-store"] * 3
    assert client.get("/users").headers.get("Cache-Control") is None


def test_the_page_cookie_is_lax_and_secure_in_production(make_app: AppFactory) -> None:
    for secure in (False, True):
        app = make_app(session_cookie_secure=secure)
        client = app.test_client()
        client.post("/", data={"username": "m", "email": "m@example.com"})  # refused: CSRF
        with client.session_transaction() as session:
            session["probe"] = True
        cookie = client.get_cookie("session")
        assert cookie is not None and cookie.same_site == "Lax" and cookie.http_only
        assert cookie.secure is secure


def test_metrics_count_requests_by_route_template(client: FlaskClient) -> None:
    def count() -> float:
        text = client.get("/metrics").get_data(as_text=True)
        wanted = 'users_http_requests_total{method="GET",route="/users/<int:user_id>",status="404"}'
        lines = [line for line in text.splitlines() if line.startswith(wanted)]
        return float(lines[0].split()[-1]) if lines else 0.0

    before = count()
    for user_id in (998, 999, 1000):
        client.get(f"/users/{user_id}")
    assert count() == before + 3


def test_metrics_show_the_database_connections_in_use(app: APIFlask, client: FlaskClient) -> None:
    def in_use() -> float:
        text = client.get("/metrics").get_data(as_text=True)
        [line] = [line for line in text.splitlines()
                  if line.startswith("users_db_pool_connections_in_use ")]  # fmt: skip
        return float(line.split()[-1])

    idle = in_use()
    with app.app_context(), queries.connect():
        assert in_use() == idle + 1
    assert in_use() == idle


def test_metrics_count_made_up_methods_as_other(client: FlaskClient) -> None:
    for method in ("BREW", "WHEN", "BREW"):
        client.open("/users", method=method)
    text = client.get("/metrics").get_data(as_text=True)
    counted = [line for line in text.splitlines() if line.startswith("users_http_requests_total")]
    assert not [line for line in counted if "BREW" in line or "WHEN" in line]
    [other] = [line for line in counted if 'method="other"' in line]
    assert float(other.split()[-1]) >= 3


def monitored_metrics() -> set[str]:
    dashboard = json.loads((MONITORING / "grafana-dashboard.json").read_text())
    expressions = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    expressions += [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    return {name for expr in expressions for name in re.findall(r"\busers_[a-z_]+\b", expr)}


def test_the_dashboard_and_alerts_use_metrics_the_service_exports(client: FlaskClient) -> None:
    # A labelled series exists once counted: a request, and a login (whatever the tests before).
    client.get("/ping")
    client.post("/auth/login", json={"email": "nobody@example.com", "password": "wrong password!"})
    exported = set(
        re.findall(r"^(users_[a-z_]+)", client.get("/metrics").get_data(as_text=True), re.M)
    )
    used = monitored_metrics()
    assert used and used <= exported, used - exported


# Idempotency-Key


def test_a_retry_with_the_key_gets_the_first_answer(app: APIFlask, client: FlaskClient) -> None:
    body = {"username": "m", "email": "m@example.com"}
    first = client.post("/users", json=body, headers={"Idempotency-Key": "k-1"})
    again = client.post("/users", json=body, headers={"Idempotency-Key": "k-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(stored_users(app)) == 1  # done once
    without = client.post("/users", json=body)
    assert without.status_code == 400  # no key: the usual answer, the address is taken


def test_the_same_key_with_another_body_is_422(client: FlaskClient) -> None:
    headers = {"Idempotency-Key": "k-2"}
    client.post("/users", json={"username": "m", "email": "m@example.com"}, headers=headers)
    other = client.post("/users", json={"username": "n", "email": "n@example.com"}, headers=headers)
    assert other.status_code == 422
    assert other.get_json()["message"] == "This Idempotency-Key was used with a different request."


def test_a_key_still_being_answered_is_409(app: APIFlask, client: FlaskClient) -> None:
    body = {"username": "m", "email": "m@example.com"}
    raw = json.dumps(body).encode()
    record = hashlib.sha256(b"POST /users\nk-3").hexdigest()
    with app.app_context():
        assert accounts.claim_answer(record, hashlib.sha256(raw).hexdigest()) is None
    answer = client.post(
        "/users", data=raw, content_type="application/json", headers={"Idempotency-Key": "k-3"}
    )
    assert answer.status_code == 409
    assert stored_users(app) == []


def test_an_unfinished_first_request_holds_its_key_only_for_the_lease(
    app: APIFlask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request whose server crashed mid-answer never releases its claim: retries are 409
    until the lease ends, not for the answer's 24 hours."""
    monkeypatch.setattr(accounts, "IDEMPOTENCY_CLAIM_LEASE", timedelta(seconds=1))
    raw = json.dumps({"username": "m", "email": "m@example.com"}).encode()
    record = hashlib.sha256(b"POST /users\nk-5").hexdigest()
    with app.app_context():
        assert accounts.claim_answer(record, hashlib.sha256(raw).hexdigest()) is None

    def retry() -> TestResponse:
        headers = {"Idempotency-Key": "k-5"}
        return client.post("/users", data=raw, content_type="application/json", headers=headers)

    assert retry().status_code == 409
    time.sleep(2.1)  # past the lease, whole seconds as MariaDB keeps them
    done, replayed = retry(), retry()
    assert (done.status_code, replayed.status_code) == (201, 201)
    assert replayed.headers["Idempotent-Replayed"] == "true"


def test_an_answer_sealed_under_a_rotated_secret_is_answered_afresh(
    make_app: AppFactory,
) -> None:
    body = {"username": "m", "email": "m@example.com"}
    headers = {"Idempotency-Key": "k-6"}
    first = make_app().test_client().post("/users", json=body, headers=headers)
    rotated = make_app()  # each test app has a SECRET_KEY of its own
    again = rotated.test_client().post("/users", json=body, headers=headers)
    assert first.status_code == 201
    assert (again.status_code, again.get_json()["message"]) == (400, messages.EMAIL_EXISTS)
    assert "Idempotent-Replayed" not in again.headers
    assert len(stored_users(rotated)) == 1


def test_a_failed_first_request_leaves_no_answer(app: APIFlask, client: FlaskClient) -> None:
    headers = {"Idempotency-Key": "k-4"}
    client.post("/users", json={"username": "x", "email": "taken@example.com"})
    refused = client.post(
        "/users", json={"username": "m", "email": "taken@example.com"}, headers=headers
    )
    assert refused.status_code == 400
    with app.app_context(), queries.connect() as connection:
        assert connection.execute(idempotency_keys.select()).first() is None


@pytest.mark.parametrize("key", ["", "x" * 256, "é", "two words"])
def test_a_malformed_key_is_400(client: FlaskClient, key: str) -> None:
    answer = client.post(
        "/users", json={"username": "m", "email": "m@example.com"}, headers={"Idempotency-Key": key}
    )
    assert answer.status_code == 400
    assert answer.get_json()["message"].startswith("Idempotency-Key must be")


def test_a_registration_replay_keeps_its_tokens_encrypted(
    app: APIFlask, client: FlaskClient
) -> None:
    body = {"username": "m", "email": "m@example.com", "password": PASSWORD}
    first = client.post("/auth/register", json=body, headers={"Idempotency-Key": "reg-1"})
    again = client.post("/auth/register", json=body, headers={"Idempotency-Key": "reg-1"})
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    with app.app_context(), queries.connect() as connection:
        [row] = connection.execute(idempotency_keys.select()).all()
    token = first.get_json()["refresh_token"].encode()
    assert token not in row.response and PASSWORD.encode() not in row.response
