"""Account self-service: every row of the contract's section, on each database."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from apiflask import APIFlask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.helpers import (
    PASSWORD,
    bearer,
    execute,
    log_in,
    register,
    stored_user,
    stored_user_by_email,
    tokens_of,
)
from users import accounts
from users.exceptions import UserNotFound
from users.schemas import ProfileUpdate
from users.tables import users

NEW_PASSWORD = "a new and better passphrase"
BAD_LOGIN = {"status": "fail", "message": "Invalid email or password."}
INVALID = {"status": "fail", "message": "Invalid payload."}
PROVIDE = {"status": "fail", "message": "Provide a valid auth token."}


@pytest.fixture
def tokens(client: FlaskClient) -> tuple[str, str]:
    """michael@mherman.org, registered and logged in."""
    return tokens_of(register(client))


def refused(response: TestResponse) -> bool:
    return bool(response.status_code == 401 and response.get_json() == PROVIDE)


# PATCH /auth/profile


def test_profile_username(client: FlaskClient, tokens: tuple[str, str]) -> None:
    response = client.patch(
        "/auth/profile", json={"username": "  mike  "}, headers=bearer(tokens[0])
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "success"
    assert body["data"]["username"] == "mike"
    assert body["data"]["admin"] is False
    assert set(body["data"]) == {"id", "username", "email", "active", "admin", "created_at"}
    assert client.get("/auth/status", headers=bearer(tokens[0])).get_json()["data"] == body["data"]


def test_profile_email_needs_the_current_password(
    app: APIFlask, client: FlaskClient, tokens: tuple[str, str]
) -> None:
    headers = bearer(tokens[0])
    missing = client.patch("/auth/profile", json={"email": "new@example.com"}, headers=headers)
    assert (missing.status_code, missing.get_json()) == (400, INVALID)
    wrong = client.patch(
        "/auth/profile",
        json={"email": "new@example.com", "current_password": "not my password"},
        headers=headers,
    )
    assert (wrong.status_code, wrong.get_json()) == (401, BAD_LOGIN)
    assert "WWW-Authenticate" not in wrong.headers  # not a token problem: no refresh
    right = client.patch(
        "/auth/profile",
        json={"email": "New@Example.com", "current_password": PASSWORD},
        headers=headers,
    )
    assert right.status_code == 200
    assert right.get_json()["data"]["email"] == "New@Example.com"
    assert log_in(client, "new@example.com").status_code == 200
    assert log_in(client, "michael@mherman.org").status_code == 401


def test_profile_email_taken(client: FlaskClient, tokens: tuple[str, str]) -> None:
    register(client, email="other@example.com")
    response = client.patch(
        "/auth/profile",
        json={"email": "OTHER@example.com", "current_password": PASSWORD},
        headers=bearer(tokens[0]),
    )
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Sorry. That email already exists."}


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"current_password": PASSWORD},
        {"username": None},
        {"username": ""},
        {"username": "x" * 129},
        {"email": "not an email", "current_password": PASSWORD},
        {"username": "m", "admin": True},
        {"username": "m", "active": False},
        ["username"],
    ],
)
def test_profile_invalid_payload(
    app: APIFlask, client: FlaskClient, tokens: tuple[str, str], payload: Any
) -> None:
    response = client.patch("/auth/profile", json=payload, headers=bearer(tokens[0]))
    assert (response.status_code, response.get_json()) == (400, INVALID)
    user = stored_user_by_email(app, "michael@mherman.org")
    assert (user["username"], user["admin"], user["active"]) == ("michael", False, True)


@pytest.mark.parametrize(
    ("method", "path"),
    [("PATCH", "/auth/profile"), ("POST", "/auth/password"), ("DELETE", "/auth/account")],
)
def test_self_service_needs_an_access_token(
    client: FlaskClient, tokens: tuple[str, str], method: str, path: str
) -> None:
    no_token = client.open(path, method=method, json={"password": PASSWORD})
    assert refused(no_token) and no_token.headers["WWW-Authenticate"] == "Bearer"
    refresh_token = client.open(path, method=method, json={}, headers=bearer(tokens[1]))
    assert refresh_token.status_code == 401


# POST /auth/password


def test_password_change_ends_every_other_session(
    client: FlaskClient, tokens: tuple[str, str]
) -> None:
    other_access, other_refresh = tokens_of(log_in(client, "michael@mherman.org"))
    response = client.post(
        "/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(tokens[0]),
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["message"]) == ("success", "Password changed.")
    new_access, new_refresh = tokens_of(response)
    # The answer's tokens work; every token from before is dead, this request's own too.
    assert client.get("/auth/status", headers=bearer(new_access)).status_code == 200
    for access in (tokens[0], other_access):
        assert refused(client.get("/auth/status", headers=bearer(access)))
    for refresh in (tokens[1], other_refresh):
        assert refused(client.post("/auth/refresh", headers=bearer(refresh)))
    assert client.post("/auth/refresh", headers=bearer(new_refresh)).status_code == 200
    assert log_in(client, "michael@mherman.org").status_code == 401
    assert log_in(client, "michael@mherman.org", NEW_PASSWORD).status_code == 200


def test_password_change_wrong_current_password(
    client: FlaskClient, tokens: tuple[str, str]
) -> None:
    response = client.post(
        "/auth/password",
        json={"current_password": "wrong guess!", "new_password": NEW_PASSWORD},
        headers=bearer(tokens[0]),
    )
    assert (response.status_code, response.get_json()) == (401, BAD_LOGIN)
    assert client.get("/auth/status", headers=bearer(tokens[0])).status_code == 200
    assert log_in(client, "michael@mherman.org").status_code == 200


def test_password_change_common_password(client: FlaskClient, tokens: tuple[str, str]) -> None:
    response = client.post(
        "/auth/password",
        json={"current_password": PASSWORD, "new_password": "Password123"},
        headers=bearer(tokens[0]),
    )
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Password is too common."}
    assert client.get("/auth/status", headers=bearer(tokens[0])).status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"current_password": PASSWORD},
        {"new_password": NEW_PASSWORD},
        {"current_password": PASSWORD, "new_password": "short"},
        {"current_password": PASSWORD, "new_password": "x" * 129},
        {"current_password": "", "new_password": NEW_PASSWORD},
        {"current_password": PASSWORD, "new_password": 12345678},
        None,
    ],
)
def test_password_change_invalid_payload(
    client: FlaskClient, tokens: tuple[str, str], payload: Any
) -> None:
    response = client.post("/auth/password", json=payload, headers=bearer(tokens[0]))
    assert (response.status_code, response.get_json()) == (400, INVALID)


# DELETE /auth/account


def test_delete_account(app: APIFlask, client: FlaskClient, tokens: tuple[str, str]) -> None:
    user_id = stored_user_by_email(app, "michael@mherman.org")["id"]
    other_access, _ = tokens_of(log_in(client, "michael@mherman.org"))
    response = client.delete(
        "/auth/account", json={"password": PASSWORD}, headers=bearer(tokens[0])
    )
    assert response.status_code == 200
    assert response.get_json() == {"status": "success", "message": "Account deleted."}
    assert stored_user(app, user_id) is None
    for access in (tokens[0], other_access):
        assert refused(client.get("/auth/status", headers=bearer(access)))
    assert refused(client.post("/auth/refresh", headers=bearer(tokens[1])))


def test_delete_account_wrong_password(
    app: APIFlask, client: FlaskClient, tokens: tuple[str, str]
) -> None:
    response = client.delete(
        "/auth/account", json={"password": "wrong guess!"}, headers=bearer(tokens[0])
    )
    assert (response.status_code, response.get_json()) == (401, BAD_LOGIN)
    assert stored_user_by_email(app, "michael@mherman.org")["active"]


@pytest.mark.parametrize("body", [None, b"", b"{", b"[]", b'{"password": ""}', b'{"pw": "x"}'])
def test_delete_account_invalid_payload(
    app: APIFlask, client: FlaskClient, tokens: tuple[str, str], body: bytes | None
) -> None:
    response = client.delete(
        "/auth/account",
        data=body,
        headers={**bearer(tokens[0]), "Content-Type": "application/json"},
    )
    assert (response.status_code, response.get_json()) == (400, INVALID)
    stored_user_by_email(app, "michael@mherman.org")


def test_delete_account_body_that_is_not_json(client: FlaskClient, tokens: tuple[str, str]) -> None:
    response = client.delete(
        "/auth/account",
        data="password=x",
        headers={**bearer(tokens[0]), "Content-Type": "text/plain"},
    )
    assert (response.status_code, response.get_json()) == (400, INVALID)


@pytest.mark.parametrize(
    "check",
    [
        lambda user_id: accounts.change_password(user_id, PASSWORD, NEW_PASSWORD),
        lambda user_id: accounts.delete_account(user_id, PASSWORD),
        lambda user_id: accounts.update_profile(
            user_id, ProfileUpdate(email="new@example.com", current_password=PASSWORD)
        ),
    ],
    ids=["password", "delete", "profile"],
)
@pytest.mark.usefixtures("tokens")  # michael, registered
def test_a_user_deleted_after_its_token_was_checked_is_not_found(app: APIFlask, check: Any) -> None:
    """The views map `UserNotFound` to the token's 401, as if it had been deleted before."""
    user_id = stored_user_by_email(app, "michael@mherman.org")["id"]
    execute(app, sa.delete(users).where(users.c.id == user_id))
    with app.test_request_context(), pytest.raises(UserNotFound):
        check(user_id)
