"""Every row of the Authentication contract, on each database."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import sqlalchemy as sa
from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.helpers import (
    PASSWORD,
    AppFactory,
    bearer,
    execute,
    log_in,
    register,
    stored_password_hash,
    stored_user_by_email,
    stored_users,
    tokens_of,
)
from users.tables import users

PROVIDE = {"status": "fail", "message": "Provide a valid auth token."}
BAD_LOGIN = {"status": "fail", "message": "Invalid email or password."}


def assert_refused(response: Any, message: str = PROVIDE["message"]) -> None:
    assert response.status_code == 401
    assert response.get_json() == {"status": "fail", "message": message}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_register(client: FlaskClient, app: APIFlask) -> None:
    response = register(client)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "success"
    assert body["message"] == "Successfully registered."
    assert body["auth_token"] and body["refresh_token"]
    user = stored_user_by_email(app, "michael@mherman.org")
    assert user["active"] is True and user["admin"] is False
    password_hash = stored_password_hash(app, "michael@mherman.org")
    assert password_hash is not None and password_hash.startswith("$argon2id$")
    assert PASSWORD not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "payload",
    [
        {"username": "m", "email": "m@example.com"},
        {"username": "m", "email": "m@example.com", "password": "short12"},
        {"username": "m", "email": "m@example.com", "password": "x" * 129},
        {"username": "m", "email": "m@example.com", "password": 12345678},
        {"username": "m", "email": "m@example.com", "password": None},
        {"username": "m", "email": "m@example.com", "password": "nul\x00in a password"},
        {"username": "m", "email": "not an email", "password": PASSWORD},
        {"username": "", "email": "m@example.com", "password": PASSWORD},
        {"email": "m@example.com", "password": PASSWORD},
    ],
    ids=lambda payload: repr(payload)[:50],
)
def test_register_invalid_payload(client: FlaskClient, app: APIFlask, payload: Any) -> None:
    response = client.post("/auth/register", json=payload)
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Invalid payload."}
    assert stored_users(app) == []


@pytest.mark.parametrize(
    "password", ["password", "12345678", "qwertyuiop", "Baseball1", "iloveyou"]
)
def test_register_common_password(client: FlaskClient, password: str) -> None:
    response = register(client, password=password)
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Password is too common."}


def test_register_taken_email(client: FlaskClient) -> None:
    assert register(client).status_code == 201
    response = register(client, email="MICHAEL@mherman.org")
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Sorry. That user already exists."}


def test_long_passwords_are_never_truncated(client: FlaskClient) -> None:
    password = "p" * 127 + "!"
    tokens_of(register(client, password=password))
    assert log_in(client, "michael@mherman.org", "p" * 128).status_code == 401
    assert log_in(client, "michael@mherman.org", "p" * 72).status_code == 401
    assert log_in(client, "michael@mherman.org", password).status_code == 200


def test_login(client: FlaskClient) -> None:
    register(client)
    response = log_in(client, "Michael@MHerman.org")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "success"
    assert body["message"] == "Successfully logged in."
    assert body["auth_token"] and body["refresh_token"]


def without_request_id(response: Any) -> list[tuple[str, str]]:
    return [(k, v) for k, v in response.headers.items() if k.lower() != "x-request-id"]


def test_login_unknown_email_and_wrong_password_look_the_same(client: FlaskClient) -> None:
    register(client)
    unknown = log_in(client, "nobody@example.com")
    wrong = log_in(client, "michael@mherman.org", "wrong password!")
    for response in (unknown, wrong):
        assert response.status_code == 401
        assert response.get_json() == BAD_LOGIN
    assert unknown.get_data() == wrong.get_data()
    # Every header the same, but the request's own id (new for every request).
    assert sorted(without_request_id(unknown)) == sorted(without_request_id(wrong))
    assert not any(name.lower().startswith("x-ratelimit") for name, _ in wrong.headers)


def test_user_without_password_cannot_log_in(client: FlaskClient) -> None:
    client.post("/users", json={"username": "m", "email": "m@example.com"})
    assert log_in(client, "m@example.com", "").status_code == 400
    assert log_in(client, "m@example.com").get_json() == BAD_LOGIN


def test_inactive_account_is_told_only_after_a_correct_password(
    client: FlaskClient, app: APIFlask
) -> None:
    register(client)
    execute(app, sa.update(users).values(active=False))
    assert log_in(client, "michael@mherman.org", "wrong password!").get_json() == BAD_LOGIN
    response = log_in(client, "michael@mherman.org")
    assert response.status_code == 403
    assert response.get_json() == {"status": "fail", "message": "Account is inactive."}


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"email": "m@example.com"},
        {"password": PASSWORD},
        {"email": 1, "password": PASSWORD},
        {"email": "m@example.com", "password": ["x"]},
        {"email": "m@example.com", "password": ""},
        {"email": "m\x00@example.com", "password": PASSWORD},  # PostgreSQL cannot hold NUL
    ],
    ids=repr,
)
def test_login_invalid_payload(client: FlaskClient, payload: Any) -> None:
    response = client.post("/auth/login", json=payload)
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Invalid payload."}


def test_status(client: FlaskClient) -> None:
    access, _ = tokens_of(register(client))
    response = client.get("/auth/status", headers=bearer(access))
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "success"
    data = body["data"]
    assert set(data) == {"id", "username", "email", "active", "admin", "created_at"}
    assert (data["username"], data["email"], data["active"], data["admin"]) == (
        "michael",
        "michael@mherman.org",
        True,
        False,
    )


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Basic bWljaGFlbDpwYXNzd29yZA==", "Token abc", "bearer"],
)
def test_status_without_a_usable_header(client: FlaskClient, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    assert_refused(client.get("/auth/status", headers=headers))


@pytest.mark.parametrize("path", ["/auth/logout", "/auth/status"])
def test_garbage_token_is_invalid(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers=bearer("not.a.token"))
    assert_refused(response, "Invalid token. Please log in again.")


def test_refresh_rotates_and_spends_the_refresh_token(client: FlaskClient) -> None:
    _, refresh = tokens_of(register(client))
    response = client.post("/auth/refresh", headers=bearer(refresh))
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"status", "auth_token", "refresh_token"}
    assert body["status"] == "success"
    assert client.get("/auth/status", headers=bearer(body["auth_token"])).status_code == 200
    # The spent token is refused, and replaying it ends the whole session it belonged to.
    assert_refused(client.post("/auth/refresh", headers=bearer(refresh)))
    assert_refused(client.get("/auth/status", headers=bearer(body["auth_token"])))
    assert_refused(client.post("/auth/refresh", headers=bearer(body["refresh_token"])))


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_logout_ends_the_session(client: FlaskClient, method: str) -> None:
    access, refresh = tokens_of(register(client))
    other_access, _ = tokens_of(log_in(client, "michael@mherman.org"))
    response = client.open("/auth/logout", method=method, headers=bearer(access))
    assert response.status_code == 200
    assert response.get_json() == {"status": "success", "message": "Successfully logged out."}
    assert_refused(client.get("/auth/status", headers=bearer(access)))
    assert_refused(client.get("/auth/logout", headers=bearer(access)))
    assert_refused(client.post("/auth/refresh", headers=bearer(refresh)))
    # Another login of the same user is another session: still valid.
    assert client.get("/auth/status", headers=bearer(other_access)).status_code == 200


def test_logout_without_token(client: FlaskClient) -> None:
    assert_refused(client.get("/auth/logout"))


def test_rehash_on_login_when_parameters_change(make_app: AppFactory) -> None:
    cheap = make_app()
    register(cheap.test_client())
    old_hash = stored_password_hash(cheap, "michael@mherman.org")
    assert old_hash is not None and "m=256,t=1,p=1" in old_hash
    stronger = make_app(argon2_time_cost=2, argon2_memory_cost=1024)
    assert log_in(stronger.test_client(), "michael@mherman.org").status_code == 200
    new_hash = stored_password_hash(stronger, "michael@mherman.org")
    assert new_hash is not None and "m=1024,t=2,p=1" in new_hash
    assert log_in(cheap.test_client(), "michael@mherman.org").status_code == 200


def test_auth_events_are_logged_without_secrets(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="users"):
        access, refresh = tokens_of(register(client))
        log_in(client, "michael@mherman.org", "wrong password!")
        log_in(client, "michael@mherman.org")
        client.get("/auth/logout", headers=bearer(access))
    events = " ".join(r.getMessage() for r in caplog.records if r.name == "users.auth")
    for event in ("register user=", "login.failure", "login.success", "logout user="):
        assert event in events
    for secret in (PASSWORD, "wrong password!", access, refresh):
        assert secret not in caplog.text
