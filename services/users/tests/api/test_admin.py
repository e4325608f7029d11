"""Admin-only user management, and what non-admins cannot do."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.helpers import (
    PASSWORD,
    AppFactory,
    admin_token,
    bearer,
    log_in,
    register,
    stored_password_hash,
    stored_user,
    stored_users,
    tokens_of,
)

FORBIDDEN = {"status": "fail", "message": "You do not have permission to do that."}


def new_user(client: FlaskClient, email: str = "m@example.com") -> int:
    user_id: int = client.post("/users", json={"username": "m", "email": email}).get_json()["data"][
        "id"
    ]
    return user_id


def row(app: APIFlask, user_id: int) -> SimpleNamespace | None:
    """The stored user, its columns (the password hash too) as attributes."""
    user = stored_user(app, user_id)
    if user is None:
        return None
    return SimpleNamespace(**user, password_hash=stored_password_hash(app, user["email"]))


def test_admin_changes_every_listed_field(app: APIFlask, client: FlaskClient) -> None:
    admin = admin_token(app, client)
    user_id = new_user(client)
    changes = {
        "username": "renamed",
        "email": "New@Example.com",
        "active": True,
        "admin": True,
        "password": "a fresh passphrase",
    }
    response = client.patch(f"/users/{user_id}", json=changes, headers=bearer(admin))
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert (data["username"], data["email"], data["active"]) == ("renamed", "New@Example.com", True)
    assert "password" not in response.get_data(as_text=True)
    stored = row(app, user_id)
    assert stored is not None and stored.admin is True
    assert log_in(client, "new@example.com", "a fresh passphrase").status_code == 200


def test_only_the_given_fields_change(app: APIFlask, client: FlaskClient) -> None:
    admin = admin_token(app, client)
    user_id = new_user(client)
    client.patch(f"/users/{user_id}", json={"active": True}, headers=bearer(admin))
    stored = row(app, user_id)
    assert stored is not None
    assert (stored.username, stored.email, stored.active, stored.admin) == (
        "m",
        "m@example.com",
        True,
        False,
    )


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"id": 99},
        {"token_version": 0},  # no such column any more: refused like any unknown key
        {"created_at": "2020-01-01T00:00:00Z"},
        {"password_hash": "x"},
        {"username": None},
        {"active": "yes"},
        {"admin": 1},
        {"email": "nope"},
        {"password": "short"},
        {"username": ""},
        ["active"],
    ],
    ids=repr,
)
def test_patch_refuses_anything_else(app: APIFlask, client: FlaskClient, payload: Any) -> None:
    admin = admin_token(app, client)
    user_id = new_user(client)
    response = client.patch(f"/users/{user_id}", json=payload, headers=bearer(admin))
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Invalid payload."}
    stored = row(app, user_id)
    assert stored is not None and stored.id == user_id and stored.password_hash is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "ADMIN@example.com"}, "Sorry. That email already exists."),
        ({"password": "password1"}, "Password is too common."),
    ],
)
def test_patch_refused_with_its_reason(
    app: APIFlask, client: FlaskClient, change: dict[str, str], message: str
) -> None:
    admin = admin_token(app, client)
    user_id = new_user(client)
    response = client.patch(f"/users/{user_id}", json=change, headers=bearer(admin))
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": message}
    stored = row(app, user_id)
    assert stored is not None and stored.email == "m@example.com" and stored.password_hash is None


@pytest.mark.parametrize(("raw", "status"), [("999", 404), ("-1", 404), ("abc", 400)])
def test_patch_and_delete_missing_user(
    app: APIFlask, client: FlaskClient, raw: str, status: int
) -> None:
    admin = admin_token(app, client)
    for response in (
        client.patch(f"/users/{raw}", json={"active": True}, headers=bearer(admin)),
        client.delete(f"/users/{raw}", headers=bearer(admin)),
    ):
        assert response.status_code == status
        message = "User does not exist" if status == 404 else "Param id error"
        assert response.get_json() == {"status": "fail", "message": message}


def test_delete_user(app: APIFlask, client: FlaskClient) -> None:
    admin = admin_token(app, client)
    user_id = new_user(client, "Gone@Example.com")
    response = client.delete(f"/users/{user_id}", headers=bearer(admin))
    assert response.status_code == 200
    assert response.get_json() == {"status": "success", "message": "Gone@Example.com was removed!"}
    assert row(app, user_id) is None
    assert client.get(f"/users/{user_id}").status_code == 404


def test_non_admin_can_neither_change_others_nor_promote_itself(
    app: APIFlask, client: FlaskClient
) -> None:
    access, _ = tokens_of(register(client))
    me = client.get("/auth/status", headers=bearer(access)).get_json()["data"]["id"]
    other = new_user(client)
    attempts = [
        client.patch(f"/users/{other}", json={"username": "pwned"}, headers=bearer(access)),
        client.patch(f"/users/{me}", json={"admin": True}, headers=bearer(access)),
        client.delete(f"/users/{other}", headers=bearer(access)),
        client.delete(f"/users/{me}", headers=bearer(access)),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert response.get_json() == FORBIDDEN
    mine, theirs = row(app, me), row(app, other)
    assert mine is not None and mine.admin is False
    assert theirs is not None and theirs.username == "m"


def test_admin_routes_need_a_token(client: FlaskClient) -> None:
    other = new_user(client)
    for response in (
        client.patch(f"/users/{other}", json={"active": True}),
        client.delete(f"/users/{other}"),
    ):
        assert response.status_code == 401
        assert response.get_json()["message"] == "Provide a valid auth token."


def test_demoted_admin_loses_admin_rights_at_once(app: APIFlask, client: FlaskClient) -> None:
    admin = admin_token(app, client)
    me = client.get("/auth/status", headers=bearer(admin)).get_json()["data"]["id"]
    other = new_user(client)
    assert (
        client.patch(f"/users/{me}", json={"admin": False}, headers=bearer(admin)).status_code
        == 200
    )
    response = client.delete(f"/users/{other}", headers=bearer(admin))
    assert response.status_code == 403


class TestCreateRequiresAdmin:
    @pytest.fixture
    def locked(self, make_app: AppFactory) -> APIFlask:
        return make_app(users_create_requires_admin=True)

    def test_without_token_or_as_non_admin(self, locked: APIFlask) -> None:
        client = locked.test_client()
        payload = {"username": "m", "email": "m@example.com"}
        assert client.post("/users", json=payload).status_code == 401
        access, _ = tokens_of(register(client))
        response = client.post("/users", json=payload, headers=bearer(access))
        assert response.status_code == 403 and response.get_json() == FORBIDDEN
        assert len(stored_users(locked)) == 1

    def test_admin_creates_with_a_password(self, locked: APIFlask) -> None:
        client = locked.test_client()
        admin = admin_token(locked, client)
        response = client.post(
            "/users",
            json={"username": "m", "email": "m@example.com", "password": PASSWORD},
            headers=bearer(admin),
        )
        assert response.status_code == 201
        assert response.get_json()["data"]["active"] is False
        # The password was stored: the right one gets "inactive", a wrong one the usual 401.
        assert log_in(client, "m@example.com").status_code == 403
        assert log_in(client, "m@example.com", "not the password").status_code == 401

    def test_page_form_is_closed(self, locked: APIFlask) -> None:
        client = locked.test_client()
        html = client.get("/").get_data(as_text=True)
        assert 'name="username"' not in html
        response = client.post("/", data={"username": "m", "email": "m@example.com"})
        assert response.status_code == 403


def test_open_create_ignores_a_password(client: FlaskClient) -> None:
    payload = {"username": "m", "email": "m@example.com", "password": PASSWORD}
    assert client.post("/users", json=payload).status_code == 201
    assert log_in(client, "m@example.com").status_code == 401
